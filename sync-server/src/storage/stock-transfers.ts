/**
 * @module
 * Stock transfers between two stores of one organisation. Each leg is an ordinary stock
 * movement (device `head-office`), written with stock_levels in the same transaction, so the
 * stock view, the low-stock list and a rebuild from the movement ledger all agree. The status
 * change is a conditional UPDATE: two people pressing "received" at once book the goods in once.
 */
import { CassaError } from '@cassa/shared';
import type { IncomingTransfer, StockMovementRecord, StockTransferInput, StockTransferProblem, StockTransferStatus, StockTransferView } from '@cassa/shared';
import { writeStoreStockRows } from './channels/store-stock-rows';
import { variantLabel } from './head-office-storage';
import { AggregateBatch, addStockMovement } from './sales-aggregates';
import { enqueueStockChanges } from './channels/channel-jobs';
import { toNumber } from './sql-database';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database';
import { bumpStream } from './sql-sync/head-office-writes';
import type { DevicePrincipal } from './storage';
// Issue 19, webhooks
import { writeWebhookEvents } from './webhooks/webhook-outbox';
import { stockEvents } from './webhooks/webhook-push-events';

/** Movements booked by head office, not by a register. */
export const HEAD_OFFICE_DEVICE = 'head-office';

export interface NewStockTransfer extends StockTransferInput {
  readonly organisationId: string;
  readonly id: string;
  readonly userId: string;
  readonly now: Date;
}

export interface StockTransferStorage {
  /** Books the transfer-out at the source and leaves the goods in transit. */
  create(input: NewStockTransfer): Promise<StockTransferView>;
  get(organisationId: string, id: string): Promise<StockTransferView | null>;
  /**
   * receive: books the transfer-in at the destination. cancel: books the goods back in at the
   * source. Either only from in-transit; CONFLICT otherwise.
   */
  close(organisationId: string, id: string, action: 'receive' | 'cancel', userId: string, now: Date): Promise<StockTransferView>;
  /** Newest first; null scope: every store, else transfers from or to one of these stores. */
  list(organisationId: string, storeIds: readonly string[] | null, limit: number): Promise<StockTransferView[]>;
  /**
   * A variant's on hand in every store of the organisation holding a stock row for it (issue 17,
   * the till's "other stores"); null when the organisation's catalogue has no such variant.
   */
  onHandByStore(organisationId: string, variantId: string): Promise<{ storeId: string; storeName: string; onHandMilli: number }[] | null>;
  /**
   * Issue 19: stock adjusted or counted at one store by head office (the public API), booked as
   * head office's own movements like a transfer's legs, with stock levels, the channels' jobs and
   * the store's `store-stock` row in one transaction. A counted line books the difference to what
   * is on hand at that moment.
   */
  adjust(input: NewStockAdjustment): Promise<StockMovementRecord[]>;
}

export interface NewStockAdjustment {
  readonly organisationId: string;
  /** Names the movements (`<id>:<line>`); the same id twice is refused by their primary key. */
  readonly id: string;
  readonly storeId: string;
  readonly reason: 'adjustment' | 'goods-received';
  readonly referenceId: string | null;
  readonly userId: string;
  readonly lines: readonly ({ readonly variantId: string; readonly deltaMilli: number } | { readonly variantId: string; readonly countedMilli: number })[];
  readonly now: Date;
}

type TransferRow = {
  id: string;
  from_store_id: string;
  to_store_id: string;
  status: string;
  lines: string;
  note: string;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
  received_lines: string | null;
  received_by_device: string | null;
  problem: string | null;
};

const columns = 'id, from_store_id, to_store_id, status, lines, note, created_by, created_at, closed_by, closed_at, received_lines, received_by_device, problem';

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** One line per variant: a variant entered twice is one line with the quantities added. */
function mergeLines(lines: StockTransferInput['lines']): { variantId: string; quantityMilli: number }[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantityMilli);
  return [...merged].map(([variantId, quantityMilli]) => ({ variantId, quantityMilli }));
}

/** Counted quantities as stored (variant → thousandths), as lines. */
function countedLines(json: string): { variantId: string; quantityMilli: number }[] {
  return Object.entries(JSON.parse(json) as Record<string, number>).map(([variantId, quantityMilli]) => ({ variantId, quantityMilli }));
}

/** Books head office's own movements (device `head-office`) with their stock levels. */
async function bookMovements(tx: SqlExecutor, organisationId: string, movements: readonly StockMovementRecord[], at: string): Promise<void> {
  const batch = new AggregateBatch();
  for (const movement of movements) {
    await tx.query(
      `INSERT INTO stock_movements (organisation_id, id, store_id, device_id, variant_id, delta_milli, reason, at, data, flagged, problems, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '[]', ?)`,
      [organisationId, movement.id, movement.storeId, movement.deviceId, movement.variantId, movement.deltaMilli, movement.reason, movement.at, JSON.stringify(movement), at],
    );
    addStockMovement(batch, organisationId, movement.storeId, movement, at);
  }
  await batch.flush(tx);
  // Issue 18: a leg moves stock the channels sell; their jobs commit with it.
  await enqueueStockChanges(tx, organisationId, movements, new Date(at));
  // Issue 19: the legs' `stock.changed` webhook events commit with them.
  await writeWebhookEvents(tx, organisationId, new Date(at), () => stockEvents(tx, organisationId, movements));
  // Issue 18: the stores' tills learn head office's movements from the `store-stock` stream.
  await writeStoreStockRows(tx, organisationId, movements, new Date(at));
}

/** One leg of a transfer: out of the source, in at the destination, back at the source; `undo-…` takes a leg back. */
type Leg = 'out' | 'in' | 'back' | 'in-undo' | 'back-undo';

async function book(
  tx: SqlExecutor,
  input: { organisationId: string; transferId: string; storeId: string; leg: Leg; userId: string; at: string },
  lines: readonly { variantId: string; quantityMilli: number }[],
): Promise<void> {
  const outward = input.leg === 'out' || input.leg === 'in-undo' || input.leg === 'back-undo';
  const movements = lines.map(
    (line, index): StockMovementRecord => ({
      id: `${input.transferId}:${input.leg}:${index}`,
      storeId: input.storeId,
      deviceId: HEAD_OFFICE_DEVICE,
      variantId: line.variantId,
      deltaMilli: outward ? -line.quantityMilli : line.quantityMilli,
      reason: input.leg === 'out' || input.leg === 'back-undo' ? 'transfer-out' : 'transfer-in',
      referenceId: input.transferId,
      userId: input.userId,
      at: input.at,
    }),
  );
  await bookMovements(tx, input.organisationId, movements, input.at);
}

/**
 * The transfer's row in the `transfers` stream, for the destination store's tills only
 * (`store_id`): written whenever the transfer is created or closed, in the same transaction.
 */
async function writeTransferRow(tx: SqlExecutor, organisationId: string, view: StockTransferView, now: Date): Promise<void> {
  const names = await tx.query<{ name: string }>('SELECT name FROM stores WHERE organisation_id = ? AND id = ?', [organisationId, view.fromStoreId]);
  const data: IncomingTransfer = {
    id: view.id,
    fromStoreId: view.fromStoreId,
    fromStoreName: (names[0]?.name ?? view.fromStoreId).slice(0, 120),
    toStoreId: view.toStoreId,
    status: view.status,
    note: view.note,
    lines: view.lines.map((l) => ({ variantId: l.variantId, quantityMilli: l.quantityMilli, productName: l.productName.slice(0, 300), sku: l.sku.slice(0, 64) })),
    createdAt: view.createdAt,
  };
  const changeNo = await bumpStream(tx, organisationId, 'transfers');
  await tx.query(
    `INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at)
     VALUES (?, 'transfers', 'stock-transfer', ?, ?, ?, ?, ?)
     ON CONFLICT (organisation_id, stream, entity, row_key) DO UPDATE SET store_id = excluded.store_id, change_no = excluded.change_no, data = excluded.data, updated_at = excluded.updated_at`,
    [organisationId, view.id, view.toStoreId, changeNo, JSON.stringify(data), now.toISOString()],
  );
}

async function labels(tx: SqlExecutor, organisationId: string, variantIds: readonly string[]) {
  const result = new Map<string, { productName: string; sku: string }>();
  if (variantIds.length === 0) return result;
  const rows = await tx.query<{ variant_id: string; data: string | null }>(
    `SELECT v.variant_id, r.data FROM variants v
     LEFT JOIN sync_rows r ON r.organisation_id = v.organisation_id AND r.stream = 'catalogue' AND r.entity = 'product' AND r.row_key = v.product_id
     WHERE v.organisation_id = ? AND v.variant_id IN (${placeholders(variantIds)})`,
    [organisationId, ...variantIds],
  );
  for (const row of rows) {
    const { productName, sku } = variantLabel(row.data, row.variant_id);
    result.set(row.variant_id, { productName, sku });
  }
  return result;
}

async function views(tx: SqlExecutor, organisationId: string, rows: readonly TransferRow[]): Promise<StockTransferView[]> {
  const parsed = rows.map((row) => ({ row, lines: JSON.parse(row.lines) as { variantId: string; quantityMilli: number }[] }));
  const names = await labels(tx, organisationId, [...new Set(parsed.flatMap((p) => p.lines.map((l) => l.variantId)))]);
  return parsed.map(({ row, lines }) => ({
    id: row.id,
    fromStoreId: row.from_store_id,
    toStoreId: row.to_store_id,
    status: row.status as StockTransferStatus,
    note: row.note,
    lines: lines.map((l) => ({ ...l, ...(names.get(l.variantId) ?? { productName: l.variantId, sku: '' }) })),
    createdBy: row.created_by,
    createdAt: row.created_at,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    receivedLines: row.received_lines === null ? null : countedLines(row.received_lines),
    receivedByRegister: row.received_by_device,
    problem: row.problem as StockTransferProblem | null,
  }));
}

async function read(tx: SqlExecutor, organisationId: string, id: string): Promise<StockTransferView | null> {
  const rows = await tx.query<TransferRow>(`SELECT ${columns} FROM stock_transfers WHERE organisation_id = ? AND id = ?`, [organisationId, id]);
  return (await views(tx, organisationId, rows))[0] ?? null;
}

export function createStockTransferStorage(db: SqlDatabase): StockTransferStorage {
  return {
    async create(input) {
      if (input.fromStoreId === input.toStoreId) throw new CassaError('VALIDATION', 'A transfer needs two different stores', { reason: 'same-store' });
      const lines = mergeLines(input.lines);
      if (lines.length === 0) throw new CassaError('VALIDATION', 'A transfer needs at least one line');
      const at = input.now.toISOString();
      return db.transaction(async (tx) => {
        const stores = await tx.query<{ id: string }>('SELECT id FROM stores WHERE organisation_id = ? AND id IN (?, ?)', [
          input.organisationId,
          input.fromStoreId,
          input.toStoreId,
        ]);
        for (const storeId of [input.fromStoreId, input.toStoreId]) {
          if (!stores.some((s) => s.id === storeId)) throw new CassaError('NOT_FOUND', `No store ${storeId}`);
        }
        const ids = lines.map((l) => l.variantId);
        const known = new Set(
          (
            await tx.query<{ variant_id: string }>(`SELECT variant_id FROM variants WHERE organisation_id = ? AND variant_id IN (${placeholders(ids)})`, [
              input.organisationId,
              ...ids,
            ])
          ).map((r) => r.variant_id),
        );
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length > 0) throw new CassaError('NOT_FOUND', `Not in the catalogue: ${unknown.join(', ')}`, { variantIds: unknown });
        await tx.query(
          `INSERT INTO stock_transfers (organisation_id, id, from_store_id, to_store_id, status, lines, note, created_by, created_at)
           VALUES (?, ?, ?, ?, 'in-transit', ?, ?, ?, ?)`,
          [input.organisationId, input.id, input.fromStoreId, input.toStoreId, JSON.stringify(lines), input.note, input.userId, at],
        );
        await book(tx, { organisationId: input.organisationId, transferId: input.id, storeId: input.fromStoreId, leg: 'out', userId: input.userId, at }, lines);
        const view = await read(tx, input.organisationId, input.id);
        if (!view) throw new CassaError('INTERNAL', `Transfer ${input.id} vanished while being written`);
        await writeTransferRow(tx, input.organisationId, view, input.now);
        return view;
      });
    },

    get(organisationId, id) {
      return read(db, organisationId, id);
    },

    async close(organisationId, id, action, userId, now) {
      const at = now.toISOString();
      const status: StockTransferStatus = action === 'receive' ? 'received' : 'cancelled';
      return db.transaction(async (tx) => {
        const claimed = await tx.query<TransferRow>(
          `UPDATE stock_transfers SET status = ?, closed_by = ?, closed_at = ?
           WHERE organisation_id = ? AND id = ? AND status = 'in-transit' RETURNING ${columns}`,
          [status, userId, at, organisationId, id],
        );
        const row = claimed[0];
        if (!row) {
          const current = await read(tx, organisationId, id);
          if (!current) throw new CassaError('NOT_FOUND', `No transfer ${id}`);
          throw new CassaError('CONFLICT', `This transfer is already ${current.status}`, { status: current.status });
        }
        const lines = JSON.parse(row.lines) as { variantId: string; quantityMilli: number }[];
        const storeId = action === 'receive' ? row.to_store_id : row.from_store_id;
        await book(tx, { organisationId, transferId: id, storeId, leg: action === 'receive' ? 'in' : 'back', userId, at }, lines);
        const view = (await views(tx, organisationId, [row]))[0] as StockTransferView;
        await writeTransferRow(tx, organisationId, view, now);
        return view;
      });
    },

    async onHandByStore(organisationId, variantId) {
      const known = await db.query('SELECT 1 AS one FROM variants WHERE organisation_id = ? AND variant_id = ?', [organisationId, variantId]);
      if (known.length === 0) return null;
      const rows = await db.query<{ store_id: string; name: string | null; on_hand_milli: unknown }>(
        `SELECT l.store_id, s.name, l.on_hand_milli FROM stock_levels l
         LEFT JOIN stores s ON s.organisation_id = l.organisation_id AND s.id = l.store_id
         WHERE l.organisation_id = ? AND l.variant_id = ? ORDER BY s.name, l.store_id`,
        [organisationId, variantId],
      );
      return rows.map((r) => ({ storeId: r.store_id, storeName: r.name ?? r.store_id, onHandMilli: toNumber(r.on_hand_milli) }));
    },

    async adjust(input) {
      if (input.lines.length === 0) throw new CassaError('VALIDATION', 'An adjustment needs at least one line');
      const at = input.now.toISOString();
      return db.transaction(async (tx) => {
        const stores = await tx.query('SELECT 1 AS one FROM stores WHERE organisation_id = ? AND id = ?', [input.organisationId, input.storeId]);
        if (stores.length === 0) throw new CassaError('NOT_FOUND', `No store ${input.storeId}`);
        const ids = [...new Set(input.lines.map((l) => l.variantId))];
        const known = new Set(
          (await tx.query<{ variant_id: string }>(`SELECT variant_id FROM variants WHERE organisation_id = ? AND variant_id IN (${placeholders(ids)})`, [input.organisationId, ...ids])).map(
            (r) => r.variant_id,
          ),
        );
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length > 0) throw new CassaError('NOT_FOUND', `Not in the catalogue: ${unknown.join(', ')}`, { variantIds: unknown });
        const taken = await tx.query('SELECT 1 AS one FROM stock_movements WHERE organisation_id = ? AND id = ?', [input.organisationId, `${input.id}:0`]);
        if (taken.length > 0) throw new CassaError('CONFLICT', `Adjustment ${input.id} was booked already`, { reason: 'adjustment-exists' });
        const movements: StockMovementRecord[] = [];
        for (const [index, line] of input.lines.entries()) {
          let deltaMilli: number;
          if ('countedMilli' in line) {
            // Read inside the transaction: a sale pushed meanwhile is counted before or after, never lost.
            const level = await tx.query<{ on_hand_milli: unknown }>('SELECT on_hand_milli FROM stock_levels WHERE organisation_id = ? AND store_id = ? AND variant_id = ?', [
              input.organisationId,
              input.storeId,
              line.variantId,
            ]);
            const before = toNumber(level[0]?.on_hand_milli ?? 0) + movements.filter((m) => m.variantId === line.variantId).reduce((sum, m) => sum + m.deltaMilli, 0);
            deltaMilli = line.countedMilli - before;
          } else deltaMilli = line.deltaMilli;
          movements.push({
            id: `${input.id}:${index}`,
            storeId: input.storeId,
            deviceId: HEAD_OFFICE_DEVICE,
            variantId: line.variantId,
            deltaMilli,
            reason: input.reason,
            referenceId: input.referenceId,
            userId: input.userId,
            at,
          });
        }
        await bookMovements(tx, input.organisationId, movements, at);
        return movements;
      });
    },

    async list(organisationId, storeIds, limit) {
      const params: SqlValue[] = [organisationId];
      let where = '';
      if (storeIds !== null) {
        if (storeIds.length === 0) return [];
        where = ` AND (from_store_id IN (${placeholders(storeIds)}) OR to_store_id IN (${placeholders(storeIds)}))`;
        params.push(...storeIds, ...storeIds);
      }
      params.push(Math.max(1, Math.min(1000, Math.trunc(limit))));
      const rows = await db.query<TransferRow>(
        `SELECT ${columns} FROM stock_transfers WHERE organisation_id = ?${where} ORDER BY created_at DESC, id DESC LIMIT ?`,
        params,
      );
      return views(db, organisationId, rows);
    },
  };
}

/** Sums a till's transfer-in movements per transfer and variant. */
function countsByTransfer(movements: readonly StockMovementRecord[]): Map<string, { counted: Map<string, number>; movements: StockMovementRecord[] }> {
  const byTransfer = new Map<string, { counted: Map<string, number>; movements: StockMovementRecord[] }>();
  for (const movement of movements) {
    if (movement.reason !== 'transfer-in' || movement.referenceId === null) continue;
    const entry = byTransfer.get(movement.referenceId) ?? { counted: new Map<string, number>(), movements: [] };
    entry.counted.set(movement.variantId, (entry.counted.get(movement.variantId) ?? 0) + movement.deltaMilli);
    entry.movements.push(movement);
    byTransfer.set(movement.referenceId, entry);
  }
  return byTransfer;
}

/**
 * A till received transfers by scanning: its `transfer-in` movements (reference = the transfer id)
 * were stored by this push and already count in its store's stock. Head office closes each transfer
 * as received by that register with what it counted, and books nothing in for it. When head office
 * had already closed it, the count on the shelf wins and nothing is counted twice:
 * - received at head office (its own in-leg booked): that leg is taken back;
 * - cancelled meanwhile (the goods booked back at the source): the back leg is taken back, since
 *   the goods are where the till counted them;
 * - received by another register first: this register's movements are taken back at head office.
 * Movements naming a transfer of another store, or none, are the till's own stock and stay as they are.
 */
export async function receiveTransfersAtTill(
  tx: SqlExecutor,
  lock: string,
  principal: DevicePrincipal,
  movements: readonly StockMovementRecord[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const { organisationId, deviceId } = principal;
  for (const [transferId, receipt] of countsByTransfer(movements)) {
    const rows = await tx.query<TransferRow>(`SELECT ${columns} FROM stock_transfers WHERE organisation_id = ? AND id = ?${lock}`, [organisationId, transferId]);
    const row = rows[0];
    if (!row || row.to_store_id !== principal.storeId) continue;
    const lines = JSON.parse(row.lines) as { variantId: string; quantityMilli: number }[];
    const counted = new Map(row.received_lines === null ? [] : countedLines(row.received_lines).map((l) => [l.variantId, l.quantityMilli] as const));
    let problem = row.problem as StockTransferProblem | null;
    let takeOver = true;
    if (row.status === 'received' && row.received_by_device === null) {
      await book(tx, { organisationId, transferId, storeId: row.to_store_id, leg: 'in-undo', userId: row.closed_by ?? deviceId, at }, lines);
      problem = 'received-at-head-office-and-till';
    } else if (row.status === 'cancelled') {
      await book(tx, { organisationId, transferId, storeId: row.from_store_id, leg: 'back-undo', userId: row.closed_by ?? deviceId, at }, lines);
      problem = 'received-after-cancel';
    } else if (row.status === 'received' && row.received_by_device !== deviceId) {
      // A second register's count of goods already received: taken back, shown at head office.
      const undone = receipt.movements.map((m): StockMovementRecord => ({ ...m, id: `${m.id}:undo`, deviceId: HEAD_OFFICE_DEVICE, deltaMilli: -m.deltaMilli, at }));
      await bookMovements(tx, organisationId, undone, at);
      problem = 'received-twice';
      takeOver = false;
    }
    if (takeOver) for (const [variantId, quantityMilli] of receipt.counted) counted.set(variantId, (counted.get(variantId) ?? 0) + quantityMilli);
    const closedBy = takeOver ? deviceId : row.closed_by;
    await tx.query(
      `UPDATE stock_transfers SET status = 'received', closed_by = ?, closed_at = ?, received_by_device = ?, received_lines = ?, problem = ?
       WHERE organisation_id = ? AND id = ?`,
      [closedBy, takeOver ? at : row.closed_at, takeOver ? deviceId : row.received_by_device, JSON.stringify(Object.fromEntries(counted)), problem, organisationId, transferId],
    );
    const view = await read(tx, organisationId, transferId);
    if (view) await writeTransferRow(tx, organisationId, view, now);
  }
}
