import type { StockMovementRecord } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTill } from '../testing/test-till';
import type { TestTill } from '../testing/test-till';

describe('stock movements recorded together', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill({ demo: false });
  });
  afterEach(() => till.dispose());

  it('apply every delta in order, a variant twice included, and queue one outbox op each, gapless', () => {
    const { store, outbox } = till.core.services.context;
    const stock = till.core.services.stock;
    store.write(() => stock.record({ variantId: 'v-a', deltaMilli: 5_000, reason: 'adjustment', referenceId: null, userId: 'u' }));
    const inputs = [
      { variantId: 'v-a', deltaMilli: -1_000 },
      { variantId: 'v-b', deltaMilli: -2_500 },
      { variantId: 'v-a', deltaMilli: -3_000 },
    ].map((m) => ({ ...m, reason: 'sale' as const, referenceId: 'sale-1', userId: 'u' }));
    const recorded = store.write(() => stock.recordAll(inputs));

    expect(stock.onHand('v-a')).toBe(1_000);
    expect(stock.onHand('v-b')).toBe(-2_500);
    const rows = store.db.prepare("SELECT seq, payload FROM outbox WHERE type = 'stock-movement' ORDER BY seq").all() as { seq: number; payload: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const queued = rows.slice(1).map((r) => (JSON.parse(r.payload) as { record: StockMovementRecord }).record);
    expect(queued).toEqual(recorded);
    expect(queued.map((m) => [m.variantId, m.deltaMilli])).toEqual([['v-a', -1_000], ['v-b', -2_500], ['v-a', -3_000]]);
    const movements = store.db.prepare('SELECT id, variant_id, delta_milli FROM stock_movements ORDER BY rowid').all();
    expect(movements).toEqual([expect.anything(), ...recorded.map((m) => ({ id: m.id, variant_id: m.variantId, delta_milli: m.deltaMilli }))]);
    expect(outbox.pending(10)).toHaveLength(4);
  });

  it('go in as several statements past a hundred rows and record nothing for none', () => {
    const { store } = till.core.services.context;
    const stock = till.core.services.stock;
    expect(store.write(() => stock.recordAll([]))).toEqual([]);
    const many = Array.from({ length: 250 }, (_, i) => ({ variantId: `v-${i % 7}`, deltaMilli: -1_000, reason: 'sale' as const, referenceId: 's', userId: 'u' }));
    store.write(() => stock.recordAll(many));
    const total = store.db.prepare('SELECT sum(on_hand_milli) AS s, count(*) AS n FROM stock_levels').get();
    expect(total).toEqual({ s: -250_000, n: 7 });
    const seqs = (store.db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });
});
