/**
 * @module
 * Sales and stock movements, the bulk of every push, stored a run at a time: the consecutive ops
 * of those two kinds go in with a few multi-row statements per table instead of two statements per
 * op. On PostgreSQL each statement is a network round trip, so a 2,000-op push went from 4,000
 * round trips to a dozen; on SQLite it saves the per-statement work in JavaScript.
 *
 * The outcome is the one op-by-op storing gave: an op whose record id is already stored (or comes
 * earlier in the same run) is a duplicate; a record is added to the aggregates only when this push
 * stored it, in op order; results come back in op order.
 */
import type { PushOp, PushOpResult, SaleRecord, StockMovementRecord } from '@cassa/shared';
import { localDayAndHour } from '@cassa/shared';
import { isImplausibleTime, recordProblems, recordSanityProblems } from '../../record-problems';
import { addSaleToAggregates, addStockMovement } from '../sales-aggregates';
import type { AggregateBatch } from '../sales-aggregates';
import { insertMany } from '../multi-row';
import type { ColumnType, MultiRowTable } from '../multi-row';
import type { SqlExecutor, SqlValue } from '../sql-database';
import type { DevicePrincipal } from '../storage';
import { iso } from './sql-helpers';

/** What storing a run needs from its push: read once per push. */
export interface RunContext {
  readonly batch: AggregateBatch;
  readonly timeZone: string;
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly knownVariants: ReadonlySet<string>;
  /** Stock across stores (issue 17): transfer-in movements this push stored, for closing the transfers they receive. */
  readonly transferIns: StockMovementRecord[];
  /** Issue 18: the (store, variant) pairs whose stock this push moved, keyed `store\u0000variant`, for the channels' stock jobs. */
  readonly stockTouched: Map<string, { readonly storeId: string; readonly variantId: string }>;
}

/** A sale or a stock movement: the op kinds stored in runs. */
export type RunOp = PushOp & { readonly record: Extract<PushOp['record'], { type: 'sale' | 'stock-movement' }> };

const text = (n: number): ColumnType[] => Array.from({ length: n }, (): ColumnType => 'text');

/** Records not stored yet go in; the ids they got back are the ones this push stored. */
const NEW_RECORDS_ONLY = ' ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id';

const SALES: MultiRowTable = {
  table: 'sales',
  // customer_id (issue 17): the customer as the till wrote it; head office resolves merges through customers.merged_into.
  columns: ['organisation_id', 'id', 'store_id', 'device_id', 'kind', 'business_day', 'completed_at', 'total_cents', 'data', 'flagged', 'problems', 'received_at', 'customer_id'],
  types: [...text(7), 'bigint', 'text', 'integer', 'text', 'text', 'text'],
  suffix: NEW_RECORDS_ONLY,
};
const MOVEMENTS: MultiRowTable = {
  table: 'stock_movements',
  columns: ['organisation_id', 'id', 'store_id', 'device_id', 'variant_id', 'delta_milli', 'reason', 'at', 'data', 'flagged', 'problems', 'received_at'],
  types: [...text(5), 'bigint', 'text', 'text', 'text', 'integer', 'text', 'text'],
  suffix: NEW_RECORDS_ONLY,
};
const DEVICE_OPS: MultiRowTable = {
  table: 'device_ops',
  columns: ['organisation_id', 'device_id', 'seq', 'op_id', 'record_type', 'record_id', 'status', 'problems', 'received_at'],
  types: ['text', 'text', 'bigint', ...text(6)],
  suffix: '',
};

/** The ids the statements stored (not those already there). */
async function storedIds(tx: SqlExecutor, spec: MultiRowTable, rows: readonly SqlValue[][]): Promise<Set<string>> {
  return new Set((await insertMany<{ id: string }>(tx, spec, rows)).map((row) => row.id));
}

/** Where a sale is filed: the store's business day and hour of its completion, or of its arrival when its date is implausible. */
function filing(sale: SaleRecord, now: Date, timeZone: string): { day: string; hour: number } {
  // A till whose clock says 2076 must not put takings in a year nobody has lived yet.
  const filedAt = isImplausibleTime(sale.completedAt, now) ? iso(now) : sale.completedAt;
  return localDayAndHour(filedAt, timeZone);
}

interface Candidate {
  readonly op: RunOp;
  readonly problems: string[];
  /** False when an earlier op of this run carries the same record id. */
  readonly firstInRun: boolean;
  readonly filed: { day: string; hour: number } | null;
}

function candidates(principal: DevicePrincipal, run: readonly RunOp[], now: Date, context: RunContext): Candidate[] {
  const seen = new Set<string>();
  return run.map((op) => {
    const key = `${op.record.type}:${op.record.record.id}`;
    const firstInRun = !seen.has(key);
    seen.add(key);
    const problems = [...recordProblems(op.record, principal, context.knownVariants), ...recordSanityProblems(op.record, now)];
    const filed = op.record.type === 'sale' ? filing(op.record.record as SaleRecord, now, context.timeZone) : null;
    return { op, problems, firstInRun, filed };
  });
}

function saleRow(principal: DevicePrincipal, sale: SaleRecord, c: Candidate, receivedAt: string): SqlValue[] {
  const { organisationId, storeId, deviceId } = principal;
  const day = c.filed?.day ?? '';
  return [organisationId, sale.id, storeId, deviceId, sale.kind, day, sale.completedAt, sale.totalCents, JSON.stringify(sale), c.problems.length > 0 ? 1 : 0, JSON.stringify(c.problems), receivedAt, sale.customerId];
}

function movementRow(principal: DevicePrincipal, movement: StockMovementRecord, c: Candidate, receivedAt: string): SqlValue[] {
  const { organisationId, storeId, deviceId } = principal;
  return [organisationId, movement.id, storeId, deviceId, movement.variantId, movement.deltaMilli, movement.reason, movement.at, JSON.stringify(movement), c.problems.length > 0 ? 1 : 0, JSON.stringify(c.problems), receivedAt];
}

/** Stores a run of sale and stock-movement ops, logs each op, and returns their results in op order. */
export async function storeRun(tx: SqlExecutor, principal: DevicePrincipal, run: readonly RunOp[], now: Date, context: RunContext): Promise<PushOpResult[]> {
  if (run.length === 0) return [];
  const receivedAt = iso(now);
  const all = candidates(principal, run, now, context);
  const fresh = all.filter((c) => c.firstInRun);
  const sales = fresh.filter((c) => c.op.record.type === 'sale');
  const movements = fresh.filter((c) => c.op.record.type === 'stock-movement');
  const storedSales = await storedIds(tx, SALES, sales.map((c) => saleRow(principal, c.op.record.record as SaleRecord, c, receivedAt)));
  const storedMovements = await storedIds(tx, MOVEMENTS, movements.map((c) => movementRow(principal, c.op.record.record as StockMovementRecord, c, receivedAt)));

  const results: PushOpResult[] = [];
  const opRows: SqlValue[][] = [];
  for (const c of all) {
    const { op } = c;
    const isSale = op.record.type === 'sale';
    const stored = c.firstInRun && (isSale ? storedSales : storedMovements).has(op.record.record.id);
    if (stored && isSale) {
      const { organisationId, storeId, deviceId } = principal;
      addSaleToAggregates(context.batch, { organisationId, storeId, deviceId, businessDay: c.filed!.day, hour: c.filed!.hour }, op.record.record as SaleRecord, context.categoryOf);
    } else if (stored) {
      const movement = op.record.record as StockMovementRecord;
      addStockMovement(context.batch, principal.organisationId, principal.storeId, movement, receivedAt);
      context.stockTouched.set(`${principal.storeId}\u0000${movement.variantId}`, { storeId: principal.storeId, variantId: movement.variantId });
      if (movement.reason === 'transfer-in' && movement.referenceId !== null) context.transferIns.push(movement);
    }
    // The same record under a new op (a till that re-queued it) is stored once: the op still
    // advances the mark, so the queue moves on.
    const status = !stored ? 'duplicate' : c.problems.length > 0 ? 'flagged' : 'applied';
    const problems = stored ? c.problems : [...c.problems, 'record-already-stored'];
    results.push({ seq: op.seq, opId: op.opId, status, problems });
    opRows.push([principal.organisationId, principal.deviceId, op.seq, op.opId, op.record.type, op.record.record.id, status, JSON.stringify(problems), receivedAt]);
  }
  await insertMany(tx, DEVICE_OPS, opRows);
  return results;
}
