/**
 * @module
 * What the channel worker and the head-office service share (issue 18): the credentials vault,
 * the network and clock connectors use, and one set of token buckets per account, so a link the
 * owner starts and the worker's stock pushes draw on the same rate allowance.
 */
import type { ChannelCredentials } from '@cassa/shared';
import type { ChannelAccountRow } from '../storage/channels';
import type { SyncStorage } from '../storage/storage';
import type { ChannelConnector, ConnectorContext } from './connector';
import { createConnector } from './connectors';
import type { CredentialsVault } from './credentials-vault';
import { AccountBuckets, realBucketClock } from './token-bucket';
import type { BucketClock } from './token-bucket';

/** A request to a channel that takes longer than this is abandoned (and retried later). */
export const CHANNEL_REQUEST_TIMEOUT_MS = 20_000;

export type ConnectorMaker = (credentials: ChannelCredentials, context: ConnectorContext) => ChannelConnector;

export interface ChannelRuntimeOptions {
  readonly storage: SyncStorage;
  readonly vault: CredentialsVault;
  readonly now: () => Date;
  /** The network connectors use (tests point it at emulators on 127.0.0.1). */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Which connector speaks a kind (default: `connectors.ts`; tests give the fake). */
  readonly connectorFor?: ConnectorMaker;
  readonly bucketClock?: BucketClock;
}

export interface ChannelRuntime {
  readonly storage: SyncStorage;
  readonly vault: CredentialsVault;
  readonly now: () => Date;
  /** The account's connector, its credentials opened (CONFLICT `channel-credentials-unreadable` when they cannot be). */
  connector(account: ChannelAccountRow): ChannelConnector;
  /** A connector for credentials not saved yet (a connection test), with buckets of its own. */
  connectorForCredentials(credentials: ChannelCredentials): ChannelConnector;
  credentials(account: ChannelAccountRow): ChannelCredentials;
}

export function createChannelRuntime(options: ChannelRuntimeOptions): ChannelRuntime {
  const make = options.connectorFor ?? createConnector;
  const clock = options.bucketClock ?? realBucketClock;
  const buckets = new Map<string, AccountBuckets>();
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  function context(bucketsOf: AccountBuckets): ConnectorContext {
    return {
      fetch: fetchImpl,
      now: options.now,
      take: (operation) => bucketsOf.bucket(operation).take(),
      observeRate: (operation, perSecond) => bucketsOf.bucket(operation).observe(perSecond),
      timeoutMs: options.timeoutMs ?? CHANNEL_REQUEST_TIMEOUT_MS,
    };
  }

  const credentials = (account: ChannelAccountRow): ChannelCredentials =>
    options.vault.open(account.organisationId, account.id, { sealed: account.credentials, keyId: account.credentialsKeyId });

  return {
    storage: options.storage,
    vault: options.vault,
    now: options.now,
    credentials,
    connector(account) {
      const key = `${account.organisationId}\u0000${account.id}`;
      let own = buckets.get(key);
      if (!own) buckets.set(key, (own = new AccountBuckets(account.kind, clock)));
      return make(credentials(account), context(own));
    },
    connectorForCredentials(given) {
      return make(given, context(new AccountBuckets(given.kind, clock)));
    },
  };
}
