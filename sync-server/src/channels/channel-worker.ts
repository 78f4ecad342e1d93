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
import {
  availableToSell,
  CassaError,
  CHANNEL_MAX_ATTEMPTS,
  CHANNEL_ORDER_OVERLAP_MS,
  CHANNEL_ORDER_POLL_MS,
  channelLimits,
  channelOrderSchema,
  channelRetryDelayMs,
} from '@cassa/shared';
import type { ChannelKind, ChannelOrder, ChannelProblem } from '@cassa/shared';
import type { ChannelAccountRow, ChannelJob, ChannelMapping } from '../storage/channels';
import { ChannelCallError } from './connector';
import type { ChannelConnector, ChannelMappingRef } from './connector';
import { relinkVariants } from './channel-link';
import { nextReconcileAt, reconcileAccount } from './channel-reconcile';
import type { ChannelRuntime } from './channel-runtime';

/** The orders helper's import (storage.channelOrders.importOrders): one transaction per page. */
export interface ChannelOrderImporter {
  importOrders(
    organisationId: string,
    account: { readonly id: string; readonly kind: ChannelKind; readonly storeIds: readonly string[] },
    orders: readonly ChannelOrder[],
    cursor: string,
    now: Date,
  ): Promise<{ imported: number; updated: number; duplicates: number }>;
}

export interface ChannelWorkerOptions {
  readonly runtime: ChannelRuntime;
  /** Names this process in leases (default: random). */
  readonly workerId?: string;
  /** How long a claimed job is ours; a killed process's jobs come back after it. */
  readonly leaseMs?: number;
  /** Jobs claimed per round. */
  readonly claimLimit?: number;
  /** The timer's longest sleep between rounds. */
  readonly tickMs?: number;
  /** [0, 1) for the retry jitter. */
  readonly random?: () => number;
  readonly log?: (message: string, error?: unknown) => void;
  /** Where polled orders go (default: `storage.channelOrders` once it has `importOrders`); null: orders are not polled. */
  readonly orders?: ChannelOrderImporter | null;
  /** Tells other processes (the event bus) that an organisation has stock jobs waiting. */
  readonly announce?: (organisationId: string) => void;
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

/** Orders are looked for this far back on the first poll of an account. */
const ORDER_LOOK_BACK_MS = 7 * 24 * 3_600_000;
const DEFAULT_LEASE_MS = 2 * 60_000;
const ENSURE_EVERY_MS = 30_000;

const variantOf = (job: ChannelJob): string => {
  try {
    const parsed = JSON.parse(job.payload) as { variantId?: unknown };
    return typeof parsed.variantId === 'string' ? parsed.variantId : job.jobKey;
  } catch {
    return job.jobKey;
  }
};

/** The next UTC midnight: eBay counts revisions per calendar day. */
const nextUtcDay = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

export function createChannelWorker(options: ChannelWorkerOptions): ChannelWorker {
  const { runtime } = options;
  const { storage, now } = runtime;
  const id = options.workerId ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const claimLimit = options.claimLimit ?? 200;
  const tickMs = options.tickMs ?? 5_000;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const importer = (): ChannelOrderImporter | null => {
    if (options.orders !== undefined) return options.orders;
    const candidate = storage.channelOrders as Partial<ChannelOrderImporter>;
    return typeof candidate.importOrders === 'function' ? (candidate as ChannelOrderImporter) : null;
  };
  let lastEnsure = Number.NEGATIVE_INFINITY;
  let channelOrgs: { readonly orgs: Set<string>; readonly at: number } | null = null;

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let wokenMeanwhile = false;

  const problemOf = (error: unknown): { problem: ChannelProblem; detail: string; status: number | null } => {
    if (error instanceof ChannelCallError) return { problem: error.problem, detail: error.detail.slice(0, 500), status: error.status };
    const message = error instanceof Error ? error.message : String(error);
    return { problem: 'unexpected-answer', detail: message.slice(0, 500), status: null };
  };

  /** Jobs that come back every time: the order poll and the nightly reconciliation never become dead letters. */
  const recurring = (job: ChannelJob): boolean => job.kind === 'orders' || job.kind === 'reconcile';

  async function release(job: ChannelJob): Promise<void> {
    await storage.channels.jobs.reschedule(job, id, { dueAt: now(), attempts: job.attempts, problem: job.lastProblem, detail: null }, now());
  }

  /** A job that failed as a whole: backoff, dead letter or a stopped account, by the failure's disposition. */
  async function failed(account: ChannelAccountRow, job: ChannelJob, error: unknown): Promise<void> {
    const at = now();
    const { problem, detail, status } = problemOf(error);
    const disposition = error instanceof ChannelCallError ? error.disposition : 'retry';
    await storage.channels.recordActivity(account.organisationId, account.id, { problem: { problem, detail } }, at);
    if (disposition === 'auth') {
      // Nothing more goes out for this account; the job waits for new credentials.
      await storage.channels.markAuthFailed(account.organisationId, account.id, problem, detail, at);
      await release(job);
      return;
    }
    const attempts = job.attempts + 1;
    if (disposition === 'retry' || recurring(job)) {
      if (attempts < CHANNEL_MAX_ATTEMPTS || recurring(job)) {
        const retryAfter = error instanceof ChannelCallError ? error.retryAfterMs : null;
        const wait = channelRetryDelayMs(job.attempts, retryAfter, random());
        await storage.channels.jobs.reschedule(job, id, { dueAt: new Date(at.getTime() + wait), attempts, problem, detail }, at);
        return;
      }
    }
    await storage.channels.jobs.deadLetter({ ...job, attempts: job.attempts }, id, { problem, detail, remoteStatus: status }, at);
  }

  async function sendStock(account: ChannelAccountRow, connector: ChannelConnector, jobs: readonly ChannelJob[]): Promise<number> {
    const { organisationId } = account;
    const variantIds = jobs.map(variantOf);
    let mappings = await storage.channels.mappings(organisationId, account.id, variantIds);
    const stale = variantIds.filter((v) => mappings.get(v)?.state === 'stale');
    if (stale.length > 0) {
      try {
        const fresh = await relinkVariants(runtime, account, connector, stale);
        mappings = new Map([...mappings, ...fresh]);
      } catch (error) {
        for (const job of jobs.filter((j) => stale.includes(variantOf(j)))) await failed(account, job, error);
        jobs = jobs.filter((j) => !stale.includes(variantOf(j)));
      }
    }
    const products = await storage.channels.productsOfVariants(organisationId, variantIds);
    const stock = await storage.channels.stockOf(organisationId, account.storeIds, variantIds);
    const limits = channelLimits[account.kind];
    const at = now();
    const today = at.toISOString().slice(0, 10);
    const toSend: { job: ChannelJob; mapping: ChannelMapping; ref: ChannelMappingRef; quantity: number; revisions: number }[] = [];
    for (const job of jobs) {
      const variantId = variantOf(job);
      const mapping = mappings.get(variantId);
      if (!mapping || mapping.state !== 'matched' || mapping.remoteProductId === null) {
        // Not linked (or in conflict): nothing to send until the owner links it.
        await storage.channels.jobs.complete(job, id, at);
        continue;
      }
      const quantity = availableToSell(stock.get(variantId) ?? [], account.storeIds, account.safetyBuffer);
      if (quantity === mapping.lastPushedQuantity) {
        await storage.channels.jobs.complete(job, id, at);
        continue;
      }
      const revisions = mapping.revisionsDay === today ? mapping.revisions : 0;
      if (limits.revisionsPerDay !== null && revisions >= limits.revisionsPerDay) {
        const until = nextUtcDay(at);
        const detail = `${mapping.remoteSku ?? variantId}: ${limits.revisionsPerDay} revisions today, the channel's daily cap; held until ${until.toISOString()}`;
        await storage.channels.jobs.reschedule(job, id, { dueAt: until, attempts: job.attempts, problem: 'rate-limited', detail }, at);
        await storage.channels.recordActivity(organisationId, account.id, { problem: { problem: 'rate-limited', detail } }, at);
        continue;
      }
      const variant = products.get(variantId)?.variants.find((v) => v.id === variantId);
      const ref: ChannelMappingRef = {
        variantId,
        sku: mapping.remoteSku ?? variant?.sku ?? variantId,
        barcode: variant?.barcodes[0] ?? null,
        remoteProductId: mapping.remoteProductId,
        remoteVariantId: mapping.remoteVariantId ?? '',
        remoteStockId: mapping.remoteStockId,
        remoteOfferId: mapping.remoteOfferId,
      };
      toSend.push({ job, mapping, ref, quantity, revisions });
    }
    let sent = 0;
    for (let start = 0; start < toSend.length; start += limits.quantityBatch) {
      const chunk = toSend.slice(start, start + limits.quantityBatch);
      let outcomes;
      try {
        outcomes = await connector.setQuantities(chunk.map((c) => ({ mapping: c.ref, quantity: c.quantity })));
      } catch (error) {
        if (error instanceof ChannelCallError && error.disposition === 'not-found') {
          await notFound(account, chunk.map((c) => c.job), error.detail);
          continue;
        }
        for (const c of chunk) await failed(account, c.job, error);
        if (error instanceof ChannelCallError && error.disposition === 'auth') {
          // The rest would fail the same way: back to the queue untouched.
          for (const c of toSend.slice(start + limits.quantityBatch)) await release(c.job);
          return sent;
        }
        continue;
      }
      const byVariant = new Map(outcomes.map((o) => [o.variantId, o]));
      const pushed: { variantId: string; quantity: number; revisionsDay: string; revisions: number }[] = [];
      const done = now();
      for (const c of chunk) {
        const outcome = byVariant.get(c.ref.variantId);
        if (!outcome) {
          await failed(account, c.job, new ChannelCallError('retry', 'unexpected-answer', `The channel did not answer for ${c.ref.sku}`));
        } else if (outcome.result === 'applied' || outcome.result === 'accepted') {
          pushed.push({ variantId: c.ref.variantId, quantity: c.quantity, revisionsDay: today, revisions: c.revisions + 1 });
          await storage.channels.jobs.complete(c.job, id, done);
        } else if (outcome.result === 'not-found') {
          await notFound(account, [c.job], `${c.ref.sku}: the remote item ${c.ref.remoteProductId}/${c.ref.remoteVariantId} is gone`);
        } else if (outcome.result === 'refused') {
          await storage.channels.recordActivity(account.organisationId, account.id, { problem: { problem: outcome.problem, detail: outcome.detail } }, done);
          await storage.channels.jobs.deadLetter(c.job, id, { problem: outcome.problem, detail: outcome.detail, remoteStatus: null }, done);
        } else if (outcome.result === 'retry') {
          await failed(account, c.job, new ChannelCallError('retry', outcome.problem, outcome.detail, { retryAfterMs: outcome.retryAfterMs ?? null }));
        }
      }
      if (pushed.length > 0) {
        sent += pushed.length;
        await storage.channels.recordPushed(account.organisationId, account.id, pushed, done);
        await storage.channels.recordActivity(account.organisationId, account.id, { stockPushAt: done, ...(pushed.length === chunk.length ? { problem: null } : {}) }, done);
      }
    }
    return sent;
  }

  /** The remote id vanished: the mapping goes stale and the job runs again at once (the next round resolves it). */
  async function notFound(account: ChannelAccountRow, jobs: readonly ChannelJob[], detail: string): Promise<void> {
    const at = now();
    await storage.channels.markStale(account.organisationId, account.id, jobs.map(variantOf), detail, at);
    for (const job of jobs) {
      if (job.attempts + 1 >= CHANNEL_MAX_ATTEMPTS) await storage.channels.jobs.deadLetter(job, id, { problem: 'not-linked', detail, remoteStatus: 404 }, at);
      else await storage.channels.jobs.reschedule(job, id, { dueAt: at, attempts: job.attempts + 1, problem: 'not-linked', detail }, at);
    }
  }

  async function pollOrders(account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
    const target = importer();
    const at = now();
    if (target === null) {
      await storage.channels.jobs.reschedule(job, id, { dueAt: new Date(at.getTime() + CHANNEL_ORDER_POLL_MS), attempts: 0, problem: null, detail: null }, at);
      return;
    }
    const cursor = await storage.channels.cursor(account.organisationId, account.id, 'orders');
    const page = await connector.fetchOrders(cursor, { overlapMs: CHANNEL_ORDER_OVERLAP_MS, lookBackMs: ORDER_LOOK_BACK_MS });
    const valid: ChannelOrder[] = [];
    for (const order of page.orders) {
      const parsed = channelOrderSchema.safeParse(order);
      if (parsed.success) valid.push(parsed.data);
      else {
        // The cursor moves past it: the owner sees it among the dead letters instead of losing it.
        const subject = typeof (order as { remoteOrderId?: unknown }).remoteOrderId === 'string' ? (order as { remoteOrderId: string }).remoteOrderId.slice(0, 120) : 'unknown';
        const detail = `Order ${subject} unreadable: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
        await storage.channels.transaction((tx) =>
          tx.query(
            `INSERT INTO channel_dead_letters (organisation_id, id, account_id, kind, job_key, payload, attempts, problem, detail, remote_status, state, first_failed_at, last_failed_at, resolved_by, resolved_at)
             VALUES (?, ?, ?, 'orders', ?, ?, 1, 'unexpected-answer', ?, NULL, 'open', ?, ?, NULL, NULL)`,
            [account.organisationId, `dl-${randomUUID()}`, account.id, subject, JSON.stringify({ remoteOrderId: subject }), detail.slice(0, 500), at.toISOString(), at.toISOString()],
          ),
        );
      }
    }
    await target.importOrders(account.organisationId, { id: account.id, kind: account.kind, storeIds: account.storeIds }, valid, page.cursor, at);
    const done = now();
    await storage.channels.recordActivity(account.organisationId, account.id, { orderPullAt: done, problem: null }, done);
    await storage.channels.jobs.reschedule(job, id, { dueAt: page.more ? done : new Date(done.getTime() + CHANNEL_ORDER_POLL_MS), attempts: 0, problem: null, detail: null }, done);
  }

  async function publish(account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
    const { productId } = JSON.parse(job.payload) as { productId: string };
    const at = now();
    const [product] = await storage.channels.catalogue(account.organisationId, [productId]);
    if (!product) {
      await storage.channels.jobs.complete(job, id, at);
      return;
    }
    if (!connector.publish) {
      await storage.channels.jobs.deadLetter(job, id, { problem: 'refused-by-remote', detail: `Publishing is not available on ${account.kind}`, remoteStatus: null }, at);
      return;
    }
    const stock = await storage.channels.stockOf(
      account.organisationId,
      account.storeIds,
      product.variants.map((v) => v.id),
    );
    const quantities: Record<string, number> = {};
    for (const v of product.variants) quantities[v.id] = availableToSell(stock.get(v.id) ?? [], account.storeIds, account.safetyBuffer);
    const result = await connector.publish({ product, quantities });
    const bySku = new Map(result.listings.map((l) => [l.sku, l]));
    const done = now();
    const mappings: ChannelMapping[] = product.variants.flatMap((v, index): ChannelMapping[] => {
      const listing = bySku.get(v.sku) ?? result.listings[index];
      if (!listing) return [];
      return [
        {
          variantId: v.id,
          state: 'matched',
          remoteProductId: listing.remoteProductId,
          remoteVariantId: listing.remoteVariantId,
          remoteStockId: listing.remoteStockId,
          remoteOfferId: listing.remoteOfferId,
          remoteSku: listing.sku,
          detail: 'Published from Cassa',
          lastPushedQuantity: quantities[v.id] ?? null,
          lastPushedAt: done.toISOString(),
          lastSeenQuantity: listing.quantity,
          lastSeenAt: done.toISOString(),
          revisionsDay: null,
          revisions: 0,
          manual: false,
        },
      ];
    });
    await storage.channels.putMappings(account.organisationId, account.id, mappings, done);
    await storage.channels.jobs.complete(job, id, done);
  }

  async function reconcile(account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
    await reconcileAccount(runtime, account, connector);
    const at = now();
    const zone = await storage.channels.timeZoneOf(account.organisationId, account.storeIds[0] ?? '');
    await storage.channels.jobs.reschedule(job, id, { dueAt: nextReconcileAt(at, zone), attempts: 0, problem: null, detail: null }, at);
  }

  async function runAccount(jobs: readonly ChannelJob[]): Promise<number> {
    const first = jobs[0]!;
    const account = await storage.channels.getAccount(first.organisationId, first.accountId);
    if (!account || account.status !== 'active') {
      for (const job of jobs) await release(job);
      return 0;
    }
    let connector: ChannelConnector;
    try {
      connector = runtime.connector(account);
    } catch (error) {
      // Credentials sealed under a key this server lacks: the owner must enter them again.
      const detail = error instanceof CassaError ? error.message : String(error);
      await storage.channels.markAuthFailed(account.organisationId, account.id, 'auth-refused', detail, now());
      for (const job of jobs) await release(job);
      return 0;
    }
    let sent = 0;
    const stock = jobs.filter((j) => j.kind === 'stock');
    if (stock.length > 0) {
      try {
        sent += await sendStock(account, connector, stock);
      } catch (error) {
        log(`channel ${account.id}: stock round failed`, error);
        for (const job of stock) await failed(account, job, error).catch(() => undefined);
      }
    }
    for (const job of jobs.filter((j) => j.kind !== 'stock')) {
      const current = await storage.channels.getAccount(account.organisationId, account.id);
      if (!current || current.status !== 'active') {
        await release(job);
        continue;
      }
      try {
        if (job.kind === 'orders') await pollOrders(current, connector, job);
        else if (job.kind === 'reconcile') await reconcile(current, connector, job);
        else if (job.kind === 'publish') await publish(current, connector, job);
        else await storage.channels.jobs.complete(job, id, now());
      } catch (error) {
        await failed(current, job, error);
      }
    }
    return sent;
  }

  async function ensureRecurring(): Promise<void> {
    const at = now();
    const accounts = await storage.channels.activeAccounts();
    channelOrgs = { orgs: new Set(accounts.map((a) => a.organisationId)), at: Date.now() };
    const zones = new Map<string, string>();
    const jobs = [];
    for (const account of accounts) {
      const storeKey = `${account.organisationId}\u0000${account.storeIds[0] ?? ''}`;
      let zone = zones.get(storeKey);
      if (zone === undefined) zones.set(storeKey, (zone = await storage.channels.timeZoneOf(account.organisationId, account.storeIds[0] ?? '')));
      if (importer() !== null) jobs.push({ organisationId: account.organisationId, accountId: account.id, kind: 'orders' as const, jobKey: 'poll', payload: '{}', dueAt: at });
      jobs.push({ organisationId: account.organisationId, accountId: account.id, kind: 'reconcile' as const, jobKey: 'nightly', payload: '{}', dueAt: nextReconcileAt(at, zone) });
    }
    await storage.channels.jobs.ensure(jobs, at);
  }

  async function runOnce(): Promise<RoundSummary> {
    if (Date.now() - lastEnsure >= ENSURE_EVERY_MS) {
      lastEnsure = Date.now();
      await ensureRecurring();
    }
    const jobs = await storage.channels.jobs.claim(id, now(), leaseMs, claimLimit);
    const byAccount = new Map<string, ChannelJob[]>();
    for (const job of jobs) {
      const key = `${job.organisationId}\u0000${job.accountId}`;
      const list = byAccount.get(key);
      if (list) list.push(job);
      else byAccount.set(key, [job]);
    }
    // Accounts go side by side: one slow or rate-limited channel does not hold up the others.
    const sent = await Promise.all([...byAccount.values()].map((list) => runAccount(list)));
    return { claimed: jobs.length, sent: sent.reduce((a, b) => a + b, 0) };
  }

  async function resealPass(): Promise<number> {
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

  async function sleepUntilDue(): Promise<void> {
    if (wokenMeanwhile) {
      wokenMeanwhile = false;
      return;
    }
    let delay = tickMs;
    try {
      const due = await storage.channels.jobs.nextDue();
      if (due !== null) delay = Math.max(0, Math.min(tickMs, Date.parse(due) - now().getTime()));
    } catch (error) {
      log('channel worker: reading the next due job failed', error);
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
      if (known !== null && Date.now() - known.at < ENSURE_EVERY_MS && !known.orgs.has(organisationId)) return;
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
