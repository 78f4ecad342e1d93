/**
 * @module
 * The webhook procedures of the head-office contract (issue 19): each adapts a call to the
 * webhooks service. The server lends its worker's sender and wake-up; without them (a head office
 * started without the worker) a sender with the default address rule is made here.
 */
import { createCredentialsVault } from '../channels/credentials-vault';
import { webhookSecretBox } from '../webhooks/webhook-secret-box';
import type { WebhookSecretBox } from '../webhooks/webhook-secret-box';
import type { webhooksContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import { createWebhookSender } from '../webhooks/webhook-sender';
import type { WebhookSender } from '../webhooks/webhook-sender';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createWebhooksService } from './services/webhooks';

/** What the server's webhook worker lends head office. */
export interface HeadOfficeWebhooks {
  readonly sender: WebhookSender;
  readonly allowPrivate: boolean;
  readonly wake: () => void;
  readonly box: WebhookSecretBox;
}

export function webhooksHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date; readonly webhooks?: HeadOfficeWebhooks }): HeadOfficeHandlers<typeof webhooksContract> {
  const allowPrivate = deps.webhooks?.allowPrivate ?? false;
  const webhooks = createWebhooksService({
    storage: deps.storage,
    now: deps.now,
    sender: deps.webhooks?.sender ?? createWebhookSender({ allowPrivate }),
    allowPrivate,
    ...(deps.webhooks ? { wake: deps.webhooks.wake } : {}),
    // Without the server's webhooks (tests of head office alone): no keys, secrets as they are.
    box: deps.webhooks?.box ?? webhookSecretBox(createCredentialsVault(undefined)),
  });
  return {
    'webhooks.list': (_input, call) => webhooks.list(userOf(call)),
    'webhooks.create': (input, call) => webhooks.create(userOf(call), input),
    'webhooks.update': (input, call) => webhooks.update(userOf(call), input),
    'webhooks.delete': ({ endpointId }, call) => webhooks.remove(userOf(call), endpointId),
    'webhooks.rotateSecret': ({ endpointId }, call) => webhooks.rotateSecret(userOf(call), endpointId),
    'webhooks.test': ({ endpointId }, call) => webhooks.test(userOf(call), endpointId),
    'webhooks.deliveries': ({ endpointId, offset, limit }, call) => webhooks.deliveries(userOf(call), endpointId, offset, limit),
    'webhooks.redeliver': ({ endpointId, eventId }, call) => webhooks.redeliver(userOf(call), endpointId, eventId),
    'webhooks.reenable': ({ endpointId }, call) => webhooks.reenable(userOf(call), endpointId),
  };
}
