/**
 * @module
 * "Canali di vendita" apart from HTTP (issue 18): connecting, changing and disconnecting channel
 * accounts, the connection test, the catalogue link and its review, publishing, reconciliation
 * and the dead letters. Every account id is looked up within the caller's organisation (another
 * organisation's is NOT_FOUND); writes are for owners. Credentials go into the vault and come
 * back only as hints.
 */
import { randomUUID } from 'node:crypto';
import { CassaError, decodeLinkNote, encodeLinkNote } from '@cassa/shared';
import type {
  ChannelAccountView,
  ChannelCredentials,
  ChannelMappingRow,
  ChannelMappingState,
  ChannelTestResult,
  DeadLetterView,
  Product,
  channelConnectInputSchema,
  channelUpdateInputSchema,
  channelsContract,
} from '@cassa/shared';
import type { z } from 'zod';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { AccountPatch, ChannelAccountRow, ChannelMapping, DeadLetterRow, MappingCounts, RemoteItem } from '../../storage/channels';
import type { SyncStorage } from '../../storage/storage';
import { ChannelCallError } from '../../channels/connector';
import type { ChannelConnector } from '../../channels/connector';
import { blankMapping, linkAccount } from '../../channels/channel-link';
import { reconcileAccount } from '../../channels/channel-reconcile';
import type { ReconcileOutcome } from '../../channels/channel-reconcile';
import type { ChannelRuntime } from '../../channels/channel-runtime';
import { credentialHints } from '../../channels/credentials-vault';
import { requireRole } from '../auth';

type ConnectInput = z.output<typeof channelConnectInputSchema>;
type UpdateInput = z.output<typeof channelUpdateInputSchema>;
type MappingQuery = z.output<(typeof channelsContract)['channels.mapping']['input']>;
type SetMappingInput = z.output<(typeof channelsContract)['channels.setMapping']['input']>;

export interface ChannelsService {
  list(user: HeadOfficeUserRow): Promise<ChannelAccountView[]>;
  test(user: HeadOfficeUserRow, input: { credentials?: ChannelCredentials | undefined; accountId?: string | undefined }): Promise<ChannelTestResult>;
  connect(user: HeadOfficeUserRow, input: ConnectInput): Promise<ChannelAccountView>;
  update(user: HeadOfficeUserRow, input: UpdateInput): Promise<ChannelAccountView>;
  disconnect(user: HeadOfficeUserRow, accountId: string): Promise<Record<string, never>>;
  link(user: HeadOfficeUserRow, accountId: string): Promise<MappingCounts & { readonly running: boolean }>;
  mapping(user: HeadOfficeUserRow, query: MappingQuery): Promise<{ counts: MappingCounts; total: number; rows: ChannelMappingRow[] }>;
  setMapping(user: HeadOfficeUserRow, input: SetMappingInput): Promise<ChannelMappingRow>;
  publish(user: HeadOfficeUserRow, accountId: string, productIds: readonly string[]): Promise<{ queued: number }>;
  reconcile(user: HeadOfficeUserRow, accountId: string): Promise<ReconcileOutcome>;
  deadLetters(user: HeadOfficeUserRow, accountId: string, state?: DeadLetterRow['state']): Promise<DeadLetterView[]>;
  retryDeadLetter(user: HeadOfficeUserRow, accountId: string, deadLetterId: string): Promise<DeadLetterView>;
  ignoreDeadLetter(user: HeadOfficeUserRow, accountId: string, deadLetterId: string): Promise<DeadLetterView>;
}

const NO_COUNTS: MappingCounts = { matched: 0, unmatched: 0, conflicting: 0, remoteOnly: 0 };
const remoteKey = (productId: string | null, variantId: string | null): string => `${productId ?? ''}\u0000${variantId ?? ''}`;
const jobKinds = ['stock', 'orders', 'reconcile', 'publish', 'link'] as const;

function deadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    kind: (jobKinds as readonly string[]).includes(row.kind) ? (row.kind as DeadLetterView['kind']) : 'stock',
    subject: row.jobKey,
    attempts: row.attempts,
    problem: row.problem,
    detail: row.detail,
    remoteStatus: row.remoteStatus,
    state: row.state,
    firstFailedAt: row.firstFailedAt,
    lastFailedAt: row.lastFailedAt,
  };
}

/** The longest remote message a connection test echoes to the browser. */
export const TEST_DETAIL_MAX = 200;

/**
 * What "Prova connessione" echoes of the remote: its status and a short message on one line, never
 * a body of any size (a test must not become a way to read pages through head office).
 */
export function shortDetail(text: string): string {
  const clean = [...text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()];
  return clean.length <= TEST_DETAIL_MAX ? clean.join('') : `${clean.slice(0, TEST_DETAIL_MAX - 1).join('')}…`;
}

/** A failure talking to the channel, for the owner who started the link or reconciliation. */
function remoteFailure(error: unknown): unknown {
  if (error instanceof ChannelCallError) return new CassaError('DEVICE_UNAVAILABLE', `The channel did not answer as expected: ${error.detail}`, { reason: 'channel-remote-failed', detail: `${error.problem}: ${error.detail}` });
  return error;
}

/** What every procedure needs. */
interface ServiceContext {
  readonly storage: SyncStorage;
  readonly runtime: ChannelRuntime;
  readonly now: () => Date;
  /** Something was queued: the worker should look now. */
  readonly wake: () => void;
  /** How long `channels.link` waits before it answers and lets a large link go on in the background. */
  readonly linkWaitMs: number;
  /** Links still running in the background, by organisation and account; a failed one waits here for the next ask. */
  readonly links: Map<string, { done: Promise<MappingCounts>; failure: unknown }>;
}

/** What an owner waits for at most before "Collega prodotti" answers "still linking". */
export const LINK_WAIT_MS = 20_000;

const owner = (user: HeadOfficeUserRow): void => requireRole(user, 'owner');

export function createChannelsService(deps: {
  readonly storage: SyncStorage;
  readonly runtime: ChannelRuntime;
  readonly now: () => Date;
  /** Something was queued: the worker should look now. */
  readonly wake?: () => void;
  readonly linkWaitMs?: number;
}): ChannelsService {
  const ctx: ServiceContext = { storage: deps.storage, runtime: deps.runtime, now: deps.now, wake: () => deps.wake?.(), linkWaitMs: deps.linkWaitMs ?? LINK_WAIT_MS, links: new Map() };
  return { ...accountProcedures(ctx), ...mappingProcedures(ctx), ...queueProcedures(ctx) };
}

async function accountOf(ctx: ServiceContext, user: HeadOfficeUserRow, accountId: string): Promise<ChannelAccountRow> {
  const account = await ctx.storage.channels.getAccount(user.organisationId, accountId);
  if (!account) throw new CassaError('NOT_FOUND', 'No such channel');
  return account;
}

async function requireStores(ctx: ServiceContext, organisationId: string, storeIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(storeIds)];
  for (const storeId of unique) if (!(await ctx.storage.storeExists(organisationId, storeId))) throw new CassaError('NOT_FOUND', `No such store: ${storeId}`);
  return unique;
}

async function views(ctx: ServiceContext, organisationId: string, accounts: readonly ChannelAccountRow[]): Promise<ChannelAccountView[]> {
  if (accounts.length === 0) return [];
  const at = ctx.now();
  const [depth, dead, counts, orders] = await Promise.all([
    ctx.storage.channels.jobs.depth(organisationId),
    ctx.storage.channels.openDeadLetterCounts(organisationId),
    ctx.storage.channels.mappingCounts(organisationId),
    ctx.storage.channels.ordersSince(organisationId, new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())).toISOString()),
  ]);
  return accounts.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: a.name,
    status: a.status === 'disconnected' ? 'paused' : a.status,
    storeIds: [...a.storeIds],
    safetyBuffer: a.safetyBuffer,
    credentialHints: { ...a.credentialHints },
    lastStockPushAt: a.lastStockPushAt,
    lastOrderPullAt: a.lastOrderPullAt,
    lastReconcileAt: a.lastReconcileAt,
    lastProblem: a.lastProblem,
    lastProblemDetail: a.lastProblemDetail,
    lastProblemAt: a.lastProblemAt,
    queueDepth: depth.get(a.id) ?? 0,
    deadLetters: dead.get(a.id) ?? 0,
    mapping: counts.get(a.id) ?? NO_COUNTS,
    ordersToday: orders.get(a.id) ?? 0,
    createdAt: a.createdAt,
  }));
}

const viewOf = async (ctx: ServiceContext, account: ChannelAccountRow): Promise<ChannelAccountView> => (await views(ctx, account.organisationId, [account]))[0]!;

async function tested(connector: () => ChannelConnector): Promise<ChannelTestResult> {
  try {
    const result = await connector().testConnection();
    return { ok: result.ok, problem: result.problem, detail: shortDetail(result.detail), summary: result.summary.slice(0, 500) };
  } catch (error) {
    if (error instanceof ChannelCallError) return { ok: false, problem: error.problem, detail: shortDetail(error.detail), summary: '' };
    if (error instanceof CassaError) throw error;
    return { ok: false, problem: 'unreachable', detail: shortDetail(error instanceof Error ? error.message : String(error)), summary: '' };
  }
}

/** A page row for a variant's mapping or a remote-only item. */
function mappingRow(mapping: ChannelMapping | null, item: RemoteItem | null, product: Product | undefined): ChannelMappingRow {
  const variant = mapping === null ? undefined : product?.variants.find((v) => v.id === mapping.variantId);
  const options = variant ? Object.values(variant.options).join(' / ') : '';
  return {
    state: mapping === null ? 'remote-only' : mapping.state,
    variantId: mapping?.variantId ?? null,
    productName: product?.name ?? '',
    options,
    sku: variant?.sku ?? '',
    barcode: variant?.barcodes[0] ?? '',
    remoteProductId: mapping === null ? (item?.remoteProductId ?? null) : mapping.remoteProductId,
    remoteVariantId: mapping === null ? (item?.remoteVariantId ?? null) : mapping.remoteVariantId,
    remoteSku: mapping === null ? (item?.sku ?? null) : mapping.remoteSku,
    remoteTitle: item?.title ?? '',
    detail: mapping ? decodeLinkNote(mapping.detail) : null,
    lastPushedQuantity: mapping?.lastPushedQuantity ?? null,
    lastSeenQuantity: mapping === null ? (item?.quantity ?? null) : mapping.lastSeenQuantity,
  };
}

async function resolveDeadLetter(ctx: ServiceContext, user: HeadOfficeUserRow, accountId: string, deadLetterId: string, state: 'ignored' | 'retried'): Promise<DeadLetterView> {
  owner(user);
  const account = await accountOf(ctx, user, accountId);
  const letter = await ctx.storage.channels.getDeadLetter(user.organisationId, account.id, deadLetterId);
  if (!letter) throw new CassaError('NOT_FOUND', 'No such dead letter');
  const at = ctx.now();
  const done = await ctx.storage.channels.transaction(async (tx) => {
    const resolved = await ctx.storage.channels.resolveDeadLetter(tx, user.organisationId, account.id, deadLetterId, state, user.id, at);
    // A retried stock job is sent with the quantity of the moment, not the refused one.
    if (resolved && state === 'retried' && letter.kind !== 'orders') {
      await ctx.storage.channels.jobs.enqueue(tx, [{ organisationId: user.organisationId, accountId: account.id, kind: letter.kind as (typeof jobKinds)[number], jobKey: letter.jobKey, payload: letter.payload, dueAt: at }], at);
    }
    return resolved;
  });
  if (!done) throw new CassaError('CONFLICT', 'This dead letter was already retried or ignored', { reason: 'channel-dead-letter-closed' });
  if (state === 'retried') ctx.wake();
  return deadLetterView((await ctx.storage.channels.getDeadLetter(user.organisationId, account.id, deadLetterId))!);
}

function accountProcedures(ctx: ServiceContext): Pick<ChannelsService, 'list' | 'test' | 'connect' | 'update' | 'disconnect'> {
  return {
  async list(user) {
    return views(ctx, user.organisationId, await ctx.storage.channels.listAccounts(user.organisationId));
  },

  async test(user, input) {
    owner(user);
    if ((input.credentials === undefined) === (input.accountId === undefined)) {
      throw new CassaError('VALIDATION', 'Give either credentials or a connected channel', { reason: 'channel-test-input' });
    }
    if (input.credentials !== undefined) {
      const credentials = input.credentials;
      return tested(() => ctx.runtime.connectorForCredentials(credentials));
    }
    const account = await accountOf(ctx, user, input.accountId!);
    return tested(() => ctx.runtime.connector(account));
  },

  async connect(user, input) {
    owner(user);
    const storeIds = await requireStores(ctx, user.organisationId, input.storeIds);
    const id = `ch-${randomUUID()}`;
    const sealed = ctx.runtime.vault.seal(user.organisationId, id, input.credentials);
    const at = ctx.now().toISOString();
    const row: ChannelAccountRow = {
      organisationId: user.organisationId,
      id,
      kind: input.credentials.kind,
      name: input.name,
      status: 'active',
      storeIds,
      safetyBuffer: input.safetyBuffer,
      credentials: sealed.sealed,
      credentialsKeyId: sealed.keyId,
      credentialHints: credentialHints(input.credentials),
      lastStockPushAt: null,
      lastOrderPullAt: null,
      lastReconcileAt: null,
      lastProblem: null,
      lastProblemDetail: null,
      lastProblemAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await ctx.storage.channels.createAccount(row);
    ctx.wake();
    return viewOf(ctx, row);
  },

  async update(user, input) {
    owner(user);
    const account = await accountOf(ctx, user, input.accountId);
    const patch: { -readonly [K in keyof AccountPatch]: AccountPatch[K] } = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.safetyBuffer !== undefined) patch.safetyBuffer = input.safetyBuffer;
    if (input.storeIds !== undefined) patch.storeIds = await requireStores(ctx, user.organisationId, input.storeIds);
    if (input.credentials !== undefined) {
      if (input.credentials.kind !== account.kind) throw new CassaError('VALIDATION', 'The new credentials are for another kind of channel', { reason: 'channel-kind-mismatch' });
      const sealed = ctx.runtime.vault.seal(user.organisationId, account.id, input.credentials);
      Object.assign(patch, { credentials: sealed.sealed, credentialsKeyId: sealed.keyId, credentialHints: credentialHints(input.credentials) });
    } else if (ctx.runtime.vault.currentKeyId !== null && account.credentialsKeyId !== ctx.runtime.vault.currentKeyId) {
      // Every write moves a row still under an older key to the current one.
      try {
        const sealed = ctx.runtime.vault.seal(user.organisationId, account.id, ctx.runtime.credentials(account));
        Object.assign(patch, { credentials: sealed.sealed, credentialsKeyId: sealed.keyId });
      } catch {
        // Unreadable under every key: left as it is; the owner must enter the credentials again.
      }
    }
    // New credentials re-enable an account the channel had refused; pausing holds the queue.
    const paused = input.paused ?? account.status === 'paused';
    if (paused) patch.status = 'paused';
    else if (account.status === 'auth-failed' && input.credentials === undefined) patch.status = 'auth-failed';
    else patch.status = 'active';
    if (!(await ctx.storage.channels.updateAccount(user.organisationId, account.id, patch, ctx.now()))) throw new CassaError('NOT_FOUND', 'No such channel');
    if (patch.status === 'active' && account.status !== 'active') {
      await ctx.storage.channels.recordActivity(user.organisationId, account.id, { problem: null }, ctx.now());
    }
    ctx.wake();
    return viewOf(ctx, (await ctx.storage.channels.getAccount(user.organisationId, account.id))!);
  },

  async disconnect(user, accountId) {
    owner(user);
    const account = await accountOf(ctx, user, accountId);
    await ctx.storage.channels.disconnectAccount(user.organisationId, account.id, ctx.now());
    return {};
  },
  };
}

function mappingProcedures(ctx: ServiceContext): Pick<ChannelsService, 'link' | 'mapping' | 'setMapping'> {
  return {
  async link(user, accountId) {
    owner(user);
    const account = await accountOf(ctx, user, accountId);
    const key = `${account.organisationId}\u0000${account.id}`;
    let run = ctx.links.get(key);
    if (run && run.failure !== undefined) {
      // The background link that failed is reported to the one who asks next, then forgotten.
      ctx.links.delete(key);
      throw remoteFailure(run.failure);
    }
    if (!run) {
      // A large eBay or Amazon catalogue takes minutes at their rates: the link goes on after the
      // answer, one per account, and the page reads the counts again until it is done.
      const started = { done: linkAccount(ctx.runtime, account), failure: undefined as unknown };
      started.done.then(
        () => {
          ctx.links.delete(key);
          ctx.wake();
        },
        (error: unknown) => {
          started.failure = error;
        },
      );
      ctx.links.set(key, started);
      run = started;
    }
    const finished = await Promise.race([run.done.then((counts) => counts, () => null), new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ctx.linkWaitMs).unref())]);
    if (finished === 'waiting') return { ...((await ctx.storage.channels.mappingCounts(user.organisationId)).get(account.id) ?? NO_COUNTS), running: true };
    if (finished === null) {
      ctx.links.delete(key);
      throw remoteFailure(run.failure);
    }
    return { ...finished, running: false };
  },

  async mapping(user, query) {
    const account = await accountOf(ctx, user, query.accountId);
    const [mappings, items, counts] = await Promise.all([
      ctx.storage.channels.mappings(user.organisationId, account.id),
      ctx.storage.channels.remoteItems(user.organisationId, account.id),
      ctx.storage.channels.mappingCounts(user.organisationId),
    ]);
    const itemsByKey = new Map(items.map((i) => [remoteKey(i.remoteProductId, i.remoteVariantId), i]));
    const claimed = new Set([...mappings.values()].filter((m) => m.remoteProductId !== null).map((m) => remoteKey(m.remoteProductId, m.remoteVariantId)));
    type Entry = { mapping: ChannelMapping | null; item: RemoteItem | null; state: ChannelMappingState };
    const entries: Entry[] = [
      ...[...mappings.values()].map((m) => ({ mapping: m, item: itemsByKey.get(remoteKey(m.remoteProductId, m.remoteVariantId)) ?? null, state: m.state })),
      ...items.filter((i) => !claimed.has(remoteKey(i.remoteProductId, i.remoteVariantId))).map((i) => ({ mapping: null, item: i, state: 'remote-only' as const })),
    ];
    const q = query.q?.trim().toLowerCase() ?? '';
    const order: Record<ChannelMappingState, number> = { conflict: 0, stale: 1, unmatched: 2, 'remote-only': 3, matched: 4 };
    const chosen = entries
      .filter((e) => query.state === undefined || e.state === query.state)
      .filter((e) => q === '' || [e.mapping?.variantId, e.mapping?.remoteSku, e.item?.sku, e.item?.title, e.item?.remoteProductId].some((v) => v?.toLowerCase().includes(q)))
      .sort((a, b) => order[a.state] - order[b.state] || (a.mapping?.variantId ?? a.item?.remoteProductId ?? '').localeCompare(b.mapping?.variantId ?? b.item?.remoteProductId ?? ''));
    const page = chosen.slice(query.offset, query.offset + query.limit);
    const products = await ctx.storage.channels.productsOfVariants(
      user.organisationId,
      page.flatMap((e) => (e.mapping ? [e.mapping.variantId] : [])),
    );
    return {
      counts: counts.get(account.id) ?? NO_COUNTS,
      total: chosen.length,
      rows: page.map((e) => mappingRow(e.mapping, e.item, e.mapping ? products.get(e.mapping.variantId) : undefined)),
    };
  },

  async setMapping(user, input) {
    owner(user);
    const account = await accountOf(ctx, user, input.accountId);
    const product = (await ctx.storage.channels.productsOfVariants(user.organisationId, [input.variantId])).get(input.variantId);
    if (!product) throw new CassaError('NOT_FOUND', 'No such variant');
    const at = ctx.now();
    const existing = (await ctx.storage.channels.mappings(user.organisationId, account.id)).get(input.variantId);
    const base: ChannelMapping = existing ?? { ...blankMapping(input.variantId, undefined), manual: true };
    let item: RemoteItem | null = null;
    let mapping: ChannelMapping;
    const changed: ChannelMapping[] = [];
    if (input.remote === null) {
      mapping = { ...base, state: 'unmatched', remoteProductId: null, remoteVariantId: null, remoteStockId: null, remoteOfferId: null, remoteSku: null, detail: encodeLinkNote({ reason: 'unlinked-by-hand', values: [] }), lastPushedQuantity: null, manual: true };
    } else {
      const wanted = remoteKey(input.remote.remoteProductId, input.remote.remoteVariantId);
      item = (await ctx.storage.channels.remoteItems(user.organisationId, account.id)).find((i) => remoteKey(i.remoteProductId, i.remoteVariantId) === wanted) ?? null;
      if (!item) throw new CassaError('NOT_FOUND', 'No such remote item: link the channel again to read its items');
      const same = remoteKey(base.remoteProductId, base.remoteVariantId) === wanted;
      mapping = {
        ...base,
        state: 'matched',
        remoteProductId: item.remoteProductId,
        remoteVariantId: item.remoteVariantId,
        remoteStockId: item.remoteStockId,
        remoteOfferId: item.remoteOfferId,
        remoteSku: item.sku,
        detail: encodeLinkNote({ reason: 'by-hand', values: [] }),
        lastPushedQuantity: same ? base.lastPushedQuantity : null,
        lastSeenQuantity: item.quantity,
        manual: true,
      };
      // Another variant linked automatically to this item lets go of it.
      for (const other of (await ctx.storage.channels.mappings(user.organisationId, account.id)).values()) {
        if (other.variantId !== input.variantId && remoteKey(other.remoteProductId, other.remoteVariantId) === wanted) {
          changed.push({ ...other, state: 'unmatched', remoteProductId: null, remoteVariantId: null, remoteStockId: null, remoteOfferId: null, remoteSku: null, detail: encodeLinkNote({ reason: 'given-to-another', values: [input.variantId] }), lastPushedQuantity: null });
        }
      }
    }
    await ctx.storage.channels.putMappings(user.organisationId, account.id, [...changed, mapping], at);
    if (mapping.state === 'matched') {
      await ctx.storage.channels.transaction((tx) =>
        ctx.storage.channels.jobs.enqueue(tx, [{ organisationId: user.organisationId, accountId: account.id, kind: 'stock', jobKey: input.variantId, payload: JSON.stringify({ variantId: input.variantId }), dueAt: at }], at),
      );
      ctx.wake();
    }
    return mappingRow(mapping, item, product);
  },
  };
}

function queueProcedures(ctx: ServiceContext): Pick<ChannelsService, 'publish' | 'reconcile' | 'deadLetters' | 'retryDeadLetter' | 'ignoreDeadLetter'> {
  return {
  async publish(user, accountId, productIds) {
    owner(user);
    const account = await accountOf(ctx, user, accountId);
    if (account.kind !== 'prestashop') throw new CassaError('CONFLICT', 'Publishing is available for PrestaShop only', { reason: 'channel-publish-unsupported' });
    const unique = [...new Set(productIds)];
    const found = new Set((await ctx.storage.channels.catalogue(user.organisationId, unique)).map((p) => p.id));
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw new CassaError('NOT_FOUND', `No such product: ${missing}`);
    const at = ctx.now();
    await ctx.storage.channels.transaction((tx) =>
      ctx.storage.channels.jobs.enqueue(
        tx,
        unique.map((productId) => ({ organisationId: user.organisationId, accountId: account.id, kind: 'publish' as const, jobKey: productId, payload: JSON.stringify({ productId }), dueAt: at })),
        at,
      ),
    );
    ctx.wake();
    return { queued: unique.length };
  },

  async reconcile(user, accountId) {
    owner(user);
    const account = await accountOf(ctx, user, accountId);
    try {
      const outcome = await reconcileAccount(ctx.runtime, account, ctx.runtime.connector(account));
      ctx.wake();
      return outcome;
    } catch (error) {
      throw remoteFailure(error);
    }
  },

  async deadLetters(user, accountId, state) {
    const account = await accountOf(ctx, user, accountId);
    return (await ctx.storage.channels.deadLetters(user.organisationId, account.id, state)).map(deadLetterView);
  },
  retryDeadLetter: (user, accountId, deadLetterId) => resolveDeadLetter(ctx, user, accountId, deadLetterId, 'retried'),
  ignoreDeadLetter: (user, accountId, deadLetterId) => resolveDeadLetter(ctx, user, accountId, deadLetterId, 'ignored'),
  };
}
