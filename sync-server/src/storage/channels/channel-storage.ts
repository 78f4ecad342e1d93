/**
 * @module
 * Head office's storage for channel accounts, mappings, remote items, the job queue, dead letters
 * and cursors (issue 18). Every read and write is scoped by the organisation: an account id of
 * another organisation finds nothing. Credentials arrive sealed (`credentials-vault.ts`); this
 * module never sees them in the clear.
 */
import type { ChannelKind, ChannelMappingState, ChannelProblem, Product, StoreStock } from '@cassa/shared';
import type { SqlDatabase, SqlExecutor, SqlRow } from '../sql-database';
import { toNumber } from '../sql-database';
import { insertMany } from '../multi-row';
import type { MultiRowTable } from '../multi-row';
import { createChannelJobQueue, withoutNul } from './channel-jobs';
import type { ChannelJobQueue } from './channel-jobs';

export { enqueueStockChanges } from './channel-jobs';
export type { ChannelJob, ChannelJobKind, ChannelJobQueue, NewChannelJob } from './channel-jobs';

/** `disconnected` is storage's own: such an account is kept for its orders but listed nowhere. */
export type StoredAccountStatus = 'active' | 'paused' | 'auth-failed' | 'disconnected';

export interface ChannelAccountRow {
  readonly organisationId: string;
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly status: StoredAccountStatus;
  readonly storeIds: readonly string[];
  readonly safetyBuffer: number;
  readonly credentials: string;
  readonly credentialsKeyId: string;
  readonly credentialHints: Readonly<Record<string, string>>;
  readonly lastStockPushAt: string | null;
  readonly lastOrderPullAt: string | null;
  readonly lastReconcileAt: string | null;
  readonly lastProblem: ChannelProblem | null;
  readonly lastProblemDetail: string | null;
  readonly lastProblemAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ChannelMapping {
  readonly variantId: string;
  readonly state: Exclude<ChannelMappingState, 'remote-only'>;
  readonly remoteProductId: string | null;
  readonly remoteVariantId: string | null;
  readonly remoteStockId: string | null;
  readonly remoteOfferId: string | null;
  readonly remoteSku: string | null;
  readonly detail: string;
  readonly lastPushedQuantity: number | null;
  readonly lastPushedAt: string | null;
  readonly lastSeenQuantity: number | null;
  readonly lastSeenAt: string | null;
  readonly revisionsDay: string | null;
  readonly revisions: number;
  readonly manual: boolean;
}

export interface RemoteItem {
  readonly remoteProductId: string;
  readonly remoteVariantId: string;
  readonly sku: string | null;
  readonly barcodeKey: string | null;
  readonly barcode: string | null;
  readonly quantity: number | null;
  readonly remoteStockId: string | null;
  readonly remoteOfferId: string | null;
  readonly title: string;
}

export interface DeadLetterRow {
  readonly id: string;
  readonly accountId: string;
  readonly kind: string;
  readonly jobKey: string;
  readonly payload: string;
  readonly attempts: number;
  readonly problem: ChannelProblem;
  readonly detail: string;
  readonly remoteStatus: number | null;
  readonly state: 'open' | 'ignored' | 'retried';
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
}

export interface MappingCounts {
  readonly matched: number;
  readonly unmatched: number;
  readonly conflicting: number;
  readonly remoteOnly: number;
}

export type AccountPatch = Partial<Pick<ChannelAccountRow, 'name' | 'status' | 'storeIds' | 'safetyBuffer' | 'credentials' | 'credentialsKeyId' | 'credentialHints'>>;

export interface ChannelStorage {
  readonly jobs: ChannelJobQueue;
  createAccount(row: ChannelAccountRow): Promise<void>;
  /** Null when the organisation has no such account (or it was disconnected). */
  getAccount(organisationId: string, accountId: string): Promise<ChannelAccountRow | null>;
  /** The organisation's connected accounts, oldest first. */
  listAccounts(organisationId: string): Promise<ChannelAccountRow[]>;
  /** Every connected account of every organisation that is syncing (the worker's round). */
  activeAccounts(): Promise<ChannelAccountRow[]>;
  /** Accounts whose credentials are sealed under another key than `keyId` (the re-encryption pass). */
  accountsNotUnder(keyId: string, limit: number): Promise<ChannelAccountRow[]>;
  /** False when the account is unknown or disconnected. */
  updateAccount(organisationId: string, accountId: string, patch: AccountPatch, now: Date): Promise<boolean>;
  /** Re-seals under a newer key; false when the row changed meanwhile (an owner replaced the credentials). */
  resealCredentials(organisationId: string, accountId: string, from: string, sealed: { readonly sealed: string; readonly keyId: string }): Promise<boolean>;
  /** Organisations with at least one syncing account. */
  organisationsWithChannels(): Promise<Set<string>>;
  /** Erases the credentials, drops the waiting jobs; the orders stay. */
  disconnectAccount(organisationId: string, accountId: string, now: Date): Promise<boolean>;
  /** Stamps what the worker did last (`null` problem clears it). */
  recordActivity(
    organisationId: string,
    accountId: string,
    activity: { readonly stockPushAt?: Date; readonly orderPullAt?: Date; readonly reconcileAt?: Date; readonly problem?: { readonly problem: ChannelProblem; readonly detail: string } | null },
    now: Date,
  ): Promise<void>;
  /** The account refused its credentials: nothing is sent until they are replaced. */
  markAuthFailed(organisationId: string, accountId: string, problem: ChannelProblem, detail: string, now: Date): Promise<void>;

  mappings(organisationId: string, accountId: string, variantIds?: readonly string[]): Promise<Map<string, ChannelMapping>>;
  /** Replaces the account's automatic mappings with these (manual ones are kept as they are), in one transaction. */
  replaceMappings(organisationId: string, accountId: string, rows: readonly ChannelMapping[], now: Date): Promise<void>;
  /** Writes these mappings (upsert), manual flag included. */
  putMappings(organisationId: string, accountId: string, rows: readonly ChannelMapping[], now: Date): Promise<void>;
  deleteMapping(organisationId: string, accountId: string, variantId: string): Promise<void>;
  markStale(organisationId: string, accountId: string, variantIds: readonly string[], detail: string, now: Date): Promise<void>;
  /** `quantity` null: sent, but not known to stand (an earlier write may land over it). */
  recordPushed(organisationId: string, accountId: string, pushed: readonly { readonly variantId: string; readonly quantity: number | null; readonly revisionsDay: string; readonly revisions: number }[], now: Date): Promise<void>;
  recordSeen(organisationId: string, accountId: string, seen: readonly { readonly variantId: string; readonly quantity: number | null }[], now: Date): Promise<void>;
  mappingCounts(organisationId: string): Promise<Map<string, MappingCounts>>;

  /** Replaces every remote item of the account with a fresh listing read. */
  replaceRemoteItems(organisationId: string, accountId: string, items: readonly RemoteItem[], now: Date): Promise<void>;
  remoteItems(organisationId: string, accountId: string): Promise<RemoteItem[]>;

  /** On-hand and held-for-orders stock of these variants at these stores. */
  stockOf(organisationId: string, storeIds: readonly string[], variantIds: readonly string[]): Promise<Map<string, StoreStock[]>>;

  deadLetters(organisationId: string, accountId: string, state?: DeadLetterRow['state']): Promise<DeadLetterRow[]>;
  getDeadLetter(organisationId: string, accountId: string, id: string): Promise<DeadLetterRow | null>;
  /** Marks it resolved; answers the row as it is now (null when unknown or not open). */
  resolveDeadLetter(tx: SqlExecutor, organisationId: string, accountId: string, id: string, state: 'ignored' | 'retried', by: string, now: Date): Promise<boolean>;
  openDeadLetterCounts(organisationId: string): Promise<Map<string, number>>;

  cursor(organisationId: string, accountId: string, stream: string): Promise<string | null>;
  /** Orders imported today per account, when the orders table has any rows. */
  ordersSince(organisationId: string, since: string): Promise<Map<string, number>>;
  /** Head office's catalogue as stored (deleted products left out). */
  catalogue(organisationId: string, productIds?: readonly string[]): Promise<Product[]>;
  /** The product each of these variants belongs to. */
  productsOfVariants(organisationId: string, variantIds: readonly string[]): Promise<Map<string, Product>>;
  /** The store's time zone (Europe/Rome when unknown). */
  timeZoneOf(organisationId: string, storeId: string): Promise<string>;
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

const ACCOUNT_COLUMNS =
  'organisation_id, id, kind, name, status, store_ids, safety_buffer, credentials, credentials_key_id, credential_hints, last_stock_push_at, last_order_pull_at, last_reconcile_at, last_problem, last_problem_detail, last_problem_at, created_at, updated_at';

const nullableText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));

function accountOf(row: SqlRow): ChannelAccountRow {
  return {
    organisationId: String(row.organisation_id),
    id: String(row.id),
    kind: String(row.kind) as ChannelKind,
    name: String(row.name),
    status: String(row.status) as StoredAccountStatus,
    storeIds: JSON.parse(String(row.store_ids)) as string[],
    safetyBuffer: toNumber(row.safety_buffer),
    credentials: String(row.credentials),
    credentialsKeyId: String(row.credentials_key_id),
    credentialHints: JSON.parse(String(row.credential_hints)) as Record<string, string>,
    lastStockPushAt: nullableText(row.last_stock_push_at),
    lastOrderPullAt: nullableText(row.last_order_pull_at),
    lastReconcileAt: nullableText(row.last_reconcile_at),
    lastProblem: nullableText(row.last_problem) as ChannelProblem | null,
    lastProblemDetail: nullableText(row.last_problem_detail),
    lastProblemAt: nullableText(row.last_problem_at),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

const MAPPING_COLUMNS =
  'variant_id, state, remote_product_id, remote_variant_id, remote_stock_id, remote_offer_id, remote_sku, detail, last_pushed_quantity, last_pushed_at, last_seen_quantity, last_seen_at, revisions_day, revisions, manual';

function mappingOf(row: SqlRow): ChannelMapping {
  return {
    variantId: String(row.variant_id),
    state: String(row.state) as ChannelMapping['state'],
    remoteProductId: nullableText(row.remote_product_id),
    remoteVariantId: nullableText(row.remote_variant_id),
    remoteStockId: nullableText(row.remote_stock_id),
    remoteOfferId: nullableText(row.remote_offer_id),
    remoteSku: nullableText(row.remote_sku),
    detail: String(row.detail),
    lastPushedQuantity: nullableNumber(row.last_pushed_quantity),
    lastPushedAt: nullableText(row.last_pushed_at),
    lastSeenQuantity: nullableNumber(row.last_seen_quantity),
    lastSeenAt: nullableText(row.last_seen_at),
    revisionsDay: nullableText(row.revisions_day),
    revisions: toNumber(row.revisions),
    manual: toNumber(row.manual) === 1,
  };
}

const MAPPINGS: MultiRowTable = {
  table: 'channel_mappings',
  columns: [
    'organisation_id',
    'account_id',
    'variant_id',
    'state',
    'remote_product_id',
    'remote_variant_id',
    'remote_stock_id',
    'remote_offer_id',
    'remote_sku',
    'detail',
    'last_pushed_quantity',
    'last_pushed_at',
    'last_seen_quantity',
    'last_seen_at',
    'revisions_day',
    'revisions',
    'manual',
    'updated_at',
  ],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'text', 'integer', 'text', 'text', 'integer', 'integer', 'text'],
  suffix: '',
};
const MAPPINGS_UPSERT: MultiRowTable = {
  ...MAPPINGS,
  suffix: ` ON CONFLICT (organisation_id, account_id, variant_id) DO UPDATE SET state = excluded.state, remote_product_id = excluded.remote_product_id,
    remote_variant_id = excluded.remote_variant_id, remote_stock_id = excluded.remote_stock_id, remote_offer_id = excluded.remote_offer_id,
    remote_sku = excluded.remote_sku, detail = excluded.detail, last_pushed_quantity = excluded.last_pushed_quantity, last_pushed_at = excluded.last_pushed_at,
    last_seen_quantity = excluded.last_seen_quantity, last_seen_at = excluded.last_seen_at, revisions_day = excluded.revisions_day,
    revisions = excluded.revisions, manual = excluded.manual, updated_at = excluded.updated_at`,
};

const REMOTE_ITEMS: MultiRowTable = {
  table: 'channel_remote_items',
  columns: ['organisation_id', 'account_id', 'remote_product_id', 'remote_variant_id', 'sku', 'barcode_key', 'barcode', 'quantity', 'remote_stock_id', 'remote_offer_id', 'title', 'seen_at'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'text', 'text', 'text', 'text'],
  // A remote that lists one item twice (paging that shifted under us) keeps the last copy.
  suffix: ` ON CONFLICT (organisation_id, account_id, remote_product_id, remote_variant_id) DO UPDATE SET sku = excluded.sku, barcode_key = excluded.barcode_key,
    barcode = excluded.barcode, quantity = excluded.quantity, remote_stock_id = excluded.remote_stock_id, remote_offer_id = excluded.remote_offer_id, title = excluded.title, seen_at = excluded.seen_at`,
};

function deadLetterOf(row: SqlRow): DeadLetterRow {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    kind: String(row.kind),
    jobKey: String(row.job_key),
    payload: String(row.payload),
    attempts: toNumber(row.attempts),
    problem: String(row.problem) as ChannelProblem,
    detail: String(row.detail),
    remoteStatus: nullableNumber(row.remote_status),
    state: String(row.state) as DeadLetterRow['state'],
    firstFailedAt: String(row.first_failed_at),
    lastFailedAt: String(row.last_failed_at),
  };
}

/** `IN (?, ?, …)` for a list, in slices small enough for SQLite's parameter limit. */
function slices<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function mappingRow(organisationId: string, accountId: string, m: ChannelMapping, now: string): (string | number | null)[] {
  return [
    organisationId,
    accountId,
    m.variantId,
    m.state,
    m.remoteProductId,
    m.remoteVariantId,
    m.remoteStockId,
    m.remoteOfferId,
    m.remoteSku,
    withoutNul(m.detail).slice(0, 500),
    m.lastPushedQuantity,
    m.lastPushedAt,
    m.lastSeenQuantity,
    m.lastSeenAt,
    m.revisionsDay,
    m.revisions,
    m.manual ? 1 : 0,
    now,
  ];
}

export function createChannelStorage(db: SqlDatabase): ChannelStorage {
  return {
    jobs: createChannelJobQueue(db),
    transaction: (work) => db.transaction(work),
    ...accountMethods(db),
    ...mappingMethods(db),
    ...readMethods(db),
    ...letterMethods(db),
    ...catalogueMethods(db),
  };
}

function accountMethods(db: SqlDatabase): Pick<ChannelStorage, 'createAccount' | 'getAccount' | 'listAccounts' | 'activeAccounts' | 'accountsNotUnder' | 'updateAccount' | 'resealCredentials' | 'organisationsWithChannels' | 'disconnectAccount' | 'recordActivity' | 'markAuthFailed'> {
  const jobs = createChannelJobQueue(db);
  return {
  async createAccount(row) {
    await db.query(
      `INSERT INTO channel_accounts (${ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
      [
        row.organisationId,
        row.id,
        row.kind,
        row.name,
        row.status,
        JSON.stringify(row.storeIds),
        row.safetyBuffer,
        row.credentials,
        row.credentialsKeyId,
        JSON.stringify(row.credentialHints),
        row.createdAt,
        row.updatedAt,
      ],
    );
  },
  async getAccount(organisationId, accountId) {
    const rows = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM channel_accounts WHERE organisation_id = ? AND id = ? AND status <> 'disconnected'`, [organisationId, accountId]);
    return rows[0] ? accountOf(rows[0]) : null;
  },
  async listAccounts(organisationId) {
    const rows = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM channel_accounts WHERE organisation_id = ? AND status <> 'disconnected' ORDER BY created_at, id`, [organisationId]);
    return rows.map(accountOf);
  },
  async activeAccounts() {
    const rows = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM channel_accounts WHERE status = 'active' ORDER BY organisation_id, id`);
    return rows.map(accountOf);
  },
  async accountsNotUnder(keyId, limit) {
    const rows = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM channel_accounts WHERE status <> 'disconnected' AND credentials_key_id <> ? ORDER BY organisation_id, id LIMIT ?`, [keyId, limit]);
    return rows.map(accountOf);
  },
  async updateAccount(organisationId, accountId, patch, now) {
    const sets: string[] = [];
    const values: (string | number)[] = [];
    const set = (column: string, value: string | number) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.storeIds !== undefined) set('store_ids', JSON.stringify(patch.storeIds));
    if (patch.safetyBuffer !== undefined) set('safety_buffer', patch.safetyBuffer);
    if (patch.credentials !== undefined) set('credentials', patch.credentials);
    if (patch.credentialsKeyId !== undefined) set('credentials_key_id', patch.credentialsKeyId);
    if (patch.credentialHints !== undefined) set('credential_hints', JSON.stringify(patch.credentialHints));
    set('updated_at', now.toISOString());
    const rows = await db.query(`UPDATE channel_accounts SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ? AND status <> 'disconnected' RETURNING id`, [
      ...values,
      organisationId,
      accountId,
    ]);
    return rows.length > 0;
  },
  async resealCredentials(organisationId, accountId, from, sealed) {
    const rows = await db.query('UPDATE channel_accounts SET credentials = ?, credentials_key_id = ? WHERE organisation_id = ? AND id = ? AND credentials = ? RETURNING id', [
      sealed.sealed,
      sealed.keyId,
      organisationId,
      accountId,
      from,
    ]);
    return rows.length > 0;
  },
  async organisationsWithChannels() {
    const rows = await db.query<{ organisation_id: string }>("SELECT DISTINCT organisation_id FROM channel_accounts WHERE status = 'active'");
    return new Set(rows.map((r) => r.organisation_id));
  },
  async disconnectAccount(organisationId, accountId, now) {
    return db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE channel_accounts SET status = 'disconnected', credentials = '', credentials_key_id = '', credential_hints = '{}', disconnected_at = ?, updated_at = ?
         WHERE organisation_id = ? AND id = ? AND status <> 'disconnected' RETURNING id`,
        [now.toISOString(), now.toISOString(), organisationId, accountId],
      );
      if (rows.length === 0) return false;
      await jobs.dropAll(tx, organisationId, accountId);
      return true;
    });
  },
  async recordActivity(organisationId, accountId, activity, now) {
    const sets: string[] = [];
    const values: (string | null)[] = [];
    if (activity.stockPushAt) (sets.push('last_stock_push_at = ?'), values.push(activity.stockPushAt.toISOString()));
    if (activity.orderPullAt) (sets.push('last_order_pull_at = ?'), values.push(activity.orderPullAt.toISOString()));
    if (activity.reconcileAt) (sets.push('last_reconcile_at = ?'), values.push(activity.reconcileAt.toISOString()));
    if (activity.problem === null) sets.push('last_problem = NULL, last_problem_detail = NULL, last_problem_at = NULL');
    else if (activity.problem !== undefined) {
      sets.push('last_problem = ?, last_problem_detail = ?, last_problem_at = ?');
      values.push(activity.problem.problem, withoutNul(activity.problem.detail).slice(0, 500), now.toISOString());
    }
    if (sets.length === 0) return;
    await db.query(`UPDATE channel_accounts SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ?`, [...values, organisationId, accountId]);
  },
  async markAuthFailed(organisationId, accountId, problem, detail, now) {
    await db.query(
      `UPDATE channel_accounts SET status = 'auth-failed', last_problem = ?, last_problem_detail = ?, last_problem_at = ?, updated_at = ?
       WHERE organisation_id = ? AND id = ? AND status = 'active'`,
      [problem, withoutNul(detail).slice(0, 500), now.toISOString(), now.toISOString(), organisationId, accountId],
    );
  },
  };
}

function mappingMethods(db: SqlDatabase): Pick<ChannelStorage, 'mappings' | 'replaceMappings' | 'putMappings' | 'deleteMapping' | 'markStale' | 'recordPushed' | 'recordSeen' | 'mappingCounts'> {
  return {
  async mappings(organisationId, accountId, variantIds) {
    const found = new Map<string, ChannelMapping>();
    if (variantIds === undefined) {
      const rows = await db.query(`SELECT ${MAPPING_COLUMNS} FROM channel_mappings WHERE organisation_id = ? AND account_id = ?`, [organisationId, accountId]);
      for (const row of rows) found.set(String(row.variant_id), mappingOf(row));
      return found;
    }
    for (const slice of slices(variantIds)) {
      const rows = await db.query(`SELECT ${MAPPING_COLUMNS} FROM channel_mappings WHERE organisation_id = ? AND account_id = ? AND variant_id IN (${marks(slice.length)})`, [
        organisationId,
        accountId,
        ...slice,
      ]);
      for (const row of rows) found.set(String(row.variant_id), mappingOf(row));
    }
    return found;
  },
  async replaceMappings(organisationId, accountId, rows, now) {
    const at = now.toISOString();
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM channel_mappings WHERE organisation_id = ? AND account_id = ? AND manual = 0', [organisationId, accountId]);
      await insertMany(
        tx,
        MAPPINGS,
        rows.filter((m) => !m.manual).map((m) => mappingRow(organisationId, accountId, m, at)),
      );
    });
  },
  async putMappings(organisationId, accountId, rows, now) {
    const at = now.toISOString();
    await db.transaction((tx) =>
      insertMany(
        tx,
        MAPPINGS_UPSERT,
        rows.map((m) => mappingRow(organisationId, accountId, m, at)),
      ),
    );
  },
  async deleteMapping(organisationId, accountId, variantId) {
    await db.query('DELETE FROM channel_mappings WHERE organisation_id = ? AND account_id = ? AND variant_id = ?', [organisationId, accountId, variantId]);
  },
  async markStale(organisationId, accountId, variantIds, detail, now) {
    for (const slice of slices(variantIds)) {
      await db.query(`UPDATE channel_mappings SET state = 'stale', detail = ?, updated_at = ? WHERE organisation_id = ? AND account_id = ? AND variant_id IN (${marks(slice.length)})`, [
        withoutNul(detail).slice(0, 500),
        now.toISOString(),
        organisationId,
        accountId,
        ...slice,
      ]);
    }
  },
  async recordPushed(organisationId, accountId, pushed, now) {
    if (pushed.length === 0) return;
    await db.transaction(async (tx) => {
      for (const p of pushed) {
        await tx.query(
          'UPDATE channel_mappings SET last_pushed_quantity = ?, last_pushed_at = ?, revisions_day = ?, revisions = ? WHERE organisation_id = ? AND account_id = ? AND variant_id = ?',
          [p.quantity, now.toISOString(), p.revisionsDay, p.revisions, organisationId, accountId, p.variantId],
        );
      }
    });
  },
  async recordSeen(organisationId, accountId, seen, now) {
    if (seen.length === 0) return;
    await db.transaction(async (tx) => {
      for (const s of seen) {
        await tx.query('UPDATE channel_mappings SET last_seen_quantity = ?, last_seen_at = ? WHERE organisation_id = ? AND account_id = ? AND variant_id = ?', [
          s.quantity,
          now.toISOString(),
          organisationId,
          accountId,
          s.variantId,
        ]);
      }
    });
  },
  async mappingCounts(organisationId) {
    const counts = new Map<string, { matched: number; unmatched: number; conflicting: number; remoteOnly: number }>();
    const of = (accountId: string) => {
      let c = counts.get(accountId);
      if (!c) counts.set(accountId, (c = { matched: 0, unmatched: 0, conflicting: 0, remoteOnly: 0 }));
      return c;
    };
    const states = await db.query<{ account_id: string; state: string; n: unknown }>(
      'SELECT account_id, state, COUNT(*) AS n FROM channel_mappings WHERE organisation_id = ? GROUP BY account_id, state',
      [organisationId],
    );
    for (const row of states) {
      const c = of(row.account_id);
      const n = toNumber(row.n);
      if (row.state === 'matched') c.matched += n;
      else if (row.state === 'conflict') c.conflicting += n;
      // A stale link is being resolved again: until then nothing is sent for it.
      else c.unmatched += n;
    }
    const remoteOnly = await db.query<{ account_id: string; n: unknown }>(
      `SELECT r.account_id, COUNT(*) AS n FROM channel_remote_items r WHERE r.organisation_id = ? AND NOT EXISTS (
         SELECT 1 FROM channel_mappings m WHERE m.organisation_id = r.organisation_id AND m.account_id = r.account_id
         AND m.remote_product_id = r.remote_product_id AND m.remote_variant_id = r.remote_variant_id) GROUP BY r.account_id`,
      [organisationId],
    );
    for (const row of remoteOnly) of(row.account_id).remoteOnly = toNumber(row.n);
    return counts;
  },
  };
}

function readMethods(db: SqlDatabase): Pick<ChannelStorage, 'replaceRemoteItems' | 'remoteItems' | 'stockOf' | 'timeZoneOf' | 'cursor' | 'ordersSince'> {
  return {
  async replaceRemoteItems(organisationId, accountId, items, now) {
    const at = now.toISOString();
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM channel_remote_items WHERE organisation_id = ? AND account_id = ?', [organisationId, accountId]);
      await insertMany(
        tx,
        REMOTE_ITEMS,
        items.map((i) => [organisationId, accountId, i.remoteProductId, i.remoteVariantId, i.sku, i.barcodeKey, i.barcode, i.quantity, i.remoteStockId, i.remoteOfferId, i.title, at]),
      );
    });
  },
  async remoteItems(organisationId, accountId) {
    const rows = await db.query(
      'SELECT remote_product_id, remote_variant_id, sku, barcode_key, barcode, quantity, remote_stock_id, remote_offer_id, title FROM channel_remote_items WHERE organisation_id = ? AND account_id = ?',
      [organisationId, accountId],
    );
    return rows.map((r) => ({
      remoteProductId: String(r.remote_product_id),
      remoteVariantId: String(r.remote_variant_id),
      sku: nullableText(r.sku),
      barcodeKey: nullableText(r.barcode_key),
      barcode: nullableText(r.barcode),
      quantity: nullableNumber(r.quantity),
      remoteStockId: nullableText(r.remote_stock_id),
      remoteOfferId: nullableText(r.remote_offer_id),
      title: String(r.title),
    }));
  },

  async stockOf(organisationId, storeIds, variantIds) {
    const stock = new Map<string, Map<string, { onHandMilli: number; reservedMilli: number }>>();
    const cell = (variantId: string, storeId: string) => {
      let byStore = stock.get(variantId);
      if (!byStore) stock.set(variantId, (byStore = new Map()));
      let c = byStore.get(storeId);
      if (!c) byStore.set(storeId, (c = { onHandMilli: 0, reservedMilli: 0 }));
      return c;
    };
    if (storeIds.length > 0) {
      for (const slice of slices(variantIds, 400)) {
        const levels = await db.query<{ store_id: string; variant_id: string; on_hand_milli: unknown }>(
          `SELECT store_id, variant_id, on_hand_milli FROM stock_levels WHERE organisation_id = ? AND store_id IN (${marks(storeIds.length)}) AND variant_id IN (${marks(slice.length)})`,
          [organisationId, ...storeIds, ...slice],
        );
        for (const row of levels) cell(row.variant_id, row.store_id).onHandMilli += toNumber(row.on_hand_milli);
        // Held for every channel's open orders: stock one channel sold is gone for all.
        const held = await db.query<{ store_id: string; variant_id: string; milli: unknown }>(
          `SELECT store_id, variant_id, SUM(quantity_milli) AS milli FROM channel_reservations
           WHERE organisation_id = ? AND store_id IN (${marks(storeIds.length)}) AND variant_id IN (${marks(slice.length)}) AND state = 'held' GROUP BY store_id, variant_id`,
          [organisationId, ...storeIds, ...slice],
        );
        for (const row of held) cell(row.variant_id, row.store_id).reservedMilli += toNumber(row.milli);
      }
    }
    const answer = new Map<string, StoreStock[]>();
    for (const variantId of variantIds) answer.set(variantId, [...(stock.get(variantId) ?? new Map<string, { onHandMilli: number; reservedMilli: number }>())].map(([storeId, c]) => ({ storeId, ...c })));
    return answer;
  },

  async timeZoneOf(organisationId, storeId) {
    const rows = await db.query<{ time_zone: string }>('SELECT time_zone FROM stores WHERE organisation_id = ? AND id = ?', [organisationId, storeId]);
    return rows[0]?.time_zone ?? 'Europe/Rome';
  },
  async cursor(organisationId, accountId, stream) {
    const rows = await db.query<{ value: string }>('SELECT value FROM channel_cursors WHERE organisation_id = ? AND account_id = ? AND stream = ?', [organisationId, accountId, stream]);
    return rows[0]?.value ?? null;
  },
  async ordersSince(organisationId, since) {
    const rows = await db.query<{ account_id: string; n: unknown }>(
      'SELECT account_id, COUNT(*) AS n FROM channel_orders WHERE organisation_id = ? AND placed_at >= ? AND duplicate_of IS NULL GROUP BY account_id',
      [organisationId, since],
    );
    return new Map(rows.map((r) => [r.account_id, toNumber(r.n)]));
  },
  };
}

function letterMethods(db: SqlDatabase): Pick<ChannelStorage, 'deadLetters' | 'getDeadLetter' | 'resolveDeadLetter' | 'openDeadLetterCounts'> {
  return {
  async deadLetters(organisationId, accountId, state) {
    const rows = await db.query(
      `SELECT * FROM channel_dead_letters WHERE organisation_id = ? AND account_id = ?${state ? ' AND state = ?' : ''} ORDER BY last_failed_at DESC, id DESC LIMIT 500`,
      state ? [organisationId, accountId, state] : [organisationId, accountId],
    );
    return rows.map(deadLetterOf);
  },
  async getDeadLetter(organisationId, accountId, id) {
    const rows = await db.query('SELECT * FROM channel_dead_letters WHERE organisation_id = ? AND account_id = ? AND id = ?', [organisationId, accountId, id]);
    return rows[0] ? deadLetterOf(rows[0]) : null;
  },
  async resolveDeadLetter(tx, organisationId, accountId, id, state, by, now) {
    const rows = await tx.query(
      "UPDATE channel_dead_letters SET state = ?, resolved_by = ?, resolved_at = ? WHERE organisation_id = ? AND account_id = ? AND id = ? AND state = 'open' RETURNING id",
      [state, by, now.toISOString(), organisationId, accountId, id],
    );
    return rows.length > 0;
  },
  async openDeadLetterCounts(organisationId) {
    const rows = await db.query<{ account_id: string; n: unknown }>(
      "SELECT account_id, COUNT(*) AS n FROM channel_dead_letters WHERE organisation_id = ? AND state = 'open' GROUP BY account_id",
      [organisationId],
    );
    return new Map(rows.map((r) => [r.account_id, toNumber(r.n)]));
  },
  };
}

/** The catalogue's products as stored (deleted ones are tombstones without data). */
async function readCatalogue(db: SqlDatabase, organisationId: string, productIds?: readonly string[]): Promise<Product[]> {
  const read = (rows: { data: string | null }[]) => rows.flatMap((r) => (r.data === null ? [] : [JSON.parse(r.data) as Product]));
  if (productIds === undefined) {
    return read(await db.query<{ data: string | null }>("SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' ORDER BY row_key", [organisationId]));
  }
  const products: Product[] = [];
  for (const slice of slices(productIds)) {
    products.push(
      ...read(
        await db.query<{ data: string | null }>(
          `SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key IN (${marks(slice.length)}) ORDER BY row_key`,
          [organisationId, ...slice],
        ),
      ),
    );
  }
  return products;
}

function catalogueMethods(db: SqlDatabase): Pick<ChannelStorage, 'catalogue' | 'productsOfVariants'> {
  return {
  catalogue: (organisationId, productIds) => readCatalogue(db, organisationId, productIds),
  async productsOfVariants(organisationId, variantIds) {
    const productOf = new Map<string, string>();
    for (const slice of slices(variantIds)) {
      const rows = await db.query<{ variant_id: string; product_id: string }>(`SELECT variant_id, product_id FROM variants WHERE organisation_id = ? AND variant_id IN (${marks(slice.length)})`, [
        organisationId,
        ...slice,
      ]);
      for (const row of rows) productOf.set(row.variant_id, row.product_id);
    }
    const products = new Map((await readCatalogue(db, organisationId, [...new Set(productOf.values())])).map((p) => [p.id, p]));
    const answer = new Map<string, Product>();
    for (const [variantId, productId] of productOf) {
      const product = products.get(productId);
      if (product) answer.set(variantId, product);
    }
    return answer;
  },
  };
}
