import { businessDay } from '@cassa/shared';
import type { StoreTotals, StoreView } from '@cassa/shared';

/** Today's date in a time zone (the browser's when none), as YYYY-MM-DD. */
export function todayIn(timeZone: string | undefined): string {
  return businessDay(new Date(), timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Where "today" is: the chosen store's zone, or the one zone every shown store shares. */
export function zoneOf(stores: readonly StoreView[], store: string): string | undefined {
  if (store) return stores.find((s) => s.id === store)?.timeZone;
  const zones = new Set(stores.map((s) => s.timeZone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

export function sum(rows: readonly StoreTotals[]): StoreTotals {
  return rows.reduce(
    (a, r) => ({
      storeId: '',
      takingsCents: a.takingsCents + r.takingsCents,
      tickets: a.tickets + r.tickets,
      returns: a.returns + r.returns,
      voids: a.voids + r.voids,
      itemsMilli: a.itemsMilli + r.itemsMilli,
    }),
    { storeId: '', takingsCents: 0, tickets: 0, returns: 0, voids: 0, itemsMilli: 0 },
  );
}

/** The change from `before` to `now` as a signed percentage; "—" when there was nothing before. */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '0%' : '—';
  const pct = ((now - before) / Math.abs(before)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/**
 * The average ticket in whole cents (half a cent rounds up), 0 with no tickets: one rule for the
 * figure card, the per-store table and its CSV, so the three never disagree by a cent.
 */
export function averageTicketCents(totals: Pick<StoreTotals, 'takingsCents' | 'tickets'>): number {
  return totals.tickets > 0 ? Math.round(totals.takingsCents / totals.tickets) : 0;
}
