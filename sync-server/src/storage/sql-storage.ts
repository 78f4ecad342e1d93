/**
 * @module
 * SyncStorage written once over SqlDatabase, for SQLite and PostgreSQL alike.
 *
 * Change numbers come from a per-organisation, per-stream counter row bumped inside the writing
 * transaction. The bump holds that row's lock until commit, so change k+1 cannot commit before
 * change k: a reader that has seen k+1 has seen everything below it. (A bare sequence would hand
 * out numbers in a different order from commits, and cursors would skip rows.)
 */
import { randomUUID } from 'node:crypto';
import {
  barcodeKey,
  CassaError,
  keyOfHeadOfficeChange,
  streamOfEntity,
  syncChangeSchema,
} from '@cassa/shared';
import type {
  AuditHeadView,
  ProblemRecordView,
  DailySalesQuery,
  DailySalesTotal,
  DeviceInfo,
  HeadOfficeChange,
  AuditRecord,
  Organisation,
  Product,
  PushOpResult,
  SaleRecord,
  SyncChange,
  SyncEntity,
  SyncStream,
  TillRecord,
} from '@cassa/shared';
import { auditChainProblems, nextAuditHead } from '../audit-chain';
import type { AuditHead } from '../audit-chain';
import { isImplausibleTime, recordProblems, recordSanityProblems, variantIdsOf } from '../record-problems';
import { setAsideRefusedOps } from './op-failures';
import { DEFAULT_TIME_ZONE, localDayAndHour } from '@cassa/shared';
import { assertRegisterSeat, createHeadOfficeStorage } from './head-office-storage';
import { HEAD_OFFICE_DEVICE, createStockTransferStorage } from './stock-transfers';
import { migrate } from './migrations';
import { AggregateBatch, addSaleProductsByRegister, addSaleToAggregates, addStockMovement } from './sales-aggregates';
import type { Migration } from './migrations';
import { toNumber } from './sql-database';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';
import type { DevicePrincipal, IncomingOp, RecordCounts, StreamPosition, SyncStorage, TouchedStream, UnreadableOp } from './storage';

interface SyncRowRow extends SqlRow {
  entity: string;
  row_key: string;
  change_no: unknown;
  data: string | null;
}

function toChange(row: SyncRowRow): SyncChange {
  // Rows were validated on the way in; parsing again keeps the returned type honest.
  return syncChangeSchema.parse({
    entity: row.entity,
    key: row.row_key,
    change: toNumber(row.change_no),
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
  });
}

/**
 * A till user limited to other stores reaches this store's registers as a tombstone, never with
 * their PIN hash: a register that held them (the user was moved) drops them, and the snapshot
 * keeps its page size so paging goes on. Users are one row for many stores, so this is decided
 * here rather than by the row's single `store_id`.
 */
function visibleToStore(change: SyncChange, storeId: string): SyncChange {
  if (change.entity !== 'user' || change.data === null) return change;
  const stores = change.data.storeIds ?? [];
  return stores.length === 0 || stores.includes(storeId) ? change : { ...change, data: null };
}

function storeScopeOf(change: HeadOfficeChange): string {
  switch (change.entity) {
    case 'store-price':
      return change.data.storeId;
    case 'store':
      return change.data.id;
    case 'setting':
      return change.storeId ?? '';
    default:
      return '';
  }
}

function iso(date: Date): string {
  return date.toISOString();
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * An organisation's rows whose key is among `ids` (deduplicated), read in slices: a push or a
 * backfill page can name more ids than a statement may take parameters.
 */
async function rowsAmong<T extends SqlRow>(tx: SqlExecutor, ids: readonly string[], sql: (inList: string) => string, organisationId: string): Promise<T[]> {
  const unique = [...new Set(ids)];
  const rows: T[] = [];
  for (let i = 0; i < unique.length; i += 1000) {
    const slice = unique.slice(i, i + 1000);
    rows.push(...(await tx.query<T>(sql(placeholders(slice)), [organisationId, ...slice])));
  }
  return rows;
}

/**
 * Records a product's barcodes by normalised key, refusing (CONFLICT, reason barcode-taken) a code
 * another product holds in any printed form: head office never lets one GTIN ring up as two
 * products. Moving a code means first writing its old product without it.
 */
async function holdBarcodes(tx: SqlExecutor, organisationId: string, product: Product): Promise<void> {
  await tx.query('DELETE FROM product_barcodes WHERE organisation_id = ? AND product_id = ?', [organisationId, product.id]);
  for (const code of new Set(product.variants.flatMap((v) => v.barcodes))) {
    const key = barcodeKey(code);
    const held = await tx.query<{ product_id: string; code: string }>(
      'SELECT product_id, code FROM product_barcodes WHERE organisation_id = ? AND barcode_key = ?',
      [organisationId, key],
    );
    const holder = held[0];
    if (holder?.product_id === product.id) continue;
    if (holder) {
      const rows = await tx.query<{ data: string | null }>(
        "SELECT data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key = ?",
        [organisationId, holder.product_id],
      );
      const owner = rows[0]?.data ? (JSON.parse(rows[0].data) as Product) : null;
      throw new CassaError('CONFLICT', `Barcode ${code} already belongs to product ${owner?.sku ?? holder.product_id} (as ${holder.code})`, {
        reason: 'barcode-held',
        code,
        ownerProductId: holder.product_id,
        ownerSku: owner?.sku ?? holder.product_id,
        ownerName: owner?.name ?? '',
      });
    }
    await tx.query('INSERT INTO product_barcodes (organisation_id, barcode_key, code, product_id) VALUES (?, ?, ?, ?)', [organisationId, key, code, product.id]);
  }
}

/** Each product's category as the catalogue has it now; products without one are left out. */
async function categoriesOf(tx: SqlExecutor, organisationId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await rowsAmong<{ row_key: string; data: string | null }>(
    tx,
    productIds,
    (inList) => `SELECT row_key, data FROM sync_rows WHERE organisation_id = ? AND stream = 'catalogue' AND entity = 'product' AND row_key IN (${inList})`,
    organisationId,
  );
  const result = new Map<string, string>();
  for (const row of rows) {
    if (row.data === null) continue;
    const categoryId = (JSON.parse(row.data) as { categoryId?: string | null }).categoryId;
    if (categoryId) result.set(row.row_key, categoryId);
  }
  return result;
}

/** Categories of the products of a page of stored sales, per organisation. */
async function categoriesOfSales(
  tx: SqlExecutor,
  sales: readonly { row: { organisation_id: string }; sale: SaleRecord }[],
): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  for (const org of new Set(sales.map((s) => s.row.organisation_id))) {
    const ids = sales.filter((s) => s.row.organisation_id === org).flatMap((s) => s.sale.lines.map((l) => l.productId));
    result.set(org, await categoriesOf(tx, org, ids));
  }
  return result;
}

/**
 * Sales stored before the head-office tables existed (schema 1) get their local business day and
 * their aggregates once, on the first start of this version; later sales are aggregated on ingest.
 */
async function backfillAggregates(db: SqlDatabase): Promise<void> {
  const done = await db.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'aggregates'");
  if (done[0]?.value === '1') return;
  await db.transaction(async (tx) => {
    const again = await tx.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'aggregates'");
    if (again[0]?.value === '1') return;
    for (const table of ['agg_sales_daily', 'agg_sales_hourly', 'agg_products_daily', 'agg_products_register_daily', 'agg_payments_daily', 'agg_vat_daily', 'stock_levels']) {
      await tx.query(`DELETE FROM ${table}`);
    }
    const zones = new Map<string, string>();
    for (const row of await tx.query<{ organisation_id: string; id: string; time_zone: string }>('SELECT organisation_id, id, time_zone FROM stores')) {
      zones.set(`${row.organisation_id}\u0000${row.id}`, row.time_zone);
    }
    let after = { org: '', id: '' };
    for (;;) {
      const sales = await tx.query<{ organisation_id: string; id: string; store_id: string; device_id: string; data: string }>(
        `SELECT organisation_id, id, store_id, device_id, data FROM sales WHERE organisation_id > ? OR (organisation_id = ? AND id > ?)
         ORDER BY organisation_id, id LIMIT 500`,
        [after.org, after.org, after.id],
      );
      if (sales.length === 0) break;
      const parsed = sales.map((row) => ({ row, sale: JSON.parse(row.data) as SaleRecord }));
      const categories = await categoriesOfSales(tx, parsed);
      const batch = new AggregateBatch();
      for (const { row, sale } of parsed) {
        const { day, hour } = localDayAndHour(sale.completedAt, zones.get(`${row.organisation_id}\u0000${row.store_id}`) ?? DEFAULT_TIME_ZONE);
        await tx.query('UPDATE sales SET business_day = ? WHERE organisation_id = ? AND id = ?', [day, row.organisation_id, row.id]);
        const scope = { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.device_id, businessDay: day, hour };
        addSaleToAggregates(batch, scope, sale, categories.get(row.organisation_id) ?? new Map());
      }
      await batch.flush(tx);
      const last = sales.at(-1);
      if (!last) break;
      after = { org: last.organisation_id, id: last.id };
    }
    const movements = await tx.query<{ organisation_id: string; store_id: string; variant_id: string; total: unknown }>(
      'SELECT organisation_id, store_id, variant_id, SUM(delta_milli) AS total FROM stock_movements GROUP BY organisation_id, store_id, variant_id',
    );
    const now = new Date().toISOString();
    for (const m of movements) {
      await tx.query('INSERT INTO stock_levels (organisation_id, store_id, variant_id, on_hand_milli, updated_at) VALUES (?, ?, ?, ?, ?)', [
        m.organisation_id,
        m.store_id,
        m.variant_id,
        toNumber(m.total),
        now,
      ]);
    }
    await tx.query("INSERT INTO server_meta (key, value) VALUES ('aggregates', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  });
}

/**
 * Sales stored before the per-register product table existed (schema 4 and older) are added to
 * it once, with the categories the catalogue has at that moment. Rebuilt from scratch, so a start
 * interrupted halfway simply does it again.
 */
async function backfillProductsByRegister(db: SqlDatabase): Promise<void> {
  const key = 'aggregates-products-register';
  const done = await db.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]);
  if (done[0]?.value === '1') return;
  await db.transaction(async (tx) => {
    const again = await tx.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]);
    if (again[0]?.value === '1') return;
    await tx.query('DELETE FROM agg_products_register_daily');
    let after = { org: '', id: '' };
    for (;;) {
      const sales = await tx.query<{ organisation_id: string; id: string; store_id: string; device_id: string; business_day: string; data: string }>(
        `SELECT organisation_id, id, store_id, device_id, business_day, data FROM sales WHERE organisation_id > ? OR (organisation_id = ? AND id > ?)
         ORDER BY organisation_id, id LIMIT 500`,
        [after.org, after.org, after.id],
      );
      const last = sales.at(-1);
      if (!last) break;
      const parsed = sales.map((row) => ({ row, sale: JSON.parse(row.data) as SaleRecord }));
      const categories = await categoriesOfSales(tx, parsed);
      const batch = new AggregateBatch();
      for (const { row, sale } of parsed) {
        const scope = { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.device_id, businessDay: row.business_day };
        addSaleProductsByRegister(batch, scope, sale, categories.get(row.organisation_id) ?? new Map());
      }
      await batch.flush(tx);
      after = { org: last.organisation_id, id: last.id };
    }
    await tx.query('INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, '1']);
  });
}

/** How long a server start is remembered: a till that has not pulled for longer reloads its streams. */
export const SERVER_BOOT_RETENTION_DAYS = 90;

/**
 * Records this server start and the stream heads it finds (see the server-boots migration), and
 * forgets starts older than the retention: a cursor issued under a forgotten start resets, which
 * is safe; tills pull every few minutes, so their cursors carry a recent start.
 */
async function recordBoot(db: SqlDatabase, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const cutoff = new Date(now.getTime() - SERVER_BOOT_RETENTION_DAYS * 86_400_000).toISOString();
    await tx.query('DELETE FROM server_boot_heads WHERE boot_id IN (SELECT id FROM server_boots WHERE started_at < ?)', [cutoff]);
    await tx.query('DELETE FROM server_boots WHERE started_at < ?', [cutoff]);
    const id = randomUUID();
    const last = await tx.query<{ ordinal: unknown }>('SELECT max(ordinal) AS ordinal FROM server_boots');
    await tx.query('INSERT INTO server_boots (id, ordinal, started_at) VALUES (?, ?, ?)', [id, toNumber(last[0]?.ordinal ?? 0) + 1, now.toISOString()]);
    await tx.query('INSERT INTO server_boot_heads (organisation_id, stream, boot_id, head) SELECT organisation_id, stream, ?, head FROM stream_heads', [id]);
  });
}

export async function openSqlStorage(db: SqlDatabase, options: { migrations?: readonly Migration[] } = {}): Promise<SyncStorage> {
  await migrate(db, options.migrations);
  await db.query('INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['epoch', randomUUID()]);
  const epochRows = await db.query<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', ['epoch']);
  const epoch = epochRows[0]?.value;
  if (epoch === undefined) throw new Error('server_meta.epoch missing after migration');
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  await backfillAggregates(db);
  await backfillProductsByRegister(db);
  await recordBoot(db);

  async function bumpStream(tx: SqlExecutor, organisationId: string, stream: SyncStream): Promise<number> {
    await tx.query(
      'INSERT INTO stream_heads (organisation_id, stream, head, horizon) VALUES (?, ?, 0, 0) ON CONFLICT (organisation_id, stream) DO NOTHING',
      [organisationId, stream],
    );
    const rows = await tx.query<{ head: unknown }>(
      'UPDATE stream_heads SET head = head + 1 WHERE organisation_id = ? AND stream = ? RETURNING head',
      [organisationId, stream],
    );
    return toNumber(rows[0]?.head);
  }

  async function knownVariants(tx: SqlExecutor, organisationId: string, variantIds: readonly string[]): Promise<Set<string>> {
    const rows = await rowsAmong<{ variant_id: string }>(
      tx,
      variantIds,
      (inList) => `SELECT variant_id FROM variants WHERE organisation_id = ? AND variant_id IN (${inList})`,
      organisationId,
    );
    return new Set(rows.map((r) => r.variant_id));
  }

  /** What a push reads once for all its ops, and the aggregate rows it collects for the end. */
  interface PushContext {
    readonly batch: AggregateBatch;
    readonly timeZone: string;
    readonly categoryOf: ReadonlyMap<string, string>;
    readonly knownVariants: ReadonlySet<string>;
    /** Audit chain heads read, and moved by this push, per device; written at the end. */
    readonly auditHeads: Map<string, AuditHead | null>;
  }

  async function pushContext(tx: SqlExecutor, principal: DevicePrincipal, ops: readonly IncomingOp[]): Promise<PushContext> {
    const records = ops.flatMap((op) => (op.record === null ? [] : [op.record]));
    const productIds = records.flatMap((r) => (r.type === 'sale' ? r.record.lines.map((l) => l.productId) : []));
    return {
      batch: new AggregateBatch(),
      timeZone: await storeTimeZone(tx, principal.organisationId, principal.storeId),
      categoryOf: productIds.length > 0 ? await categoriesOf(tx, principal.organisationId, productIds) : new Map(),
      knownVariants: await knownVariants(tx, principal.organisationId, records.flatMap(variantIdsOf)),
      auditHeads: new Map(),
    };
  }

  /** The entry's problems against the chain head held for the pushing register, and the head after it. */
  async function auditCheck(
    tx: SqlExecutor,
    principal: DevicePrincipal,
    entry: AuditRecord,
    context: PushContext,
  ): Promise<{ problems: string[]; next: AuditHead }> {
    if (!context.auditHeads.has(principal.deviceId)) {
      const rows = await tx.query<{ sequence: unknown; hash: string; entries: unknown; breaks: unknown }>(
        'SELECT sequence, hash, entries, breaks FROM audit_heads WHERE organisation_id = ? AND device_id = ?',
        [principal.organisationId, principal.deviceId],
      );
      const row = rows[0];
      context.auditHeads.set(
        principal.deviceId,
        row ? { sequence: toNumber(row.sequence), hash: row.hash, entries: toNumber(row.entries), breaks: toNumber(row.breaks) } : null,
      );
    }
    const head = context.auditHeads.get(principal.deviceId) ?? null;
    const problems = auditChainProblems(principal.deviceId, head, entry);
    return { problems, next: nextAuditHead(head, entry, problems) };
  }

  async function saveAuditHeads(tx: SqlExecutor, organisationId: string, context: PushContext, now: Date): Promise<void> {
    for (const [deviceId, head] of context.auditHeads) {
      if (head === null) continue;
      await tx.query(
        `INSERT INTO audit_heads (organisation_id, device_id, sequence, hash, entries, breaks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (organisation_id, device_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash,
           entries = excluded.entries, breaks = excluded.breaks, updated_at = excluded.updated_at`,
        [organisationId, deviceId, head.sequence, head.hash, head.entries, head.breaks, iso(now)],
      );
    }
  }

  /**
   * Keeps an op the server cannot apply, whole (JSON text escapes what no column could hold), and
   * numbers it like any other op so the till's queue moves on past it.
   */
  async function setAside(tx: SqlExecutor, principal: DevicePrincipal, op: UnreadableOp, now: Date): Promise<void> {
    const problems = JSON.stringify([op.problem]);
    await tx.query(
      `INSERT INTO set_aside_ops (organisation_id, device_id, seq, op_id, payload, problem, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [principal.organisationId, principal.deviceId, op.seq, op.opId, JSON.stringify(op.raw ?? null), problems, iso(now)],
    );
    await tx.query(
      `INSERT INTO device_ops (organisation_id, device_id, seq, op_id, record_type, record_id, status, problems, received_at)
       VALUES (?, ?, ?, ?, 'set-aside', ?, 'flagged', ?, ?)`,
      [principal.organisationId, principal.deviceId, op.seq, op.opId, op.opId, problems, iso(now)],
    );
  }

  /** Inserts the record unless it is already there; true when this call stored it. */
  async function insertRecord(
    tx: SqlExecutor,
    principal: DevicePrincipal,
    record: TillRecord,
    problems: readonly string[],
    now: Date,
    context: PushContext,
  ): Promise<boolean> {
    const base: SqlValue[] = [principal.organisationId, record.record.id, principal.storeId, principal.deviceId];
    const tail: SqlValue[] = [JSON.stringify(record.record), problems.length > 0 ? 1 : 0, JSON.stringify(problems), iso(now)];
    let rows: SqlRow[];
    switch (record.type) {
      case 'sale': {
        const sale = record.record;
        // A sale dated far from the server's clock (flagged) is filed under the day it arrived: a
        // till whose clock says 2076 must not put takings in a year nobody has lived yet.
        const filedAt = isImplausibleTime(sale.completedAt, now) ? iso(now) : sale.completedAt;
        const { day, hour } = localDayAndHour(filedAt, context.timeZone);
        rows = await tx.query(
          `INSERT INTO sales (organisation_id, id, store_id, device_id, kind, business_day, completed_at, total_cents, data, flagged, problems, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
          // The store's calendar day in its own time zone, never a slice of the timestamp string.
          [...base, sale.kind, day, sale.completedAt, sale.totalCents, ...tail],
        );
        if (rows.length > 0) addSaleToAggregates(context.batch, { ...principal, businessDay: day, hour }, sale, context.categoryOf);
        break;
      }
      case 'stock-movement': {
        const movement = record.record;
        rows = await tx.query(
          `INSERT INTO stock_movements (organisation_id, id, store_id, device_id, variant_id, delta_milli, reason, at, data, flagged, problems, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
          [...base, movement.variantId, movement.deltaMilli, movement.reason, movement.at, ...tail],
        );
        if (rows.length > 0) addStockMovement(context.batch, principal.organisationId, principal.storeId, movement, iso(now));
        break;
      }
      default:
        rows = await tx.query(
          `INSERT INTO till_documents (organisation_id, record_type, id, store_id, device_id, data, flagged, problems, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, record_type, id) DO NOTHING RETURNING id`,
          [principal.organisationId, record.type, record.record.id, principal.storeId, principal.deviceId, ...tail],
        );
    }
    return rows.length > 0;
  }

  async function storeTimeZone(tx: SqlExecutor, organisationId: string, storeId: string): Promise<string> {
    const rows = await tx.query<{ time_zone: string }>('SELECT time_zone FROM stores WHERE organisation_id = ? AND id = ?', [
      organisationId,
      storeId,
    ]);
    return rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
  }

  function deviceIdTaken(): CassaError {
    return new CassaError(
      'NOT_AUTHORISED',
      'This register id is already paired: only that register, presenting its current device token, can pair it again',
      { reason: 'device-id-taken' },
    );
  }

  /**
   * A register id may be taken by a pairing only when no organisation has seen it, or when the
   * caller proves it is that register with a token issued to it here. Register ids are not
   * secrets (a till shows its own), so the id alone proves nothing. True when the id is known.
   */
  async function assertMayTakeDeviceId(tx: SqlExecutor, organisationId: string, deviceId: string, proofTokenHash: string | null): Promise<boolean> {
    if (deviceId === HEAD_OFFICE_DEVICE) throw deviceIdTaken();
    const owners = await tx.query<{ organisation_id: string }>(`SELECT organisation_id FROM devices WHERE id = ?${lock}`, [deviceId]);
    if (owners.length === 0) return false;
    // Another organisation's register stays there, whatever the caller holds.
    if (owners.some((o) => o.organisation_id !== organisationId)) throw deviceIdTaken();
    if (proofTokenHash === null) throw deviceIdTaken();
    const proof = await tx.query('SELECT 1 AS one FROM device_tokens WHERE token_hash = ? AND organisation_id = ? AND device_id = ?', [
      proofTokenHash,
      organisationId,
      deviceId,
    ]);
    if (proof.length === 0) throw deviceIdTaken();
    return true;
  }

  /** A code made for one register pairs that register id and no other. */
  async function assertCodeIsFor(tx: SqlExecutor, organisationId: string, forDeviceId: string, deviceId: string): Promise<true> {
    const rows = await tx.query(`SELECT 1 AS one FROM devices WHERE organisation_id = ? AND id = ?${lock}`, [organisationId, deviceId]);
    if (deviceId !== forDeviceId || rows.length === 0) {
      throw new CassaError('NOT_AUTHORISED', 'This pairing code was made for another register', { reason: 'code-for-another-register' });
    }
    return true;
  }

  async function principalOf(tx: SqlExecutor, organisationId: string, deviceId: string): Promise<DevicePrincipal | null> {
    const rows = await tx.query<{ store_id: string; revoked_at: string | null }>(
      'SELECT store_id, revoked_at FROM devices WHERE organisation_id = ? AND id = ?',
      [organisationId, deviceId],
    );
    const row = rows[0];
    if (!row || row.revoked_at !== null) return null;
    return { organisationId, storeId: row.store_id, deviceId };
  }

  const storage: SyncStorage = {
    engine: db.dialect,
    epoch,
    headOffice: createHeadOfficeStorage(db),
    stockTransfers: createStockTransferStorage(db),
    close: () => db.close(),

    async createOrganisation(input, now): Promise<Organisation> {
      const rows = await db.query<{ id: string }>(
        'INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id',
        [input.id, input.name, iso(now)],
      );
      if (rows.length === 0) throw new CassaError('CONFLICT', `Organisation ${input.id} already exists`);
      return { id: input.id, name: input.name };
    },

    async getOrganisation(id) {
      const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ?', [id]);
      const row = rows[0];
      return row ? { id: row.id, name: row.name } : null;
    },

    async storeExists(organisationId, storeId) {
      const rows = await db.query('SELECT 1 AS one FROM stores WHERE organisation_id = ? AND id = ?', [organisationId, storeId]);
      return rows.length > 0;
    },

    async createPairingCode(input, now) {
      await db.query(
        'INSERT INTO pairing_codes (code_hash, organisation_id, store_id, created_at, expires_at, for_device_id) VALUES (?, ?, ?, ?, ?, ?)',
        [input.codeHash, input.organisationId, input.storeId, iso(now), iso(input.expiresAt), input.forDeviceId ?? null],
      );
    },

    redeemPairingCode(input) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ organisation_id: string; store_id: string; for_device_id: string | null }>(
          `UPDATE pairing_codes SET used_at = ?, device_id = ?
           WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING organisation_id, store_id, for_device_id`,
          [iso(input.now), input.deviceId, input.codeHash, iso(input.now)],
        );
        const row = rows[0];
        if (!row) return null;
        const known =
          row.for_device_id === null
            ? await assertMayTakeDeviceId(tx, row.organisation_id, input.deviceId, input.proofTokenHash)
            : await assertCodeIsFor(tx, row.organisation_id, row.for_device_id, input.deviceId);
        await assertRegisterSeat(tx, row.organisation_id, input.deviceId);
        if (known) {
          // The register proved it is itself: it keeps its high-water mark (its outbox numbering
          // goes on), moves to the code's store, and every token it held before stops working.
          await tx.query(
            'UPDATE devices SET store_id = ?, name = ?, paired_at = ?, revoked_at = NULL WHERE organisation_id = ? AND id = ?',
            [row.store_id, input.deviceName, iso(input.now), row.organisation_id, input.deviceId],
          );
          await tx.query('DELETE FROM device_tokens WHERE organisation_id = ? AND device_id = ?', [row.organisation_id, input.deviceId]);
        } else {
          const inserted = await tx.query(
            `INSERT INTO devices (organisation_id, id, store_id, name, high_water_mark, paired_at) VALUES (?, ?, ?, ?, 0, ?)
             ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id`,
            [row.organisation_id, input.deviceId, row.store_id, input.deviceName, iso(input.now)],
          );
          // Another pairing of the same new id committed first: this one proves nothing.
          if (inserted.length === 0) throw deviceIdTaken();
        }
        await tx.query('INSERT INTO device_tokens (token_hash, organisation_id, device_id) VALUES (?, ?, ?)', [
          input.tokenHash,
          row.organisation_id,
          input.deviceId,
        ]);
        return { organisationId: row.organisation_id, storeId: row.store_id, deviceId: input.deviceId, repaired: known };
      });
    },

    async authenticateDevice(tokenHash) {
      const rows = await db.query<{ organisation_id: string; id: string; store_id: string }>(
        `SELECT d.organisation_id, d.id, d.store_id FROM device_tokens t
         JOIN devices d ON d.organisation_id = t.organisation_id AND d.id = t.device_id
         WHERE t.token_hash = ? AND d.revoked_at IS NULL`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { organisationId: row.organisation_id, storeId: row.store_id, deviceId: row.id } : null;
    },

    revokeDevice(organisationId, deviceId, now) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ id: string }>(
          'UPDATE devices SET revoked_at = ? WHERE organisation_id = ? AND id = ? AND revoked_at IS NULL RETURNING id',
          [iso(now), organisationId, deviceId],
        );
        // The tokens stay, dead (authentication needs a live register): the last one is how the
        // till proves who it is when it is paired again with a new code.
        return rows.length > 0;
      });
    },

    async listDevices(organisationId): Promise<DeviceInfo[]> {
      const rows = await db.query<{
        id: string;
        store_id: string;
        name: string;
        high_water_mark: unknown;
        paired_at: string;
        revoked_at: string | null;
        last_seen_at: string | null;
      }>(
        'SELECT id, store_id, name, high_water_mark, paired_at, revoked_at, last_seen_at FROM devices WHERE organisation_id = ? ORDER BY paired_at, id',
        [organisationId],
      );
      return rows.map((r) => ({
        id: r.id,
        storeId: r.store_id,
        name: r.name,
        highWaterMark: toNumber(r.high_water_mark),
        pairedAt: r.paired_at,
        revokedAt: r.revoked_at,
        lastSeenAt: r.last_seen_at,
      }));
    },

    async highWaterMark(principal) {
      const rows = await db.query<{ high_water_mark: unknown }>(
        'SELECT high_water_mark FROM devices WHERE organisation_id = ? AND id = ?',
        [principal.organisationId, principal.deviceId],
      );
      return toNumber(rows[0]?.high_water_mark);
    },

    async applyPushOps(principal, ops: readonly IncomingOp[], now): Promise<PushOpResult[]> {
      // An op that cannot be applied ends the batch: those before it are committed, then it is reported.
      let refusal: CassaError | null = null;
      const results = await db.transaction(async (tx) => {
        refusal = null; // PostgreSQL may run this again after a serialisation failure.
        // Locking the device row makes two concurrent pushes from one till take turns.
        const devices = await tx.query<{ high_water_mark: unknown; revoked_at: string | null }>(
          `SELECT high_water_mark, revoked_at FROM devices WHERE organisation_id = ? AND id = ?${lock}`,
          [principal.organisationId, principal.deviceId],
        );
        const device = devices[0];
        if (!device || device.revoked_at !== null) throw new CassaError('NOT_AUTHENTICATED', 'Device unknown or revoked');
        const startMark = toNumber(device.high_water_mark);
        let highWaterMark = startMark;
        const context = await pushContext(tx, principal, ops);
        const results: PushOpResult[] = [];
        for (const op of ops) {
          if (op.seq <= highWaterMark) {
            const seen = await tx.query<{ op_id: string }>(
              'SELECT op_id FROM device_ops WHERE organisation_id = ? AND device_id = ? AND seq = ?',
              [principal.organisationId, principal.deviceId, op.seq],
            );
            if (seen[0] && seen[0].op_id !== op.opId) {
              refusal = new CassaError('CONFLICT', `Seq ${op.seq} was already used by another op`, {
                seq: op.seq,
                storedOpId: seen[0].op_id,
                receivedOpId: op.opId,
              });
              break;
            }
            results.push({ seq: op.seq, opId: op.opId, status: 'duplicate', problems: [] });
            continue;
          }
          if (op.seq > highWaterMark + 1) {
            refusal = new CassaError('SYNC_OUT_OF_ORDER', `Expected op ${highWaterMark + 1}, got ${op.seq}`, {
              expectedSeq: highWaterMark + 1,
              receivedSeq: op.seq,
              highWaterMark,
            });
            break;
          }
          if (op.record === null) {
            await setAside(tx, principal, op, now);
            highWaterMark = op.seq;
            results.push({ seq: op.seq, opId: op.opId, status: 'flagged', problems: [op.problem] });
            continue;
          }
          const chain = op.record.type === 'audit' ? await auditCheck(tx, principal, op.record.record, context) : null;
          const problems = [
            ...recordProblems(op.record, principal, context.knownVariants),
            ...recordSanityProblems(op.record, now),
            ...(chain?.problems ?? []),
          ];
          const stored = await insertRecord(tx, principal, op.record, problems, now, context);
          if (stored && chain) context.auditHeads.set(principal.deviceId, chain.next);
          // The same record under a new op (a till that re-queued it) is stored once: the op still
          // advances the mark, so the queue moves on.
          const status = !stored ? 'duplicate' : problems.length > 0 ? 'flagged' : 'applied';
          const allProblems = stored ? problems : [...problems, 'record-already-stored'];
          await tx.query(
            `INSERT INTO device_ops (organisation_id, device_id, seq, op_id, record_type, record_id, status, problems, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              principal.organisationId,
              principal.deviceId,
              op.seq,
              op.opId,
              op.record.type,
              op.record.record.id,
              status,
              JSON.stringify(allProblems),
              iso(now),
            ],
          );
          highWaterMark = op.seq;
          results.push({ seq: op.seq, opId: op.opId, status, problems: allProblems });
        }
        await context.batch.flush(tx);
        await saveAuditHeads(tx, principal.organisationId, context, now);
        if (highWaterMark !== startMark) {
          await tx.query('UPDATE devices SET high_water_mark = ?, last_seen_at = ? WHERE organisation_id = ? AND id = ?', [
            highWaterMark,
            iso(now),
            principal.organisationId,
            principal.deviceId,
          ]);
        }
        return results;
      });
      if (refusal !== null) throw refusal;
      return results;
    },

    writeHeadOfficeChanges(organisationId, changes, now) {
      return db.transaction(async (tx) => {
        const touched = new Map<string, TouchedStream>();
        for (const change of changes) {
          const { entity, key } = keyOfHeadOfficeChange(change);
          const stream = streamOfEntity[entity];
          const changeNo = await bumpStream(tx, organisationId, stream);
          let storeId: string;
          if (change.entity === 'delete') {
            const existing = await tx.query<{ store_id: string }>(
              'SELECT store_id FROM sync_rows WHERE organisation_id = ? AND stream = ? AND entity = ? AND row_key = ?',
              [organisationId, stream, entity, key],
            );
            storeId = existing[0]?.store_id ?? '';
            // Without a row there is nothing to tomb; a tombstone is still written so a till that
            // somehow holds the row drops it.
            await tx.query(
              `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
               ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET change_no = excluded.change_no, data = NULL, updated_at = excluded.updated_at`,
              [organisationId, stream, entity, key, storeId, changeNo, iso(now)],
            );
            if (entity === 'product') {
              await tx.query('DELETE FROM variants WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
              await tx.query('DELETE FROM product_barcodes WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
            }
          } else {
            storeId = storeScopeOf(change);
            await tx.query(
              `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
              [organisationId, stream, entity, key, storeId, changeNo, JSON.stringify(change.data), iso(now)],
            );
            if (change.entity === 'product') {
              await tx.query('DELETE FROM variants WHERE organisation_id = ? AND product_id = ?', [organisationId, key]);
              for (const variant of change.data.variants) {
                await tx.query(
                  `INSERT INTO variants (organisation_id, variant_id, product_id) VALUES (?, ?, ?)
                   ON CONFLICT (organisation_id, variant_id) DO UPDATE SET product_id = excluded.product_id`,
                  [organisationId, variant.id, key],
                );
              }
              await holdBarcodes(tx, organisationId, change.data);
            }
            if (change.entity === 'store') {
              await tx.query(
                `INSERT INTO stores (organisation_id, id, name, created_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (organisation_id, id) DO UPDATE SET name = excluded.name`,
                [organisationId, change.data.id, change.data.name, iso(now)],
              );
            }
          }
          const scope = storeId === '' ? null : storeId;
          touched.set(`${stream}\u0000${scope ?? ''}`, { stream, storeId: scope });
        }
        return [...touched.values()];
      });
    },

    async latestBoot() {
      const rows = await db.query<{ id: string }>('SELECT id FROM server_boots ORDER BY ordinal DESC, id DESC LIMIT 1');
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('server_boots is empty after start');
      return id;
    },

    async cursorLimit(organisationId, stream, bootId) {
      const boot = await db.query<{ ordinal: unknown }>('SELECT ordinal FROM server_boots WHERE id = ?', [bootId]);
      if (boot.length === 0) return null;
      // A stream with no heads row at a later start had head 0 then.
      const rows = await db.query<{ later: unknown; head: unknown }>(
        `SELECT count(*) AS later, min(coalesce(h.head, 0)) AS head FROM server_boots b
         LEFT JOIN server_boot_heads h ON h.boot_id = b.id AND h.organisation_id = ? AND h.stream = ?
         WHERE b.ordinal > ?`,
        [organisationId, stream, toNumber(boot[0]!.ordinal)],
      );
      return toNumber(rows[0]?.later ?? 0) === 0 ? Number.MAX_SAFE_INTEGER : toNumber(rows[0]!.head);
    },

    async barcodeHolders(organisationId, codes) {
      const byKey = new Map(codes.map((code) => [barcodeKey(code), code]));
      const rows = await rowsAmong<{ barcode_key: string; code: string; product_id: string; data: string | null }>(
        db,
        [...byKey.keys()],
        (inList) =>
          `SELECT b.barcode_key, b.code, b.product_id, r.data FROM product_barcodes b
           LEFT JOIN sync_rows r ON r.organisation_id = b.organisation_id AND r.stream = 'catalogue' AND r.entity = 'product' AND r.row_key = b.product_id
           WHERE b.organisation_id = ? AND b.barcode_key IN (${inList})`,
        organisationId,
      );
      return new Map(
        rows.map((r) => [r.barcode_key, { code: r.code, productId: r.product_id, product: r.data === null ? null : (JSON.parse(r.data) as Product) }]),
      );
    },

    async streamPosition(organisationId, stream): Promise<StreamPosition> {
      const rows = await db.query<{ head: unknown; horizon: unknown }>(
        'SELECT head, horizon FROM stream_heads WHERE organisation_id = ? AND stream = ?',
        [organisationId, stream],
      );
      const row = rows[0];
      return row ? { head: toNumber(row.head), horizon: toNumber(row.horizon) } : { head: 0, horizon: 0 };
    },

    async readChanges(principal, stream, afterChange, limit) {
      const rows = await db.query<SyncRowRow>(
        `SELECT entity, row_key, change_no, data FROM sync_rows
         WHERE organisation_id = ? AND stream = ? AND change_no > ? AND store_id IN ('', ?)
         ORDER BY change_no LIMIT ?`,
        [principal.organisationId, stream, afterChange, principal.storeId, limit],
      );
      return rows.map((row) => visibleToStore(toChange(row), principal.storeId));
    },

    async readSnapshot(principal, stream, after: { entity: SyncEntity; key: string } | null, limit) {
      const rows = await db.query<SyncRowRow>(
        `SELECT entity, row_key, change_no, data FROM sync_rows
         WHERE organisation_id = ? AND stream = ? AND data IS NOT NULL AND store_id IN ('', ?)
           AND (entity, row_key) > (?, ?)
         ORDER BY entity, row_key LIMIT ?`,
        // A row-value comparison lets both engines seek the index to where the last page ended;
        // the equivalent OR made every page walk the stream from its start (quadratic pulls).
        [principal.organisationId, stream, principal.storeId, after?.entity ?? '', after?.key ?? '', limit],
      );
      return rows.map((row) => visibleToStore(toChange(row), principal.storeId));
    },

    purgeTombstones(organisationId, stream, upToChange) {
      return db.transaction(async (tx) => {
        const deleted = await tx.query<{ row_key: string }>(
          'DELETE FROM sync_rows WHERE organisation_id = ? AND stream = ? AND data IS NULL AND change_no <= ? RETURNING row_key',
          [organisationId, stream, upToChange],
        );
        await tx.query(
          'INSERT INTO stream_heads (organisation_id, stream, head, horizon) VALUES (?, ?, 0, 0) ON CONFLICT (organisation_id, stream) DO NOTHING',
          [organisationId, stream],
        );
        await tx.query(
          'UPDATE stream_heads SET horizon = CASE WHEN horizon > ? THEN horizon ELSE ? END WHERE organisation_id = ? AND stream = ?',
          [upToChange, upToChange, organisationId, stream],
        );
        return deleted.length;
      });
    },

    async dailySalesTotals(organisationId, query: DailySalesQuery): Promise<DailySalesTotal[]> {
      const params: SqlValue[] = [organisationId, query.from, query.to];
      let storeFilter = '';
      if (query.storeId !== undefined) {
        storeFilter = ' AND store_id = ?';
        params.push(query.storeId);
      }
      const rows = await db.query<{
        store_id: string;
        business_day: string;
        sales: unknown;
        returns: unknown;
        voids: unknown;
        total: unknown;
        flagged: unknown;
      }>(
        `SELECT store_id, business_day,
           SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS sales,
           SUM(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) AS returns,
           SUM(CASE WHEN kind = 'post-void' THEN 1 ELSE 0 END) AS voids,
           SUM(total_cents) AS total,
           SUM(flagged) AS flagged
         FROM sales WHERE organisation_id = ? AND business_day >= ? AND business_day <= ?${storeFilter}
         GROUP BY store_id, business_day ORDER BY business_day, store_id`,
        params,
      );
      return rows.map((r) => ({
        storeId: r.store_id,
        businessDay: r.business_day,
        salesCount: toNumber(r.sales),
        returnsCount: toNumber(r.returns),
        voidsCount: toNumber(r.voids),
        totalCents: toNumber(r.total),
        flaggedCount: toNumber(r.flagged),
      }));
    },

    async listProblems(organisationId, limit): Promise<ProblemRecordView[]> {
      const rows = await db.query<{
        device_id: string;
        seq: unknown;
        record_type: string;
        record_id: string;
        problems: string;
        received_at: string;
        payload: string | null;
      }>(
        `SELECT o.device_id, o.seq, o.record_type, o.record_id, o.problems, o.received_at, s.payload
         FROM device_ops o LEFT JOIN set_aside_ops s ON s.organisation_id = o.organisation_id AND s.device_id = o.device_id AND s.seq = o.seq
         WHERE o.organisation_id = ? AND o.status = 'flagged' ORDER BY o.received_at DESC, o.seq DESC LIMIT ?`,
        [organisationId, limit],
      );
      return rows.map((r) => ({
        deviceId: r.device_id,
        seq: toNumber(r.seq),
        recordType: r.record_type,
        recordId: r.record_id,
        problems: JSON.parse(r.problems) as string[],
        receivedAt: r.received_at,
        setAside: r.payload !== null,
        payload: r.payload,
      }));
    },

    async auditHeads(organisationId): Promise<AuditHeadView[]> {
      const rows = await db.query<{ device_id: string; sequence: unknown; hash: string; entries: unknown; breaks: unknown; updated_at: string }>(
        'SELECT device_id, sequence, hash, entries, breaks, updated_at FROM audit_heads WHERE organisation_id = ? ORDER BY device_id',
        [organisationId],
      );
      return rows.map((r) => ({
        deviceId: r.device_id,
        sequence: toNumber(r.sequence),
        hash: r.hash,
        entries: toNumber(r.entries),
        breaks: toNumber(r.breaks),
        updatedAt: r.updated_at,
      }));
    },

    async recordCounts(organisationId): Promise<RecordCounts> {
      const rows = await db.query<{ ops: unknown; sales: unknown; movements: unknown; documents: unknown; flagged: unknown }>(
        `SELECT
           (SELECT COUNT(*) FROM device_ops WHERE organisation_id = ?) AS ops,
           (SELECT COUNT(*) FROM sales WHERE organisation_id = ?) AS sales,
           (SELECT COUNT(*) FROM stock_movements WHERE organisation_id = ?) AS movements,
           (SELECT COUNT(*) FROM till_documents WHERE organisation_id = ?) AS documents,
           (SELECT COUNT(*) FROM device_ops WHERE organisation_id = ? AND status = 'flagged') AS flagged`,
        [organisationId, organisationId, organisationId, organisationId, organisationId],
      );
      const row = rows[0];
      return {
        ops: toNumber(row?.ops),
        sales: toNumber(row?.sales),
        stockMovements: toNumber(row?.movements),
        documents: toNumber(row?.documents),
        flagged: toNumber(row?.flagged),
      };
    },
  };
  // One op the database refuses must not hold back the others (see op-failures.ts).
  return { ...storage, applyPushOps: setAsideRefusedOps(storage.applyPushOps) };
}
