/**
 * @module
 * Stock is a ledger of movements; on-hand per variant is their sum, kept in stock_levels in the
 * same transaction so reads are O(1). Negative stock is allowed (the shelf had more than the
 * system knew) and shows up in reports, never blocks a sale.
 */
import type { StockMovementRecord } from '@cassa/shared';
import type { TillContext } from '../till-context';
import { cachedStatement, insertRows } from '../store/statement-cache';

export type StockMovementInput = Omit<StockMovementRecord, 'id' | 'storeId' | 'deviceId' | 'at'> & { at?: string };

export class StockLedger {
  constructor(private readonly ctx: TillContext) {}

  /** Call inside the writing transaction; the movement also leaves through the outbox. */
  record(input: StockMovementInput): StockMovementRecord {
    return this.recordAll([input])[0]!;
  }

  /**
   * Call inside the writing transaction. Records the movements in order, each also leaving
   * through the outbox; a sale's lines go in as one multi-row insert per table instead of
   * four statements a line.
   */
  recordAll(inputs: readonly StockMovementInput[]): StockMovementRecord[] {
    if (inputs.length === 0) return [];
    const now = this.ctx.clock.now().toISOString();
    const movements = inputs.map(
      (input): StockMovementRecord => ({
        id: this.ctx.newId(),
        storeId: this.ctx.storeId,
        deviceId: this.ctx.deviceId,
        variantId: input.variantId,
        deltaMilli: input.deltaMilli,
        reason: input.reason,
        referenceId: input.referenceId,
        userId: input.userId,
        at: input.at ?? now,
      }),
    );
    const db = this.ctx.store.db;
    insertRows(db, 'stock_movements (id, variant_id, delta_milli, reason, reference_id, user_id, at)', movements.map((m) => [m.id, m.variantId, m.deltaMilli, m.reason, m.referenceId, m.userId, m.at]));
    // Rows apply in order, so a variant twice in one sale adds both deltas.
    insertRows(
      db,
      'stock_levels (variant_id, on_hand_milli)',
      movements.map((m) => [m.variantId, m.deltaMilli]),
      'ON CONFLICT (variant_id) DO UPDATE SET on_hand_milli = on_hand_milli + excluded.on_hand_milli',
    );
    this.ctx.outbox.enqueueAll(movements.map((record) => ({ type: 'stock-movement', record })));
    return movements;
  }

  onHand(variantId: string): number {
    const row = cachedStatement(this.ctx.store.db, 'SELECT on_hand_milli FROM stock_levels WHERE variant_id = ?').get(variantId) as { on_hand_milli: number } | undefined;
    return row?.on_hand_milli ?? 0;
  }
}
