/**
 * @module
 * How the channel worker carries out each kind of job (issue 18): stock sends at the quantity of
 * the moment, order polls, publishes and the nightly reconciliation, and what each remote answer
 * does to the job (done, backoff, dead letter, a stopped account, a mapping resolved again).
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
  encodeLinkNote,
} from '@cassa/shared';
import type { ChannelKind, ChannelOrder, ChannelProblem } from '@cassa/shared';
import type { ChannelAccountRow, ChannelJob, ChannelMapping } from '../storage/channels';
import type { SyncStorage } from '../storage/storage';
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
  ): Promise<{ imported: number; updated: number; duplicates: number; readonly storeStockStores?: readonly string[] }>;
}

/** What every job run needs: the worker's identity in leases, the clock, the jitter, where orders go. */
export interface RunnerContext {
  readonly runtime: ChannelRuntime;
  readonly storage: SyncStorage;
  readonly now: () => Date;
  readonly id: string;
  readonly random: () => number;
  readonly log: (message: string, error?: unknown) => void;
  readonly importer: () => ChannelOrderImporter | null;
  /** How long a claim lasts; a round that runs longer renews it every half of it. */
  readonly leaseMs: number;
  /** Wakes the tills of stores whose `store-stock` rows an order page rewrote. */
  readonly notifyStoreStock: (organisationId: string, storeIds: readonly string[]) => void;
}

/** Orders are looked for this far back on the first poll of an account. */
const ORDER_LOOK_BACK_MS = 7 * 24 * 3_600_000;

const variantOf = (job: ChannelJob): string => {
  try {
    const parsed = JSON.parse(job.payload) as { variantId?: unknown };
    return typeof parsed.variantId === 'string' ? parsed.variantId : job.jobKey;
  } catch {
    return job.jobKey;
  }
};

/**
 * How long after a write whose answer never came head office sends the same absolute figure once
 * more. A write that timed out may still be applied by the channel after its retry (a held request,
 * an asynchronous listings feed), leaving the older figure on the channel while head office
 * believes the newer one stands. Absolute quantities make the second send harmless.
 */
export const CHANNEL_SETTLE_MS = 60_000;

/** Failures after which a write may still land: the request may have reached the channel. */
const IN_DOUBT: ReadonlySet<string> = new Set(['timeout', 'unreachable', 'remote-error', 'unexpected-answer']);
const inDoubt = (job: ChannelJob): boolean => job.attempts > 0 && job.lastProblem !== null && IN_DOUBT.has(job.lastProblem);

/** The next UTC midnight: eBay counts revisions per calendar day. */
const nextUtcDay = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

export const problemOf = (error: unknown): { problem: ChannelProblem; detail: string; status: number | null } => {
  if (error instanceof ChannelCallError) return { problem: error.problem, detail: error.detail.slice(0, 500), status: error.status };
  const message = error instanceof Error ? error.message : String(error);
  return { problem: 'unexpected-answer', detail: message.slice(0, 500), status: null };
};

/** Jobs that come back every time: the order poll and the nightly reconciliation never become dead letters. */
const recurring = (job: ChannelJob): boolean => job.kind === 'orders' || job.kind === 'reconcile';

async function release(ctx: RunnerContext, job: ChannelJob): Promise<void> {
  await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: ctx.now(), attempts: job.attempts, problem: job.lastProblem, detail: null }, ctx.now());
}

/** A job that failed as a whole: backoff, dead letter or a stopped account, by the failure's disposition. */
async function failed(ctx: RunnerContext, account: ChannelAccountRow, job: ChannelJob, error: unknown): Promise<void> {
  const at = ctx.now();
  const { problem, detail, status } = problemOf(error);
  const disposition = error instanceof ChannelCallError ? error.disposition : 'retry';
  await ctx.storage.channels.recordActivity(account.organisationId, account.id, { problem: { problem, detail } }, at);
  if (disposition === 'auth') {
    // Nothing more goes out for this account; the job waits for new credentials.
    await ctx.storage.channels.markAuthFailed(account.organisationId, account.id, problem, detail, at);
    await release(ctx, job);
    return;
  }
  const attempts = job.attempts + 1;
  if (disposition === 'retry' || recurring(job)) {
    if (attempts < CHANNEL_MAX_ATTEMPTS || recurring(job)) {
      const retryAfter = error instanceof ChannelCallError ? error.retryAfterMs : null;
      const wait = channelRetryDelayMs(job.attempts, retryAfter, ctx.random());
      await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: new Date(at.getTime() + wait), attempts, problem, detail }, at);
      return;
    }
  }
  await ctx.storage.channels.jobs.deadLetter({ ...job, attempts: job.attempts }, ctx.id, { problem, detail, remoteStatus: status }, at);
}

async function sendStock(ctx: RunnerContext, account: ChannelAccountRow, connector: ChannelConnector, jobs: readonly ChannelJob[]): Promise<number> {
  const { organisationId } = account;
  const variantIds = jobs.map(variantOf);
  let mappings = await ctx.storage.channels.mappings(organisationId, account.id, variantIds);
  const stale = variantIds.filter((v) => mappings.get(v)?.state === 'stale');
  if (stale.length > 0) {
    try {
      const fresh = await relinkVariants(ctx.runtime, account, connector, stale);
      mappings = new Map([...mappings, ...fresh]);
    } catch (error) {
      for (const job of jobs.filter((j) => stale.includes(variantOf(j)))) await failed(ctx, account, job, error);
      jobs = jobs.filter((j) => !stale.includes(variantOf(j)));
    }
  }
  const products = await ctx.storage.channels.productsOfVariants(organisationId, variantIds);
  const stock = await ctx.storage.channels.stockOf(organisationId, account.storeIds, variantIds);
  const limits = channelLimits[account.kind];
  const at = ctx.now();
  const today = at.toISOString().slice(0, 10);
  const toSend: { job: ChannelJob; mapping: ChannelMapping; ref: ChannelMappingRef; quantity: number; revisions: number }[] = [];
  for (const job of jobs) {
    const variantId = variantOf(job);
    const mapping = mappings.get(variantId);
    if (!mapping || mapping.state !== 'matched' || mapping.remoteProductId === null) {
      // Not linked (or in conflict): nothing to send until the owner links it.
      await ctx.storage.channels.jobs.complete(job, ctx.id, at);
      continue;
    }
    const quantity = availableToSell(stock.get(variantId) ?? [], account.storeIds, account.safetyBuffer);
    if (quantity === mapping.lastPushedQuantity) {
      await ctx.storage.channels.jobs.complete(job, ctx.id, at);
      continue;
    }
    const revisions = mapping.revisionsDay === today ? mapping.revisions : 0;
    if (limits.revisionsPerDay !== null && revisions >= limits.revisionsPerDay) {
      const until = nextUtcDay(at);
      const detail = `${mapping.remoteSku ?? variantId}: ${limits.revisionsPerDay} revisions today, the channel's daily cap; held until ${until.toISOString()}`;
      await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: until, attempts: job.attempts, problem: 'rate-limited', detail }, at);
      await ctx.storage.channels.recordActivity(organisationId, account.id, { problem: { problem: 'rate-limited', detail } }, at);
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
        await notFound(ctx, account, chunk.map((c) => c.job), error.detail);
        continue;
      }
      for (const c of chunk) await failed(ctx, account, c.job, error);
      if (error instanceof ChannelCallError && error.disposition === 'auth') {
        // The rest would fail the same way: back to the queue untouched.
        for (const c of toSend.slice(start + limits.quantityBatch)) await release(ctx, c.job);
        return sent;
      }
      continue;
    }
    const byVariant = new Map(outcomes.map((o) => [o.variantId, o]));
    const pushed: { variantId: string; quantity: number | null; revisionsDay: string; revisions: number }[] = [];
    const done = ctx.now();
    for (const c of chunk) {
      const outcome = byVariant.get(c.ref.variantId);
      if (!outcome) {
        await failed(ctx, account, c.job, new ChannelCallError('retry', 'unexpected-answer', `The channel did not answer for ${c.ref.sku}`));
      } else if ((outcome.result === 'applied' || outcome.result === 'accepted') && inDoubt(c.job)) {
        // An earlier attempt failed and may yet land over this one: the figure is not known to
        // stand (null), and the job comes back once the channel has settled.
        pushed.push({ variantId: c.ref.variantId, quantity: null, revisionsDay: today, revisions: c.revisions + 1 });
        await ctx.storage.channels.jobs.reschedule(c.job, ctx.id, { dueAt: new Date(done.getTime() + CHANNEL_SETTLE_MS), attempts: 0, problem: null, detail: null }, done);
      } else if (outcome.result === 'applied' || outcome.result === 'accepted') {
        pushed.push({ variantId: c.ref.variantId, quantity: c.quantity, revisionsDay: today, revisions: c.revisions + 1 });
        await ctx.storage.channels.jobs.complete(c.job, ctx.id, done);
      } else if (outcome.result === 'not-found') {
        await notFound(ctx, account, [c.job], `${c.ref.sku}: the remote item ${c.ref.remoteProductId}/${c.ref.remoteVariantId} is gone`);
      } else if (outcome.result === 'refused') {
        await ctx.storage.channels.recordActivity(account.organisationId, account.id, { problem: { problem: outcome.problem, detail: outcome.detail } }, done);
        await ctx.storage.channels.jobs.deadLetter(c.job, ctx.id, { problem: outcome.problem, detail: outcome.detail, remoteStatus: null }, done);
      } else if (outcome.result === 'retry') {
        await failed(ctx, account, c.job, new ChannelCallError('retry', outcome.problem, outcome.detail, { retryAfterMs: outcome.retryAfterMs ?? null }));
      }
    }
    if (pushed.length > 0) {
      sent += pushed.length;
      await ctx.storage.channels.recordPushed(account.organisationId, account.id, pushed, done);
      await ctx.storage.channels.recordActivity(account.organisationId, account.id, { stockPushAt: done, ...(pushed.length === chunk.length ? { problem: null } : {}) }, done);
    }
  }
  return sent;
}

/** The remote id vanished: the mapping goes stale and the job runs again at once (the next round resolves it). */
async function notFound(ctx: RunnerContext, account: ChannelAccountRow, jobs: readonly ChannelJob[], detail: string): Promise<void> {
  const at = ctx.now();
  await ctx.storage.channels.markStale(account.organisationId, account.id, jobs.map(variantOf), encodeLinkNote({ reason: 'stale', values: [detail.slice(0, 300)] }), at);
  for (const job of jobs) {
    if (job.attempts + 1 >= CHANNEL_MAX_ATTEMPTS) await ctx.storage.channels.jobs.deadLetter(job, ctx.id, { problem: 'not-linked', detail, remoteStatus: 404 }, at);
    else await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: at, attempts: job.attempts + 1, problem: 'not-linked', detail }, at);
  }
}

async function pollOrders(ctx: RunnerContext, account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
  const target = ctx.importer();
  const at = ctx.now();
  if (target === null) {
    await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: new Date(at.getTime() + CHANNEL_ORDER_POLL_MS), attempts: 0, problem: null, detail: null }, at);
    return;
  }
  const cursor = await ctx.storage.channels.cursor(account.organisationId, account.id, 'orders');
  const page = await connector.fetchOrders(cursor, { overlapMs: CHANNEL_ORDER_OVERLAP_MS, lookBackMs: ORDER_LOOK_BACK_MS });
  const valid: ChannelOrder[] = [];
  for (const order of page.orders) {
    const parsed = channelOrderSchema.safeParse(order);
    if (parsed.success) valid.push(parsed.data);
    else {
      // The cursor moves past it: the owner sees it among the dead letters instead of losing it.
      const subject = typeof (order as { remoteOrderId?: unknown }).remoteOrderId === 'string' ? (order as { remoteOrderId: string }).remoteOrderId.replace(/\u0000/g, '').slice(0, 120) : 'unknown';
      const detail = `Order ${subject} unreadable: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
      await ctx.storage.channels.transaction((tx) =>
        tx.query(
          `INSERT INTO channel_dead_letters (organisation_id, id, account_id, kind, job_key, payload, attempts, problem, detail, remote_status, state, first_failed_at, last_failed_at, resolved_by, resolved_at)
           VALUES (?, ?, ?, 'orders', ?, ?, 1, 'unexpected-answer', ?, NULL, 'open', ?, ?, NULL, NULL)`,
          [account.organisationId, `dl-${randomUUID()}`, account.id, subject, JSON.stringify({ remoteOrderId: subject }), detail.slice(0, 500), at.toISOString(), at.toISOString()],
        ),
      );
    }
  }
  const imported = await target.importOrders(account.organisationId, { id: account.id, kind: account.kind, storeIds: account.storeIds }, valid, page.cursor, at);
  // The stores that hold or shipped these orders' goods show it at their tills now, not at their next poll.
  if (imported.storeStockStores && imported.storeStockStores.length > 0) ctx.notifyStoreStock(account.organisationId, imported.storeStockStores);
  const done = ctx.now();
  await ctx.storage.channels.recordActivity(account.organisationId, account.id, { orderPullAt: done, problem: null }, done);
  await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: page.more ? done : new Date(done.getTime() + CHANNEL_ORDER_POLL_MS), attempts: 0, problem: null, detail: null }, done);
}

async function publish(ctx: RunnerContext, account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
  const { productId } = JSON.parse(job.payload) as { productId: string };
  const at = ctx.now();
  const [product] = await ctx.storage.channels.catalogue(account.organisationId, [productId]);
  if (!product) {
    await ctx.storage.channels.jobs.complete(job, ctx.id, at);
    return;
  }
  if (!connector.publish) {
    await ctx.storage.channels.jobs.deadLetter(job, ctx.id, { problem: 'refused-by-remote', detail: `Publishing is not available on ${account.kind}`, remoteStatus: null }, at);
    return;
  }
  const stock = await ctx.storage.channels.stockOf(
    account.organisationId,
    account.storeIds,
    product.variants.map((v) => v.id),
  );
  const quantities: Record<string, number> = {};
  for (const v of product.variants) quantities[v.id] = availableToSell(stock.get(v.id) ?? [], account.storeIds, account.safetyBuffer);
  const result = await connector.publish({ product, quantities });
  const bySku = new Map(result.listings.map((l) => [l.sku, l]));
  const done = ctx.now();
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
        detail: encodeLinkNote({ reason: 'published', values: [] }),
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
  await ctx.storage.channels.putMappings(account.organisationId, account.id, mappings, done);
  await ctx.storage.channels.jobs.complete(job, ctx.id, done);
}

async function reconcile(ctx: RunnerContext, account: ChannelAccountRow, connector: ChannelConnector, job: ChannelJob): Promise<void> {
  await reconcileAccount(ctx.runtime, account, connector);
  const at = ctx.now();
  const zone = await ctx.storage.channels.timeZoneOf(account.organisationId, account.storeIds[0] ?? '');
  await ctx.storage.channels.jobs.reschedule(job, ctx.id, { dueAt: nextReconcileAt(at, zone), attempts: 0, problem: null, detail: null }, at);
}

/**
 * Runs one account's claimed jobs, renewing their lease while it works: a reconciliation of a
 * large catalogue at a channel's slow rate can outlast one lease, and another worker must not
 * start it again meanwhile.
 */
export async function runAccount(ctx: RunnerContext, jobs: readonly ChannelJob[]): Promise<number> {
  const renew = setInterval(() => {
    ctx.storage.channels.jobs.extend(jobs, ctx.id, new Date(ctx.now().getTime() + ctx.leaseMs)).catch((error: unknown) => ctx.log('channel worker: renewing a lease failed', error));
  }, Math.max(1_000, ctx.leaseMs / 2));
  try {
    return await runClaimed(ctx, jobs);
  } finally {
    clearInterval(renew);
  }
}

async function runClaimed(ctx: RunnerContext, jobs: readonly ChannelJob[]): Promise<number> {
  const first = jobs[0]!;
  const account = await ctx.storage.channels.getAccount(first.organisationId, first.accountId);
  if (!account || account.status !== 'active') {
    for (const job of jobs) await release(ctx, job);
    return 0;
  }
  let connector: ChannelConnector;
  try {
    connector = ctx.runtime.connector(account);
  } catch (error) {
    // Credentials sealed under a key this server lacks: the owner must enter them again.
    const detail = error instanceof CassaError ? error.message : String(error);
    await ctx.storage.channels.markAuthFailed(account.organisationId, account.id, 'auth-refused', detail, ctx.now());
    for (const job of jobs) await release(ctx, job);
    return 0;
  }
  let sent = 0;
  const stock = jobs.filter((j) => j.kind === 'stock');
  if (stock.length > 0) {
    try {
      sent += await sendStock(ctx, account, connector, stock);
    } catch (error) {
      ctx.log(`channel ${account.id}: stock round failed`, error);
      for (const job of stock) await failed(ctx, account, job, error).catch(() => undefined);
    }
  }
  for (const job of jobs.filter((j) => j.kind !== 'stock')) {
    const current = await ctx.storage.channels.getAccount(account.organisationId, account.id);
    if (!current || current.status !== 'active') {
      await release(ctx, job);
      continue;
    }
    try {
      if (job.kind === 'orders') await pollOrders(ctx, current, connector, job);
      else if (job.kind === 'reconcile') await reconcile(ctx, current, connector, job);
      else if (job.kind === 'publish') await publish(ctx, current, connector, job);
      else await ctx.storage.channels.jobs.complete(job, ctx.id, ctx.now());
    } catch (error) {
      await failed(ctx, current, job, error);
    }
  }
  return sent;
}

