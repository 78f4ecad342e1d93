/**
 * @module
 * Stock transfers between two stores of one organisation. Each leg is an ordinary stock
 * movement (device `head-office`), written with stock_levels in the same transaction, so the
 * stock view, the low-stock list and a rebuild from the movement ledger all agree. The status
 * change is a conditional UPDATE: two people pressing "received" at once book the goods in once.
 */
import { CassaError } from '@cassa/shared';
import type { StockMovementRecord, StockTransferInput, StockTransferStatus, StockTransferView } from '@cassa/shared';
import { variantLabel } from './head-office-storage';
import { AggregateBatch, addStockMovement } from './sales-aggregates';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database';

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
};

const columns = 'id, from_store_id, to_store_id, status, lines, note, created_by, created_at, closed_by, closed_at';

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** One line per variant: a variant entered twice is one line with the quantities added. */
function mergeLines(lines: StockTransferInput['lines']): { variantId: string; quantityMilli: number }[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantityMilli);
  return [...merged].map(([variantId, quantityMilli]) => ({ variantId, quantityMilli }));
}

export function createStockTransferStorage(db: SqlDatabase): StockTransferStorage {
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
    }));
  }

  async function book(
    tx: SqlExecutor,
    input: { organisationId: string; transferId: string; storeId: string; leg: 'out' | 'in' | 'back'; userId: string; at: string },
    lines: readonly { variantId: string; quantityMilli: number }[],
  ): Promise<void> {
    const batch = new AggregateBatch();
    for (const [index, line] of lines.entries()) {
      const movement: StockMovementRecord = {
        id: `${input.transferId}:${input.leg}:${index}`,
        storeId: input.storeId,
        deviceId: HEAD_OFFICE_DEVICE,
        variantId: line.variantId,
        deltaMilli: input.leg === 'out' ? -line.quantityMilli : line.quantityMilli,
        reason: input.leg === 'out' ? 'transfer-out' : 'transfer-in',
        referenceId: input.transferId,
        userId: input.userId,
        at: input.at,
      };
      await tx.query(
        `INSERT INTO stock_movements (organisation_id, id, store_id, device_id, variant_id, delta_milli, reason, at, data, flagged, problems, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '[]', ?)`,
        [input.organisationId, movement.id, movement.storeId, movement.deviceId, movement.variantId, movement.deltaMilli, movement.reason, movement.at, JSON.stringify(movement), input.at],
      );
      addStockMovement(batch, input.organisationId, input.storeId, movement, input.at);
    }
    await batch.flush(tx);
  }

  async function read(tx: SqlExecutor, organisationId: string, id: string): Promise<StockTransferView | null> {
    const rows = await tx.query<TransferRow>(`SELECT ${columns} FROM stock_transfers WHERE organisation_id = ? AND id = ?`, [organisationId, id]);
    return (await views(tx, organisationId, rows))[0] ?? null;
  }

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
        return (await views(tx, organisationId, [row]))[0] as StockTransferView;
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
