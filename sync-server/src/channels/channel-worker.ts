/**
 * @module
 * The channel worker (issue 18): takes due jobs from the durable queue under a lease and carries
 * them out through each account's connector. It is woken right after a push that moved stock
 * commits (in process, and over the event bus from other processes on one PostgreSQL), and by a
 * timer for due retries, order polls (`CHANNEL_ORDER_POLL_MS`) and the nightly reconciliation.
 *
 * Stock jobs compute the available-to-sell AT SEND TIME (`availableToSell` over the account's
 * stores, less held reservations and its safety buffer), skip a call that would send what the
 * channel already has, and go in batches of the channel's size. What a remote answers decides the
 * job's fate: applied → done; not-found → the mapping is resolved again, then retried; refused →
 * a dead letter, and the queue goes on; a passing failure → backoff (honouring Retry-After) until
 * `CHANNEL_MAX_ATTEMPTS`, then a dead letter; refused credentials → the account stops
 * (`auth-failed`) until the owner replaces them.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelAccountRow, ChannelJob, NewChannelJob } from '../storage/channels';
import { runAccount } from './channel-job-runs';
import type { ChannelOrderImporter, RunnerContext } from './channel-job-runs';
import { nextReconcileAt } from './channel-reconcile';
import type { ChannelRuntime } from './channel-runtime';

export type { ChannelOrderImporter } from './channel-job-runs';

export interface ChannelWorkerOptions {
  readonly runtime: ChannelRuntime;
  /** Names this process in leases (default: random). */
  readonly workerId?: string;
  /** How long a claimed job is ours; a killed process's jobs come back after it. */
  readonly leaseMs?: number;
  /** Jobs claimed per round. */
  readonly claimLimit?: number;
  /** The timer's longest sleep between rounds while some job waits. */
  readonly tickMs?: number;
  /**
   * The longest sleep while no account sells online or no job waits (default a minute, never
   * less than `tickMs`): a connect, a push and another process's message wake the worker sooner.
   */
  readonly idleMs?: number;
  /** [0, 1) for the retry jitter. */
  readonly random?: () => number;
  readonly log?: (message: string, error?: unknown) => void;
  /** Where polled orders go (default: `storage.channelOrders` once it has `importOrders`); null: orders are not polled. */
  readonly orders?: ChannelOrderImporter | null;
  /** Tells other processes (the event bus) that an organisation has stock jobs waiting. */
  readonly announce?: (organisationId: string) => void;
  /** Tells these stores' tills to pull now: an order page moved what their `store-stock` rows say. */
  readonly notifyStoreStock?: (organisationId: string, storeIds: readonly string[]) => void;
}

export interface RoundSummary {
  /** Jobs claimed this round. */
  readonly claimed: number;
  /** Remote items whose quantity was written. */
  readonly sent: number;
}

export interface ChannelWorker {
  readonly id: string;
  /** Runs rounds until stopped: at once when woken, else when the next job is due (at most `tickMs`). */
  start(): void;
  stop(): Promise<void>;
  /** Something may be due now (a push queued stock jobs): run a round soon. */
  wake(): void;
  /** A push moved stock of this organisation: wake here, and the other processes if it sells online. */
  stockMoved(organisationId: string): void;
  /** One round: recurring jobs ensured, due jobs claimed and carried out. */
  runOnce(): Promise<RoundSummary>;
  /** Re-seals credentials still under an older key; answers how many rows it moved. */
  resealPass(): Promise<number>;
}

const DEFAULT_LEASE_MS = 2 * 60_000;
const ENSURE_EVERY_MS = 30_000;
/** How long the list of organisations with channels is trusted to skip a wake-up. */
const CHANNEL_ORGS_TTL_MS = 10_000;
const DEFAULT_IDLE_MS = 60_000;

export function createChannelWorker(options: ChannelWorkerOptions): ChannelWorker {
  const { runtime } = options;
  const { storage, now } = runtime;
  const id = options.workerId ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const claimLimit = options.claimLimit ?? 200;
  const tickMs = options.tickMs ?? 5_000;
  const idleMs = Math.max(tickMs, options.idleMs ?? DEFAULT_IDLE_MS);
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const importer = (): ChannelOrderImporter | null => {
    if (options.orders !== undefined) return options.orders;
    const candidate = storage.channelOrders as Partial<ChannelOrderImporter>;
    return typeof candidate.importOrders === 'function' ? (candidate as ChannelOrderImporter) : null;
  };
  let lastEnsure = Number.NEGATIVE_INFINITY;
  let sawNoAccounts = false;
  /** The accounts whose order poll and reconciliation the last look ensured. */
  let ensuredAccounts = new Set<string>();
  let channelOrgs: { readonly orgs: Set<string>; readonly at: number } | null = null;

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let wokenMeanwhile = false;
  /** Counts wake-ups, so a read of the accounts that a wake overtook is not kept. */
  let wakes = 0;
  const context: RunnerContext = { runtime, storage, now, id, random, log, importer, leaseMs, notifyStoreStock: options.notifyStoreStock ?? (() => undefined) };

  async function ensureRecurring(): Promise<void> {
    const readAt = wakes;
    const accounts = await storage.channels.activeAccounts();
    // A wake during the read (an account connected just now) outranks what the read saw: keep the
    // list unknown, or a push right after the connect would find its organisation "without
    // channels" and wake nobody, and the idle worker would sleep a minute.
    if (readAt === wakes) channelOrgs = { orgs: new Set(accounts.map((a) => a.organisationId)), at: Date.now() };
    sawNoAccounts = accounts.length === 0;
    ensuredAccounts = new Set(accounts.map((a) => `${a.organisationId}\u0000${a.id}`));
    await storage.channels.jobs.ensure(await recurringJobs(runtime, accounts, importer() !== null), now());
  }

  async function runOnce(): Promise<RoundSummary> {
    // Woken while the last look found no account: one may just have been connected, and its
    // order poll must not wait for the next periodic look.
    const connectedMeanwhile = channelOrgs === null && sawNoAccounts;
    if (connectedMeanwhile || Date.now() - lastEnsure >= ENSURE_EVERY_MS) {
      lastEnsure = Date.now();
      await ensureRecurring();
    }
    // No account sells online (what almost every head office and test server has): nothing can
    // be claimed, so no claim is tried. A connect or a push wakes the worker and forgets this.
    if (noChannels()) return { claimed: 0, sent: 0 };
    const jobs = await storage.channels.jobs.claim(id, now(), leaseMs, claimLimit);
    const byAccount = new Map<string, ChannelJob[]>();
    for (const job of jobs) {
      const key = `${job.organisationId}\u0000${job.accountId}`;
      const list = byAccount.get(key);
      if (list) list.push(job);
      else byAccount.set(key, [job]);
    }
    // Work for an account the last look did not know (connected since, its link queued stock
    // jobs): its order poll starts now, not at the next periodic look up to half a minute later.
    if ([...byAccount.keys()].some((key) => !ensuredAccounts.has(key))) {
      lastEnsure = Date.now();
      await ensureRecurring();
    }
    // Accounts go side by side: one slow or rate-limited channel does not hold up the others.
    const sent = await Promise.all([...byAccount.values()].map((list) => runAccount(context, list)));
    return { claimed: jobs.length, sent: sent.reduce((a, b) => a + b, 0) };
  }

  const resealPass = () => resealCredentials(runtime, log);

  /** True when the last look found no active account, and nothing woke the worker since. */
  const noChannels = () => channelOrgs !== null && channelOrgs.orgs.size === 0;

  async function sleepUntilDue(): Promise<void> {
    let delay = tickMs;
    try {
      const due = noChannels() ? null : await storage.channels.jobs.nextDue();
      // Nothing waits: sleep long (woken at once by a connect or a push), not every tick.
      delay = due === null ? idleMs : Math.max(0, Math.min(tickMs, Date.parse(due) - now().getTime()));
    } catch (error) {
      log('channel worker: reading the next due job failed', error);
    }
    // Checked after the read: a wake-up that arrived during it must not wait for the timer.
    if (wokenMeanwhile) {
      wokenMeanwhile = false;
      return;
    }
    if (delay === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done(): void {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  function wake(): void {
    // An account may have been connected: the list of organisations selling online is read again.
    wakes += 1;
    channelOrgs = null;
    if (wakeUp) wakeUp();
    else wokenMeanwhile = true;
  }

  return {
    id,
    runOnce,
    resealPass,
    wake,
    stockMoved(organisationId) {
      const known = channelOrgs;
      // Organisations without channels are the common case: no wake, no bus message.
      if (known !== null && Date.now() - known.at < CHANNEL_ORGS_TTL_MS && !known.orgs.has(organisationId)) return;
      wake();
      options.announce?.(organisationId);
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        await resealPass().catch((error: unknown) => log('channel worker: re-sealing credentials failed', error));
        while (running) {
          try {
            const round = await runOnce();
            if (round.claimed > 0) continue;
          } catch (error) {
            log('channel worker: a round failed', error);
          }
          if (!running) break;
          await sleepUntilDue();
        }
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
    },
  };
}

/** Re-seals credentials still under an older key (rotation); answers how many rows moved. */
export async function resealCredentials(runtime: ChannelRuntime, log: (message: string, error?: unknown) => void): Promise<number> {
  const { storage } = runtime;
  const keyId = runtime.vault.currentKeyId;
  if (keyId === null) return 0;
  let moved = 0;
  for (;;) {
    const rows = await storage.channels.accountsNotUnder(keyId, 100);
    let progress = 0;
    for (const account of rows) {
      try {
        const credentials = runtime.credentials(account);
        const sealed = runtime.vault.seal(account.organisationId, account.id, credentials);
        if (await storage.channels.resealCredentials(account.organisationId, account.id, account.credentials, sealed)) (moved++, progress++);
      } catch (error) {
        log(`channel ${account.id}: credentials under key "${account.credentialsKeyId}" cannot be opened with this server's keys`, error);
      }
    }
    if (rows.length < 100 || progress === 0) return moved;
  }
}

/** The order poll (when orders have somewhere to go) and the nightly reconciliation of each syncing account. */
async function recurringJobs(runtime: ChannelRuntime, accounts: readonly ChannelAccountRow[], pollOrders: boolean): Promise<NewChannelJob[]> {
  const at = runtime.now();
  const zones = new Map<string, string>();
  const jobs: NewChannelJob[] = [];
  for (const account of accounts) {
    const storeKey = `${account.organisationId}\u0000${account.storeIds[0] ?? ''}`;
    let zone = zones.get(storeKey);
    if (zone === undefined) zones.set(storeKey, (zone = await runtime.storage.channels.timeZoneOf(account.organisationId, account.storeIds[0] ?? '')));
    if (pollOrders) jobs.push({ organisationId: account.organisationId, accountId: account.id, kind: 'orders', jobKey: 'poll', payload: '{}', dueAt: at });
    jobs.push({ organisationId: account.organisationId, accountId: account.id, kind: 'reconcile', jobKey: 'nightly', payload: '{}', dueAt: nextReconcileAt(at, zone) });
  }
  return jobs;
}
