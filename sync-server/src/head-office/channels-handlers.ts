/**
 * @module
 * The sales-channel procedures of the head-office contract (issue 18): each adapts a call to the
 * channels service. Without a channel runtime (the server started with `channels: false`) the
 * pages still read, and connecting is refused for want of a key.
 */
import type { channelsContract } from '@cassa/shared';
import { createChannelRuntime } from '../channels/channel-runtime';
import type { ChannelRuntime } from '../channels/channel-runtime';
import { createCredentialsVault } from '../channels/credentials-vault';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createChannelsService } from './services/channels';

/** What the server's channel worker lends head office: the runtime, and a way to wake the worker. */
export interface HeadOfficeChannels {
  readonly runtime: ChannelRuntime;
  readonly wake: () => void;
}

export function channelsHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date; readonly channels?: HeadOfficeChannels }): HeadOfficeHandlers<typeof channelsContract> {
  const runtime = deps.channels?.runtime ?? createChannelRuntime({ storage: deps.storage, vault: createCredentialsVault(undefined), now: deps.now });
  const channels = createChannelsService({ storage: deps.storage, runtime, now: deps.now, ...(deps.channels ? { wake: deps.channels.wake } : {}) });
  return {
    'channels.list': (_input, call) => channels.list(userOf(call)),
    'channels.test': (input, call) => channels.test(userOf(call), input),
    'channels.connect': (input, call) => channels.connect(userOf(call), input),
    'channels.update': (input, call) => channels.update(userOf(call), input),
    'channels.disconnect': ({ accountId }, call) => channels.disconnect(userOf(call), accountId),
    'channels.link': ({ accountId }, call) => channels.link(userOf(call), accountId),
    'channels.mapping': (query, call) => channels.mapping(userOf(call), query),
    'channels.setMapping': (input, call) => channels.setMapping(userOf(call), input),
    'channels.publish': ({ accountId, productIds }, call) => channels.publish(userOf(call), accountId, productIds),
    'channels.reconcile': ({ accountId }, call) => channels.reconcile(userOf(call), accountId),
    'channels.deadLetters': ({ accountId, state }, call) => channels.deadLetters(userOf(call), accountId, state),
    'channels.retryDeadLetter': ({ accountId, deadLetterId }, call) => channels.retryDeadLetter(userOf(call), accountId, deadLetterId),
    'channels.ignoreDeadLetter': ({ accountId, deadLetterId }, call) => channels.ignoreDeadLetter(userOf(call), accountId, deadLetterId),
  };
}
