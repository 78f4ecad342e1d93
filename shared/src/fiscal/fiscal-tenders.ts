/**
 * @module
 * A sale record's payments as the tenders the device declares: each with its true type, which the
 * 2026 POS–RT payment link needs (reference ../shared/reference/fiscal-rt.md §4), and cash net of
 * the change handed back, so the tenders add up to the document's total.
 */
import type { FiscalTender, FiscalTenderKind } from './fiscal-model';
import type { FiscalRequestIssue } from './fiscal-request-problems';
import type { PaymentMethod, SaleRecord } from '../records/till-records';

/**
 * How each of Cassa's payment methods is declared.
 * - Card: an electronic payment (Epson paymentType 2 with index ≥ 1, reference §1 "Codes").
 * - Voucher: a single-use voucher (buono monouso, Epson adjustment 12, reference §1): it was sold
 *   as a voucher and is takings only when spent on goods, so it has its own type.
 * - Store credit: not collected now (non riscosso; Epson paymentType 2 index 0 "credit/non-riscosso",
 *   RCH payment 2 "NON RISCOSSO BENI", reference §1 and §3). The credit is money the shop already
 *   holds or gave back on an earlier document (a return refunded as credit, a deposit): declaring it
 *   as cash or card would count the same money twice in the day's takings, and the POS–RT link
 *   would look for a card payment that never happened. Which non-riscosso subtype a shop's
 *   accountant wants (beni / servizi) is [U]; the adapters choose the device code.
 */
const TENDER_KIND_OF: Readonly<Record<PaymentMethod, FiscalTenderKind>> = {
  cash: 'cash',
  card: 'electronic',
  voucher: 'voucher',
  'store-credit': 'not-collected',
};

const MAX_TENDERS = 20;

type TendersResult = { readonly ok: true; readonly tenders: FiscalTender[] } | { readonly ok: false; readonly issues: FiscalRequestIssue[] };

/**
 * The tenders of a sale (`sign` +1) or a return (`sign` −1, whose payments the till stores
 * negative: money given back), in the order taken, zero amounts left out. The change, which only
 * cash gives, comes off the cash payments from the last one back.
 */
export function fiscalTendersOf(sale: Pick<SaleRecord, 'payments' | 'changeCents'>, sign: 1 | -1): TendersResult {
  const amounts = sale.payments.map((payment) => sign * payment.amountCents);
  if (amounts.some((amount) => amount < 0)) return { ok: false, issues: [{ problem: 'negative-tender', details: {} }] };
  let change = sale.changeCents;
  for (let i = sale.payments.length - 1; i >= 0 && change > 0; i--) {
    if (sale.payments[i]?.method !== 'cash') continue;
    const taken = Math.min(change, amounts[i] ?? 0);
    amounts[i] = (amounts[i] ?? 0) - taken;
    change -= taken;
  }
  if (change > 0) return { ok: false, issues: [{ problem: 'change-exceeds-cash', details: { amountCents: sale.changeCents } }] };
  const tenders = sale.payments.flatMap((payment, i): FiscalTender[] => {
    const amountCents = amounts[i] ?? 0;
    return amountCents > 0 ? [{ kind: TENDER_KIND_OF[payment.method], amountCents }] : [];
  });
  if (tenders.length > MAX_TENDERS) return { ok: false, issues: [{ problem: 'too-many-tenders', details: { count: tenders.length } }] };
  return { ok: true, tenders };
}
