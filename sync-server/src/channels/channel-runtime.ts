/**
 * @module
 * What the channel worker and the head-office service share (issue 18): the credentials vault,
 * the network and clock connectors use, and one set of token buckets per account, so a link the
 * owner starts and the worker's stock pushes draw on the same rate allowance.
 */
import type { ChannelCredentials } from '@cassa/shared';
import type { ChannelAccountRow } from '../storage/channels';
import type { SyncStorage } from '../storage/storage';
import { ChannelCallError } from './connector';
import type { ChannelConnector, ConnectorContext } from './connector';
import { createConnector } from './connectors';
import type { CredentialsVault } from './credentials-vault';
import { guardOutboundFetch } from './outbound-guard';
import type { OutboundPolicy } from './outbound-guard';
import { redactingConnector } from './secret-redaction';
import { AccountBuckets, realBucketClock } from './token-bucket';
import type { BucketClock } from './token-bucket';

/** A request to a channel that takes longer than this is abandoned (and retried later). */
export const CHANNEL_REQUEST_TIMEOUT_MS = 20_000;
/** The longest a request waits for its rate-limit token; beyond it the job is rescheduled. */
export const MAX_TAKE_WAIT_MS = 5_000;

export type ConnectorMaker = (credentials: ChannelCredentials, context: ConnectorContext) => ChannelConnector;

export interface ChannelRuntimeOptions {
  readonly storage: SyncStorage;
  readonly vault: CredentialsVault;
  readonly now: () => Date;
  /** The network connectors use, always behind the outbound guard (tests may give their own to watch what is sent). */
  readonly fetch?: typeof fetch;
  /**
   * The outbound guard's policy: `allowPrivate` (`CASSA_CHANNEL_ALLOW_PRIVATE=1`) lets a shop on
   * head office's own network, the emulators and tests on 127.0.0.1 through. Default: refused.
   */
  readonly outbound?: OutboundPolicy;
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
  // Every request a connector makes goes through the guard: a shop's address is typed by an owner (SSRF).
  const fetchImpl = guardOutboundFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options.outbound ?? { allowPrivate: false });

  function context(bucketsOf: AccountBuckets): ConnectorContext {
    return {
      fetch: fetchImpl,
      now: options.now,
      take: async (operation) => {
        // A bucket that would hold this request for long (Amazon's order search refills one call
        // every three minutes) gives the job back instead: the worker reschedules it for then, so
        // one account never stalls the round, the other accounts, or a stopping server.
        const bucket = bucketsOf.bucket(operation);
        const wait = bucket.waitMs();
        if (wait > MAX_TAKE_WAIT_MS) throw new ChannelCallError('retry', 'rate-limited', `Cassa waits ${Math.ceil(wait / 1000)} s for the channel's ${operation} rate limit`, { retryAfterMs: wait });
        await bucket.take();
      },
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
      const opened = credentials(account);
      // A remote that echoes the request must not put the secrets into details owners and managers read.
      return redactingConnector(make(opened, context(own)), opened);
    },
    connectorForCredentials(given) {
      return redactingConnector(make(given, context(new AccountBuckets(given.kind, clock))), given);
    },
  };
}
