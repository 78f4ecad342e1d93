import type { StoreView } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { averageTicketCents, change, sum, todayIn, zoneOf } from './dashboard-figures';

const store = (id: string, timeZone: string): StoreView => ({ id, name: id, timeZone, addressLines: [], vatNumber: '' });

describe('dashboard figures', () => {
  it('the average ticket is whole cents, half a cent up, and 0 with no tickets (a day of only returns too)', () => {
    expect(averageTicketCents({ takingsCents: 1000, tickets: 3 })).toBe(333);
    expect(averageTicketCents({ takingsCents: 1001, tickets: 2 })).toBe(501);
    expect(averageTicketCents({ takingsCents: 0, tickets: 0 })).toBe(0);
    expect(averageTicketCents({ takingsCents: -500, tickets: 0 })).toBe(0);
    expect(averageTicketCents({ takingsCents: 999_999_999_999, tickets: 7 })).toBe(142_857_142_857);
  });

  it('the change on a week earlier is signed to one decimal; from nothing it is a dash, nothing to nothing is 0%', () => {
    expect(change(1500, 1000)).toBe('+50.0%');
    expect(change(1000, 1000)).toBe('+0.0%');
    expect(change(333, 1000)).toBe('-66.7%');
    // A week of net returns before: the change is measured from its size.
    expect(change(500, -1000)).toBe('+150.0%');
    expect(change(700, 0)).toBe('—');
    expect(change(0, 0)).toBe('0%');
  });

  it('totals add every store row, returns (negative takings) included', () => {
    const total = sum([
      { storeId: 'milano', takingsCents: 12_050, tickets: 7, returns: 1, voids: 0, itemsMilli: 9_500 },
      { storeId: 'roma', takingsCents: -1_000, tickets: 2, returns: 2, voids: 3, itemsMilli: 1_000 },
    ]);
    expect(total).toEqual({ storeId: '', takingsCents: 11_050, tickets: 9, returns: 3, voids: 3, itemsMilli: 10_500 });
    expect(sum([])).toEqual({ storeId: '', takingsCents: 0, tickets: 0, returns: 0, voids: 0, itemsMilli: 0 });
  });

  it("today is the chosen store's day, or the shared zone's; stores in different zones fall back to the browser's", () => {
    const stores = [store('milano', 'Europe/Rome'), store('ny', 'America/New_York')];
    expect(zoneOf(stores, 'ny')).toBe('America/New_York');
    expect(zoneOf(stores, 'unknown')).toBeUndefined();
    expect(zoneOf(stores, '')).toBeUndefined();
    expect(zoneOf([store('milano', 'Europe/Rome'), store('roma', 'Europe/Rome')], '')).toBe('Europe/Rome');
    expect(todayIn('UTC')).toBe(new Date().toISOString().slice(0, 10));
    expect(todayIn(undefined)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
