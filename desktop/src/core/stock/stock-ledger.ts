/**
 * @module
 * Stock is a ledger of movements; on-hand per variant is their sum, kept in stock_levels in the
 * same transaction so reads are O(1). Negative stock is allowed (the shelf had more than the
 * system knew) and shows up in reports, never blocks a sale.
 */
import type { StockMovementRecord } from '@cassa/shared';
import type { TillContext } from '../till-context';
import { cachedStatement } from '../store/statement-cache';

export type StockMovementInput = Omit<StockMovementRecord, 'id' | 'storeId' | 'deviceId' | 'at'> & { at?: string };

export class StockLedger {
  constructor(private readonly ctx: TillContext) {}

  /** Call inside the writing transaction; the movement also leaves through the outbox. */
  record(input: StockMovementInput): StockMovementRecord {
    const movement: StockMovementRecord = {
      id: this.ctx.newId(),
      storeId: this.ctx.storeId,
      deviceId: this.ctx.deviceId,
      variantId: input.variantId,
      deltaMilli: input.deltaMilli,
      reason: input.reason,
      referenceId: input.referenceId,
      userId: input.userId,
      at: input.at ?? this.ctx.clock.now().toISOString(),
    };
    const db = this.ctx.store.db;
    cachedStatement(db, 'INSERT INTO stock_movements (id, variant_id, delta_milli, reason, reference_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      movement.id, movement.variantId, movement.deltaMilli, movement.reason, movement.referenceId, movement.userId, movement.at,
    );
    cachedStatement(db,
      'INSERT INTO stock_levels (variant_id, on_hand_milli) VALUES (?, ?) ON CONFLICT (variant_id) DO UPDATE SET on_hand_milli = on_hand_milli + excluded.on_hand_milli',
    ).run(movement.variantId, movement.deltaMilli);
    this.ctx.outbox.enqueue({ type: 'stock-movement', record: movement });
    return movement;
  }

  onHand(variantId: string): number {
    const row = cachedStatement(this.ctx.store.db, 'SELECT on_hand_milli FROM stock_levels WHERE variant_id = ?').get(variantId) as { on_hand_milli: number } | undefined;
    return row?.on_hand_milli ?? 0;
  }
}
