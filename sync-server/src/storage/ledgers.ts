/**
 * @module
 * The chain's ledgers at head office (issue 17): vouchers, gift cards, store credit and loyalty
 * points, on both engines (migration 15). Entries are stored once per organisation and id; an
 * account's balance is their sum, written with what each register's entries it includes and
 * sent down the `ledgers` stream; holds are the reservations tills make before a payment. The
 * rules (what may be reserved, what is an overspend, an account's offline limit) are shared's
 * (`ledger-rules.ts`); this module only keeps the books.
 */
import { randomUUID } from 'node:crypto';
import {
  CassaError,
  DEFAULT_LEDGER_OFFLINE_LIMITS,
  LEDGER_HOLD_TTL_MS,
  LEDGER_OFFLINE_LIMIT_SETTING,
  effectiveOfflineLimit,
  formatDocumentNumber,
  isOverspend,
  ledgerAccountKey,
  ledgerOfflineDefaultsSchema,
  reservable,
} from '@cassa/shared';
import type {
  HeadOfficeLedgerAccount,
  LedgerAccount,
  LedgerAccountSummary,
  LedgerEntryRecord,
  LedgerKind,
  LedgerListInput,
  LedgerOfflineDefaults,
  LedgerReserveRequest,
  LedgerReserveResponse,
} from '@cassa/shared';
import { insertMany } from './multi-row';
import type { MultiRowTable } from './multi-row';
import { toNumber } from './sql-database';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database';
import type { DevicePrincipal, TouchedStream } from './storage';
import { bumpStream } from './sql-sync/head-office-writes';
import { iso } from './sql-sync/sql-helpers';

/** Entries head office writes itself (a voucher issued there, a customer merge) carry this device. */
export const HEAD_OFFICE_LEDGER_DEVICE = 'head-office';
/** The store of an entry head office writes itself. */
export const HEAD_OFFICE_LEDGER_STORE = 'head-office';
/** The ledgers stream is organisation-wide: every till of every store may spend any voucher. */
export const LEDGERS_TOUCHED: TouchedStream = { stream: 'ledgers', storeId: null };

const LISTED_ENTRIES = 200;
const LISTED_ACCOUNTS = 500;

/** An account as this module holds it while it changes it. */
interface AccountState {
  readonly kind: LedgerKind;
  readonly account: string;
  balance: number;
  offlineLimit: number | null;
  customerId: string | null;
  includes: Record<string, number>;
  overspent: boolean;
}

interface Hold {
  readonly reservationId: string;
  readonly deviceId: string;
  readonly amount: number;
}

type AccountRow = { kind: string; account: string; balance: unknown; offline_limit: unknown; customer_id: string | null; includes: string; overspent: unknown; updated_at: string };

function stateOf(row: AccountRow): AccountState {
  return {
    kind: row.kind as LedgerKind,
    account: row.account,
    balance: toNumber(row.balance),
    offlineLimit: row.offline_limit === null ? null : toNumber(row.offline_limit),
    customerId: row.customer_id,
    includes: JSON.parse(row.includes) as Record<string, number>,
    overspent: toNumber(row.overspent) === 1,
  };
}

const accountColumns = 'kind, account, balance, offline_limit, customer_id, includes, overspent, updated_at';

function lockClause(tx: SqlExecutor): string {
  return tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
}

export async function readAccount(tx: SqlExecutor, organisationId: string, kind: LedgerKind, account: string, lock: boolean): Promise<AccountState | null> {
  const rows = await tx.query<AccountRow>(
    `SELECT ${accountColumns} FROM ledger_accounts WHERE organisation_id = ? AND kind = ? AND account = ?${lock ? lockClause(tx) : ''}`,
    [organisationId, kind, account],
  );
  return rows[0] ? stateOf(rows[0]) : null;
}

/** The chain's default offline limits (setting `ledger.offlineLimit`), or shared's when none is saved. */
export async function offlineDefaults(tx: SqlExecutor, organisationId: string): Promise<{ limits: LedgerOfflineDefaults; isDefault: boolean }> {
  const rows = await tx.query<{ data: string | null }>(
    "SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'settings' AND entity = 'setting' AND row_key = ?",
    [organisationId, LEDGER_OFFLINE_LIMIT_SETTING],
  );
  const data = rows[0]?.data;
  const parsed = data ? ledgerOfflineDefaultsSchema.safeParse((JSON.parse(data) as { value?: unknown }).value) : null;
  return parsed?.success ? { limits: parsed.data, isDefault: false } : { limits: DEFAULT_LEDGER_OFFLINE_LIMITS, isDefault: true };
}

/** Live holds on an account at `now`: held, not lapsed. */
async function liveHolds(tx: SqlExecutor, organisationId: string, kind: LedgerKind, account: string, now: Date): Promise<Hold[]> {
  const rows = await tx.query<{ reservation_id: string; device_id: string; amount: unknown }>(
    "SELECT reservation_id, device_id, amount FROM ledger_holds WHERE organisation_id = ? AND kind = ? AND account = ? AND state = 'held' AND expires_at > ?",
    [organisationId, kind, account, iso(now)],
  );
  return rows.map((r) => ({ reservationId: r.reservation_id, deviceId: r.device_id, amount: toNumber(r.amount) }));
}

const sum = (holds: readonly Hold[]) => holds.reduce((total, h) => total + h.amount, 0);

/** The account's row as tills receive it. */
function streamRow(state: AccountState, defaults: LedgerOfflineDefaults, now: Date): LedgerAccount {
  return {
    kind: state.kind,
    account: state.account,
    balance: state.balance,
    offlineLimit: effectiveOfflineLimit(state.kind, state.offlineLimit, defaults),
    customerId: state.customerId,
    includes: state.includes,
    overspent: state.overspent,
    updatedAt: iso(now),
  };
}

/**
 * Writes the account and its row in the `ledgers` stream with the stream's next change number
 * (the same numbering head office's own writes use, so tills pull it like the catalogue).
 */
export async function writeAccount(tx: SqlExecutor, organisationId: string, state: AccountState, defaults: LedgerOfflineDefaults, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO ledger_accounts (organisation_id, kind, account, balance, offline_limit, customer_id, includes, overspent, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (organisation_id, kind, account) DO UPDATE SET balance = excluded.balance, offline_limit = excluded.offline_limit,
       customer_id = excluded.customer_id, includes = excluded.includes, overspent = excluded.overspent, updated_at = excluded.updated_at`,
    [organisationId, state.kind, state.account, state.balance, state.offlineLimit, state.customerId, JSON.stringify(state.includes), state.overspent ? 1 : 0, iso(now)],
  );
  const changeNo = await bumpStream(tx, organisationId, 'ledgers');
  await tx.query(
    `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at) VALUES (?, 'ledgers', 'ledger-account', ?, '', ?, ?, ?)
     ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
    [organisationId, ledgerAccountKey(state.kind, state.account), changeNo, JSON.stringify(streamRow(state, defaults, now)), iso(now)],
  );
}

/** An entry as stored; `applied` false: kept, flagged, moved nothing. */
async function insertEntry(
  tx: SqlExecutor,
  organisationId: string,
  entry: LedgerEntryRecord,
  opSeq: number,
  marks: { readonly applied: boolean; readonly overspend: boolean },
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO ledger_entries (organisation_id, id, kind, account, amount, reason, authorisation, reservation_id, store_id, device_id, sale_id, user_id,
       customer_id, at, op_seq, applied, overspend, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
    [
      organisationId,
      entry.id,
      entry.kind,
      entry.account,
      entry.amount,
      entry.reason,
      entry.authorisation,
      entry.reservationId,
      entry.storeId,
      entry.deviceId,
      entry.saleId,
      entry.userId,
      entry.customerId,
      entry.at,
      opSeq,
      marks.applied ? 1 : 0,
      marks.overspend ? 1 : 0,
      iso(now),
    ],
  );
  return rows.length > 0;
}

/** A problem that means the entry is not the pushing register's own: it is kept and applied to nothing. */
function isForeign(problem: string): boolean {
  return problem.startsWith('store-mismatch:') || problem.startsWith('device-mismatch:');
}

/**
 * The ledger entries of one push: accounts are locked once, in key order (two pushes touching the
 * same accounts take turns instead of deadlocking), changed in memory entry by entry, and each
 * written once at the end, with one row in the stream per account, not per entry.
 */
export class LedgerPushBatch {
  private readonly accounts = new Map<string, { state: AccountState; holds: Hold[]; created: boolean; touched: boolean }>();

  /** `survivors`: customers merged into another, by id; their store credit and points now live on the survivor's account. */
  private constructor(private readonly survivors: ReadonlyMap<string, string> = new Map()) {}

  /**
   * The entry as head office books it: a till that was offline during a customer merge still names
   * the merged customer; its credit or points entry goes to the survivor, where the merge moved
   * the balance (else it would overspend an emptied account and leave the survivor's too high).
   */
  resolved(entry: LedgerEntryRecord): LedgerEntryRecord {
    if (entry.kind === 'voucher') return entry;
    const survivor = this.survivors.get(entry.account);
    return survivor ? { ...entry, account: survivor, customerId: survivor } : entry;
  }

  /**
   * Locks (creating when missing) the accounts the pushing register's own entries name: a few
   * statements for the whole push, however many accounts (PostgreSQL pays a round trip each).
   */
  static async open(
    tx: SqlExecutor,
    principal: DevicePrincipal,
    pushed: readonly LedgerEntryRecord[],
    now: Date,
    survivors: ReadonlyMap<string, string> = new Map(),
  ): Promise<LedgerPushBatch> {
    const batch = new LedgerPushBatch(survivors);
    const { organisationId } = principal;
    const entries = pushed.map((e) => batch.resolved(e));
    const own = entries.filter((e) => e.storeId === principal.storeId && e.deviceId === principal.deviceId);
    const named = new Map(own.map((e) => [ledgerAccountKey(e.kind, e.account), { kind: e.kind, account: e.account }]));
    if (named.size === 0) return batch;
    const created = await insertMany<{ kind: string; account: string }>(
      tx,
      newAccountRows,
      [...named.values()].map(({ kind, account }) => [organisationId, kind, account, 0, null, null, '{}', 0, iso(now)]),
    );
    const createdKeys = new Set(created.map((r) => ledgerAccountKey(r.kind as LedgerKind, r.account)));
    const accounts = [...new Set([...named.values()].map((n) => n.account))].sort();
    for (let i = 0; i < accounts.length; i += SLICE) {
      const slice = accounts.slice(i, i + SLICE);
      const inList = slice.map(() => '?').join(', ');
      // One order for every push (the database's), so two pushes naming the same accounts take turns.
      const rows = await tx.query<AccountRow>(
        `SELECT ${accountColumns} FROM ledger_accounts WHERE organisation_id = ? AND account IN (${inList}) ORDER BY account, kind${lockClause(tx)}`,
        [organisationId, ...slice],
      );
      const holds = await tx.query<{ kind: string; account: string; reservation_id: string; device_id: string; amount: unknown }>(
        `SELECT kind, account, reservation_id, device_id, amount FROM ledger_holds
         WHERE organisation_id = ? AND account IN (${inList}) AND state = 'held' AND expires_at > ?`,
        [organisationId, ...slice, iso(now)],
      );
      for (const row of rows) {
        const key = ledgerAccountKey(row.kind as LedgerKind, row.account);
        if (!named.has(key)) continue;
        const live = holds
          .filter((h) => h.kind === row.kind && h.account === row.account)
          .map((h) => ({ reservationId: h.reservation_id, deviceId: h.device_id, amount: toNumber(h.amount) }));
        batch.accounts.set(key, { state: stateOf(row), holds: live, created: createdKeys.has(key), touched: false });
      }
    }
    return batch;
  }

  /** Stores one pushed entry once and applies it to its account (unless it is not the register's own). */
  async apply(tx: SqlExecutor, principal: DevicePrincipal, opSeq: number, pushed: LedgerEntryRecord, problems: readonly string[], now: Date): Promise<void> {
    const entry = this.resolved(pushed);
    const held = this.accounts.get(ledgerAccountKey(entry.kind, entry.account));
    if (problems.some(isForeign) || !held) {
      await insertEntry(tx, principal.organisationId, entry, opSeq, { applied: false, overspend: false }, now);
      return;
    }
    const { state } = held;
    const settled = entry.reservationId === null ? undefined : held.holds.find((h) => h.reservationId === entry.reservationId && h.deviceId === principal.deviceId);
    const stillHeld = sum(held.holds.filter((h) => h !== settled));
    const balanceAfter = state.balance + entry.amount;
    const overspend = isOverspend(entry, settled !== undefined, balanceAfter, stillHeld);
    const inserted = await insertEntry(tx, principal.organisationId, entry, opSeq, { applied: true, overspend }, now);
    if (!inserted) {
      // Already held (a re-queued op, a till restored from a backup): counted once. When it is this
      // register's own applied entry, the balance includes it, so the till must hear so.
      const rows = await tx.query<{ device_id: string; kind: string; account: string; applied: unknown }>(
        'SELECT device_id, kind, account, applied FROM ledger_entries WHERE organisation_id = ? AND id = ?',
        [principal.organisationId, entry.id],
      );
      const stored = rows[0];
      const same = stored?.device_id === principal.deviceId && stored.kind === entry.kind && stored.account === entry.account && toNumber(stored.applied) === 1;
      if (same && (state.includes[principal.deviceId] ?? 0) < opSeq) {
        state.includes = { ...state.includes, [principal.deviceId]: opSeq };
        held.touched = true;
      }
      return;
    }
    state.balance = balanceAfter;
    state.includes = { ...state.includes, [principal.deviceId]: Math.max(state.includes[principal.deviceId] ?? 0, opSeq) };
    if (overspend) state.overspent = true;
    // Store credit and points belong to the customer whose id is the account; a voucher to whom it was sold, if known.
    state.customerId ??= entry.kind === 'voucher' ? entry.customerId : entry.account;
    if (settled) {
      await tx.query("UPDATE ledger_holds SET state = 'settled' WHERE organisation_id = ? AND reservation_id = ?", [principal.organisationId, settled.reservationId]);
      held.holds = held.holds.filter((h) => h !== settled);
    }
    held.touched = true;
  }

  /**
   * Writes each changed account once, with its row in the `ledgers` stream, in a few multi-row
   * statements; true when any was. Accounts created for nothing are dropped.
   */
  async flush(tx: SqlExecutor, organisationId: string, now: Date): Promise<boolean> {
    for (const { state, created, touched } of this.accounts.values()) {
      if (created && !touched) await tx.query('DELETE FROM ledger_accounts WHERE organisation_id = ? AND kind = ? AND account = ?', [organisationId, state.kind, state.account]);
    }
    const changed = [...this.accounts.values()].filter((a) => a.touched).map((a) => a.state);
    if (changed.length === 0) return false;
    const defaults = (await offlineDefaults(tx, organisationId)).limits;
    const at = iso(now);
    await insertMany(
      tx,
      accountUpsert,
      changed.map((st) => [organisationId, st.kind, st.account, st.balance, st.offlineLimit, st.customerId, JSON.stringify(st.includes), st.overspent ? 1 : 0, at]),
    );
    // The stream's next change numbers, taken together under the counter row's lock (see bumpStream).
    const last = await bumpStream(tx, organisationId, 'ledgers', changed.length);
    await insertMany(
      tx,
      streamRowUpsert,
      changed.map((st, i) => [organisationId, 'ledgers', 'ledger-account', ledgerAccountKey(st.kind, st.account), '', last - changed.length + 1 + i, JSON.stringify(streamRow(st, defaults, now)), at]),
    );
    return true;
  }
}

/** Rows per statement when reading a push's accounts by id. */
const SLICE = 500;

const accountTableColumns = ['organisation_id', 'kind', 'account', 'balance', 'offline_limit', 'customer_id', 'includes', 'overspent', 'updated_at'];
const accountTableTypes = ['text', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'integer', 'text'] as const;

const newAccountRows: MultiRowTable = {
  table: 'ledger_accounts',
  columns: accountTableColumns,
  types: accountTableTypes,
  suffix: ' ON CONFLICT (organisation_id, kind, account) DO NOTHING RETURNING kind, account',
};

const accountUpsert: MultiRowTable = {
  table: 'ledger_accounts',
  columns: accountTableColumns,
  types: accountTableTypes,
  suffix: ` ON CONFLICT (organisation_id, kind, account) DO UPDATE SET balance = excluded.balance, offline_limit = excluded.offline_limit,
    customer_id = excluded.customer_id, includes = excluded.includes, overspent = excluded.overspent, updated_at = excluded.updated_at`,
};

const streamRowUpsert: MultiRowTable = {
  table: 'sync_rows',
  columns: ['organisation_id', 'stream', 'entity', 'row_key', 'store_id', 'change_no', 'data', 'updated_at'],
  types: ['text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'text'],
  suffix: ` ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no,
    data = excluded.data, updated_at = excluded.updated_at`,
};

type EntryRow = {
  id: string;
  amount: unknown;
  reason: string;
  authorisation: string;
  reservation_id: string | null;
  store_id: string;
  device_id: string;
  sale_id: string | null;
  user_id: string | null;
  at: string;
  overspend: unknown;
  seen_by: string | null;
  seen_at: string | null;
  store_name: string | null;
  device_name: string | null;
  sale_data: string | null;
};

/** An account's latest entries with the names head office knows: store, register, sale number, who approved. */
async function entriesOf(tx: SqlExecutor, organisationId: string, kind: LedgerKind, account: string, storeIds: readonly string[] | null) {
  const scope = storeIds === null ? '' : ` AND e.store_id IN (${storeIds.map(() => '?').join(', ') || "''"})`;
  const rows = await tx.query<EntryRow>(
    `SELECT e.id, e.amount, e.reason, e.authorisation, e.reservation_id, e.store_id, e.device_id, e.sale_id, e.user_id, e.at, e.overspend, e.seen_by, e.seen_at,
       st.name AS store_name, d.name AS device_name, s.data AS sale_data
     FROM ledger_entries e
     LEFT JOIN stores st ON st.organisation_id = e.organisation_id AND st.id = e.store_id
     LEFT JOIN devices d ON d.organisation_id = e.organisation_id AND d.id = e.device_id
     LEFT JOIN sales s ON s.organisation_id = e.organisation_id AND s.id = e.sale_id
     WHERE e.organisation_id = ? AND e.kind = ? AND e.account = ? AND e.applied = 1${scope}
     ORDER BY e.at DESC, e.id DESC LIMIT ${LISTED_ENTRIES}`,
    [organisationId, kind, account, ...(storeIds ?? [])],
  );
  const userIds = [...new Set(rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])))];
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const users = await tx.query<{ row_key: string; data: string | null }>(
      `SELECT row_key, data FROM sync_rows WHERE organisation_id = ? AND stream = 'users' AND entity = 'user' AND row_key IN (${userIds.map(() => '?').join(', ')})`,
      [organisationId, ...userIds],
    );
    for (const u of users) if (u.data) names.set(u.row_key, (JSON.parse(u.data) as { name: string }).name);
  }
  return rows.map((r) => {
    const sale = r.sale_data ? (JSON.parse(r.sale_data) as { zNumber: number; documentNumber: number }) : null;
    return {
      id: r.id,
      amount: toNumber(r.amount),
      reason: r.reason as LedgerEntryRecord['reason'],
      authorisation: r.authorisation as LedgerEntryRecord['authorisation'],
      storeId: r.store_id,
      storeName: r.store_name ?? r.store_id,
      deviceId: r.device_id,
      deviceName: r.device_name ?? r.device_id,
      saleId: r.sale_id,
      documentNumber: sale ? formatDocumentNumber(sale.zNumber, sale.documentNumber) : null,
      approvedBy: r.user_id === null ? null : (names.get(r.user_id) ?? r.user_id),
      reservationId: r.reservation_id,
      overspend: toNumber(r.overspend) === 1,
      seenBy: r.seen_by,
      seenAt: r.seen_at,
      at: r.at,
    };
  });
}

/** The customer's name from their row in the `customers` stream (written by the customers area), if any. */
function customerNameOf(data: string | null | undefined): string | null {
  if (!data) return null;
  const name = (JSON.parse(data) as { name?: unknown }).name;
  return typeof name === 'string' ? name : null;
}

/** Joins an account (alias `a`) to its customer's row in the `customers` stream (alias `c`). */
const customerJoin = "LEFT JOIN sync_rows c ON c.organisation_id = a.organisation_id AND c.stream = 'customers' AND c.entity = 'customer' AND c.row_key = a.customer_id";

function summaryOf(state: AccountState, defaults: LedgerOfflineDefaults, updatedAt: string, customerName: string | null): LedgerAccountSummary {
  return {
    customerName,
    kind: state.kind,
    account: state.account,
    balance: state.balance,
    offlineLimit: effectiveOfflineLimit(state.kind, state.offlineLimit, defaults),
    ownOfflineLimit: state.offlineLimit,
    customerId: state.customerId,
    overspent: state.overspent,
    updatedAt,
  };
}

/** What a reservation answers, from the account and its other live holds. */
function reserveAnswer(reservationId: string, balance: number, heldByOthers: number, outcome: LedgerReserveResponse['outcome'], expiresAt: string | null): LedgerReserveResponse {
  return { reservationId, outcome, balance, heldByOthers, available: Math.max(0, balance - heldByOthers), expiresAt };
}

export interface NewLedgerEntry {
  readonly id: string;
  readonly kind: LedgerKind;
  readonly account: string;
  readonly amount: number;
  readonly reason: LedgerEntryRecord['reason'];
  readonly customerId: string | null;
  readonly userId: string | null;
}

/** Adds an entry head office makes itself (device `head-office`) and writes the account; creates it when new. */
export async function addHeadOfficeEntry(tx: SqlExecutor, organisationId: string, input: NewLedgerEntry, now: Date, options: { readonly newAccount?: boolean } = {}): Promise<void> {
  const existing = await readAccount(tx, organisationId, input.kind, input.account, true);
  if (existing && options.newAccount) throw new CassaError('CONFLICT', `Account ${input.account} already exists`);
  const state = existing ?? {
    kind: input.kind,
    account: input.account,
    balance: 0,
    offlineLimit: null,
    customerId: input.customerId,
    includes: {},
    overspent: false,
  };
  const entry: LedgerEntryRecord = {
    ...input,
    authorisation: 'credit',
    reservationId: null,
    storeId: HEAD_OFFICE_LEDGER_STORE,
    deviceId: HEAD_OFFICE_LEDGER_DEVICE,
    saleId: null,
    at: iso(now),
  };
  if (!(await insertEntry(tx, organisationId, entry, 0, { applied: true, overspend: false }, now))) throw new CassaError('CONFLICT', `Entry ${input.id} already exists`);
  state.balance += input.amount;
  await writeAccount(tx, organisationId, state, (await offlineDefaults(tx, organisationId)).limits, now);
}

/**
 * Moves a customer's store credit and points to the customer it was merged into, inside the
 * caller's transaction (the customers area's merge): a `merge` entry by head office out of each
 * non-zero account of `fromCustomerId` and one into the survivor's, both accounts' rows rewritten.
 * What it moves is the balance now, so a merge run twice moves nothing twice, and credit an
 * offline till adds to the merged customer later moves with the next call. Answers the stream it
 * touched (to notify tills after commit), or nothing when there was nothing to move.
 */
export async function mergeCustomerLedgers(tx: SqlExecutor, organisationId: string, fromCustomerId: string, toCustomerId: string, now: Date): Promise<TouchedStream[]> {
  if (fromCustomerId === toCustomerId) return [];
  // Every account involved locked first, in the order a push locks them (ledgerAccountKey), so a
  // push waiting on one of them never holds another this merge waits for.
  const keys = (['store-credit', 'points'] as const).flatMap((kind) => [fromCustomerId, toCustomerId].map((account) => ({ kind, account, key: ledgerAccountKey(kind, account) })));
  for (const { kind, account } of keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) await readAccount(tx, organisationId, kind, account, true);
  let touched = false;
  for (const kind of ['store-credit', 'points'] as const) {
    const from = await readAccount(tx, organisationId, kind, fromCustomerId, true);
    if (!from || from.balance === 0) continue;
    const amount = from.balance;
    // A new pair each time: credit a till pushes later for the merged customer moves with the next call.
    const base = `merge-${randomUUID()}`;
    await addHeadOfficeEntry(tx, organisationId, { id: `${base}-out`, kind, account: fromCustomerId, amount: -amount, reason: 'merge', customerId: fromCustomerId, userId: null }, now);
    await addHeadOfficeEntry(tx, organisationId, { id: `${base}-in`, kind, account: toCustomerId, amount, reason: 'merge', customerId: toCustomerId, userId: null }, now);
    touched = true;
  }
  return touched ? [LEDGERS_TOUCHED] : [];
}

export interface LedgerStorage {
  /** A till's reservation (see `ledger.reserve`); CONFLICT when another register used the id, or this one for another account or amount. */
  reserve(principal: DevicePrincipal, request: LedgerReserveRequest, now: Date): Promise<LedgerReserveResponse>;
  /** True when a live hold of this register was let go; NOT_AUTHORISED for another register's. */
  release(principal: DevicePrincipal, reservationId: string, now: Date): Promise<boolean>;
  /** Null for an account the organisation does not have. `storeIds`: only entries made in those stores (null: all). */
  account(organisationId: string, kind: LedgerKind, account: string, now: Date, storeIds: readonly string[] | null): Promise<HeadOfficeLedgerAccount | null>;
  list(organisationId: string, filter: LedgerListInput, storeIds: readonly string[] | null): Promise<LedgerAccountSummary[]>;
  /** Marks an overspend entry seen by `userName`; the account's flag clears when none is left unseen. NOT_FOUND for another entry. */
  markSeen(organisationId: string, entryId: string, userName: string, now: Date): Promise<{ kind: LedgerKind; account: string }>;
  setOfflineLimit(organisationId: string, kind: LedgerKind, account: string, limit: number | null, now: Date): Promise<void>;
  /** `newAccount`: CONFLICT when the account exists already (a voucher code drawn twice). */
  addEntry(organisationId: string, entry: NewLedgerEntry, now: Date, options?: { readonly newAccount?: boolean }): Promise<void>;
  /** `mergeCustomerLedgers` in a transaction of its own (a merge made elsewhere calls that function inside its own). */
  mergeCustomers(organisationId: string, fromCustomerId: string, toCustomerId: string, now: Date): Promise<TouchedStream[]>;
  /** The chain's default offline limits per kind, and whether they are shared's (none saved). */
  defaults(organisationId: string): Promise<{ limits: LedgerOfflineDefaults; isDefault: boolean }>;
  /** Rewrites the rows of every account without its own limit, after the chain's defaults changed. */
  rewriteDefaultLimitRows(organisationId: string, now: Date): Promise<number>;
}

async function existingHold(tx: SqlExecutor, principal: DevicePrincipal, request: LedgerReserveRequest, now: Date) {
  const rows = await tx.query<{ device_id: string; kind: string; account: string; amount: unknown; expires_at: string; state: string }>(
    'SELECT device_id, kind, account, amount, expires_at, state FROM ledger_holds WHERE organisation_id = ? AND reservation_id = ?',
    [principal.organisationId, request.reservationId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.device_id !== principal.deviceId) {
    throw new CassaError('CONFLICT', 'This reservation id was used by another register', { reason: 'reservation-id-taken' });
  }
  if (row.kind !== request.kind || row.account !== request.account || toNumber(row.amount) !== request.amount) {
    throw new CassaError('CONFLICT', 'This reservation id was used for another account or amount', { reason: 'reservation-id-reused' });
  }
  const live = (row.state === 'held' && row.expires_at > iso(now)) || row.state === 'settled';
  return { live, released: row.state === 'released', expiresAt: row.expires_at };
}

export function createLedgerStorage(db: SqlDatabase): LedgerStorage {
  return {
    reserve(principal, request, now) {
      return db.transaction(async (tx) => {
        const { organisationId } = principal;
        const state = await readAccount(tx, organisationId, request.kind, request.account, true);
        if (!state) {
          // Checked after the account: an id another organisation used is simply not this one's.
          return reserveAnswer(request.reservationId, 0, 0, 'unknown-account', null);
        }
        const existing = await existingHold(tx, principal, request, now);
        // Lapsed holds stop counting (and are marked, so the page shows them as such).
        await tx.query("UPDATE ledger_holds SET state = 'lapsed' WHERE organisation_id = ? AND kind = ? AND account = ? AND state = 'held' AND expires_at <= ?", [
          organisationId,
          request.kind,
          request.account,
          iso(now),
        ]);
        const others = (await liveHolds(tx, organisationId, request.kind, request.account, now)).filter((h) => h.reservationId !== request.reservationId);
        const heldByOthers = sum(others);
        if (existing?.live) return reserveAnswer(request.reservationId, state.balance, heldByOthers, 'granted', existing.expiresAt);
        // The till let this hold go: a copy of its request arriving late (a retry after a lost
        // answer) must not hold the money again for 15 minutes. The till never asks for it again.
        if (existing?.released) return reserveAnswer(request.reservationId, state.balance, heldByOthers, 'insufficient', null);
        if (!reservable(state.balance, heldByOthers, request.amount)) return reserveAnswer(request.reservationId, state.balance, heldByOthers, 'insufficient', null);
        const expiresAt = iso(new Date(now.getTime() + LEDGER_HOLD_TTL_MS));
        // A lapsed hold asked for again is granted afresh, under the same id.
        await tx.query(
          `INSERT INTO ledger_holds (organisation_id, reservation_id, device_id, kind, account, amount, created_at, expires_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'held')
           ON CONFLICT (organisation_id, reservation_id) DO UPDATE SET state = 'held', expires_at = excluded.expires_at`,
          [organisationId, request.reservationId, principal.deviceId, request.kind, request.account, request.amount, iso(now), expiresAt],
        );
        return reserveAnswer(request.reservationId, state.balance, heldByOthers, 'granted', expiresAt);
      });
    },

    release(principal, reservationId, now) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ device_id: string; state: string; expires_at: string }>(
          `SELECT device_id, state, expires_at FROM ledger_holds WHERE organisation_id = ? AND reservation_id = ?${lockClause(tx)}`,
          [principal.organisationId, reservationId],
        );
        const row = rows[0];
        if (!row) return false;
        if (row.device_id !== principal.deviceId) throw new CassaError('NOT_AUTHORISED', 'Only the register that made a reservation may release it');
        if (row.state === 'released') return true;
        if (row.state !== 'held' || row.expires_at <= iso(now)) return false;
        await tx.query("UPDATE ledger_holds SET state = 'released' WHERE organisation_id = ? AND reservation_id = ?", [principal.organisationId, reservationId]);
        return true;
      });
    },

    async account(organisationId, kind, account, now, storeIds) {
      const state = await readAccount(db, organisationId, kind, account, false);
      if (!state) return null;
      const updated = await db.query<{ updated_at: string; customer_data: string | null }>(
        `SELECT a.updated_at, c.data AS customer_data FROM ledger_accounts a ${customerJoin} WHERE a.organisation_id = ? AND a.kind = ? AND a.account = ?`,
        [organisationId, kind, account],
      );
      const defaults = (await offlineDefaults(db, organisationId)).limits;
      const held = sum(await liveHolds(db, organisationId, kind, account, now));
      const entries = await entriesOf(db, organisationId, kind, account, storeIds);
      return { ...summaryOf(state, defaults, updated[0]?.updated_at ?? iso(now), customerNameOf(updated[0]?.customer_data)), held, entries };
    },

    async list(organisationId, filter, storeIds) {
      const where: string[] = ['a.organisation_id = ?'];
      const params: SqlValue[] = [organisationId];
      if (filter.kind) {
        where.push('a.kind = ?');
        params.push(filter.kind);
      }
      if (filter.only === 'negative') where.push('a.balance < 0');
      if (filter.only === 'overspent') where.push('a.overspent = 1');
      const q = (filter.q ?? '').trim().slice(0, 64).toLowerCase();
      if (q.length > 0) {
        // The customer's row is searched as its JSON text: name, phone and email are in it.
        where.push("(LOWER(a.account) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(a.customer_id, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(c.data, '')) LIKE ? ESCAPE '\\')");
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like);
      }
      if (storeIds !== null) {
        where.push(`EXISTS (SELECT 1 FROM ledger_entries e WHERE e.organisation_id = a.organisation_id AND e.kind = a.kind AND e.account = a.account AND e.store_id IN (${storeIds.map(() => '?').join(', ') || "''"}))`);
        params.push(...storeIds);
      }
      const rows = await db.query<AccountRow & { customer_data: string | null }>(
        `SELECT ${accountColumns.split(', ').map((c) => `a.${c}`).join(', ')}, c.data AS customer_data FROM ledger_accounts a ${customerJoin} WHERE ${where.join(' AND ')}
         ORDER BY CASE WHEN a.balance < 0 THEN 0 ELSE 1 END, a.overspent DESC, a.updated_at DESC LIMIT ${LISTED_ACCOUNTS}`,
        params,
      );
      const defaults = (await offlineDefaults(db, organisationId)).limits;
      return rows.map((row) => summaryOf(stateOf(row), defaults, row.updated_at, customerNameOf(row.customer_data)));
    },

    markSeen(organisationId, entryId, userName, now) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ kind: string; account: string }>('SELECT kind, account FROM ledger_entries WHERE organisation_id = ? AND id = ? AND overspend = 1', [organisationId, entryId]);
        const row = rows[0];
        if (!row) throw new CassaError('NOT_FOUND', 'No such overspend');
        const kind = row.kind as LedgerKind;
        const state = await readAccount(tx, organisationId, kind, row.account, true);
        if (!state) throw new CassaError('NOT_FOUND', 'No such account');
        await tx.query('UPDATE ledger_entries SET seen_by = ?, seen_at = ? WHERE organisation_id = ? AND id = ? AND seen_at IS NULL', [userName, iso(now), organisationId, entryId]);
        const unseen = await tx.query('SELECT id FROM ledger_entries WHERE organisation_id = ? AND kind = ? AND account = ? AND overspend = 1 AND seen_at IS NULL LIMIT 1', [
          organisationId,
          kind,
          row.account,
        ]);
        if (state.overspent !== unseen.length > 0) {
          state.overspent = unseen.length > 0;
          await writeAccount(tx, organisationId, state, (await offlineDefaults(tx, organisationId)).limits, now);
        }
        return { kind, account: row.account };
      });
    },

    setOfflineLimit(organisationId, kind, account, limit, now) {
      return db.transaction(async (tx) => {
        const state = await readAccount(tx, organisationId, kind, account, true);
        if (!state) throw new CassaError('NOT_FOUND', 'No such account');
        state.offlineLimit = limit;
        await writeAccount(tx, organisationId, state, (await offlineDefaults(tx, organisationId)).limits, now);
      });
    },

    addEntry(organisationId, entry, now, options) {
      return db.transaction((tx) => addHeadOfficeEntry(tx, organisationId, entry, now, options));
    },

    mergeCustomers(organisationId, fromCustomerId, toCustomerId, now) {
      return db.transaction((tx) => mergeCustomerLedgers(tx, organisationId, fromCustomerId, toCustomerId, now));
    },

    defaults: (organisationId) => offlineDefaults(db, organisationId),

    rewriteDefaultLimitRows(organisationId, now) {
      return db.transaction(async (tx) => {
        const defaults = (await offlineDefaults(tx, organisationId)).limits;
        // Locked before any row is written: a push applying an entry meanwhile waits, and is not overwritten.
        const rows = await tx.query<AccountRow>(
          `SELECT ${accountColumns} FROM ledger_accounts WHERE organisation_id = ? AND offline_limit IS NULL ORDER BY kind, account${lockClause(tx)}`,
          [organisationId],
        );
        for (const row of rows) await writeAccount(tx, organisationId, stateOf(row), defaults, now);
        return rows.length;
      });
    },
  };
}
