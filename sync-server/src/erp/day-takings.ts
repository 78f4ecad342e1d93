/**
 * @module
 * The one read of a register's business day as the accountant's ERP needs it ("corrispettivi"):
 * totals per VAT code by the fiscal closure's rule (shared `vatBreakdown` on the day's gross per
 * code, as the till's Z and the dashboard narrowed to a register do), returns and voids apart, cash
 * and electronic apart, the fiscal device's serial and Z number where a fiscal device is used. ERP
 * exports, the SAP connector and the public API's takings all read days through this, so they agree
 * with the dashboard to the cent.
 *
 * A register's day is one closure: the telematic register totals its Z per rate, with the returns
 * ("resi") and voids ("annulli") in totals of their own (the RT's corrispettivi record carries
 * them apart, Agenzia delle Entrate, "Tipi dati per i corrispettivi" v7). `net` is the day's signed
 * gross per code less returns and voids, scorporo'd once: the figure the dashboard's VAT table shows
 * for the register and day (dashboard-reads.ts `vatByDay`), which is not sales' VAT less returns'.
 */
import type { PaymentMethod, SaleRecord, VatCode, VatGroup } from '@cassa/shared';
import { netOfMethodCents, paymentMethodSchema, vatBreakdown } from '@cassa/shared';
import type { DayTakingsSaleRow } from '../storage/erp/day-takings-reads';
import type { SyncStorage } from '../storage/storage';

export interface TakingsPart {
  /** Per VAT code, in `VAT_CODES` order; gross is VAT-inclusive, positive for returns and voids too. */
  readonly vat: readonly VatGroup[];
  readonly grossCents: number;
  /** How many sales (receipts) this part counts. */
  readonly documents: number;
}

export interface TakingsPayment {
  readonly method: PaymentMethod;
  /** `cash` is cash; card is `electronic`; vouchers and store credit are neither (`other`). */
  readonly kind: 'cash' | 'electronic' | 'other';
  /** Net of change given and of refunds paid out with this method. */
  readonly amountCents: number;
}

export interface RegisterDayTakings {
  readonly storeId: string;
  readonly registerId: string;
  /** The shop's calendar day (`businessDay` in the store's zone), `YYYY-MM-DD`. */
  readonly businessDay: string;
  /** The fiscal device's closure for this day, where the register uses one. */
  readonly fiscal: { readonly deviceSerial: string; readonly zNumber: number } | null;
  readonly sales: TakingsPart;
  readonly returns: TakingsPart;
  readonly voids: TakingsPart;
  /**
   * Added by helper C: the day's takings, sales less returns and voids, per code scorporo'd once
   * (signed; `documents` counts every receipt). Equal to the dashboard's VAT for this register and day.
   */
  readonly net: TakingsPart;
  readonly payments: readonly TakingsPayment[];
}

export interface DayTakingsQuery {
  /** Business days, inclusive, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Only these stores; null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
}

/** How the ERP books a method: electronic payments go to the bank, cash to the till's cash account. */
export function paymentKind(method: PaymentMethod): TakingsPayment['kind'] {
  return method === 'cash' ? 'cash' : method === 'card' ? 'electronic' : 'other';
}

type SaleOfDay = DayTakingsSaleRow['sale'];

/** The gross per VAT code of the given receipts, times `sign`, scorporo'd once per code. */
function partOf(sales: readonly SaleOfDay[], sign: 1 | -1): TakingsPart {
  const lines = sales.flatMap((sale) => sale.vatBreakdown.map((row) => ({ vatCode: row.vatCode as VatCode, grossCents: sign * row.grossCents + 0 })));
  const vat = vatBreakdown(lines);
  return { vat, grossCents: vat.reduce((sum, group) => sum + group.grossCents, 0), documents: sales.length };
}

function paymentsOf(sales: readonly SaleOfDay[]): TakingsPayment[] {
  return paymentMethodSchema.options.flatMap((method) => {
    const used = sales.some((sale) => sale.payments.some((p) => p.method === method) || (method === 'cash' && sale.changeCents !== 0));
    if (!used) return [];
    const amountCents = sales.reduce((sum, sale) => sum + netOfMethodCents(sale, method), 0);
    return [{ method, kind: paymentKind(method), amountCents }];
  });
}

/**
 * The fiscal closure a register's day belongs to: the serial and Z its receipts' documents carry.
 * A day closed twice (a Z taken mid-day) names the later Z, the one the day's last documents carry.
 */
function fiscalOf(rows: readonly DayTakingsSaleRow[]): RegisterDayTakings['fiscal'] {
  let best: RegisterDayTakings['fiscal'] = null;
  for (const { fiscal } of rows) {
    if (fiscal && (best === null || fiscal.zNumber > best.zNumber)) best = { deviceSerial: fiscal.serial, zNumber: fiscal.zNumber };
  }
  return best;
}

/** Code-unit order, the same on both engines (PostgreSQL's ORDER BY follows its collation). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The takings of one register's day from its receipts. */
export function registerDayTakings(rows: readonly DayTakingsSaleRow[]): RegisterDayTakings {
  const first = rows[0];
  if (!first) throw new RangeError('a register day needs at least one sale');
  const ofKind = (kind: SaleRecord['kind']) => rows.map((r) => r.sale).filter((sale) => sale.kind === kind);
  const all = rows.map((r) => r.sale);
  return {
    storeId: first.storeId,
    registerId: first.registerId,
    businessDay: first.businessDay,
    fiscal: fiscalOf(rows),
    sales: partOf(ofKind('sale'), 1),
    returns: partOf(ofKind('return'), -1),
    voids: partOf(ofKind('post-void'), -1),
    net: partOf(all, 1),
    payments: paymentsOf(all),
  };
}

/** One row per store, register and business day with any sale, in that order. */
export async function readDayTakings(storage: SyncStorage, organisationId: string, query: DayTakingsQuery): Promise<RegisterDayTakings[]> {
  const rows = await storage.dayTakings.salesOfDays(organisationId, query);
  const days = new Map<string, DayTakingsSaleRow[]>();
  for (const row of rows) {
    const key = `${row.storeId}\u0000${row.registerId}\u0000${row.businessDay}`;
    const list = days.get(key) ?? [];
    list.push(row);
    days.set(key, list);
  }
  return [...days.keys()].sort(compare).map((key) => registerDayTakings(days.get(key)!));
}
