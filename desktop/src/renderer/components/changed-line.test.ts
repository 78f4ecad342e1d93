import { describe, expect, it } from 'vitest';
import { changedLineId } from './changed-line';

const line = (lineId: string, quantityMilli = 1000, totalCents = 100) => ({ lineId, quantityMilli, totalCents, unitPriceCents: 100 });

describe('the line the cashier just touched', () => {
  it('is the newest line added', () => {
    expect(changedLineId([line('a')], [line('a'), line('b')])).toBe('b');
    expect(changedLineId([], [line('a'), line('b')])).toBe('b');
  });

  it('is a line scanned again, wherever it sits', () => {
    const lines = [line('a'), line('b'), line('c')];
    expect(changedLineId(lines, [line('a', 2000, 200), line('b'), line('c')])).toBe('a');
  });

  it('is none when only a line went away or nothing changed', () => {
    expect(changedLineId([line('a'), line('b')], [line('a')])).toBeNull();
    expect(changedLineId([line('a')], [line('a')])).toBeNull();
  });
});
