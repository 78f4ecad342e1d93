/**
 * @module
 * A store's business day as SAP Business One documents, built from the day's takings
 * (`readDayTakings`, one row per register) and the link's mappings, without any network:
 * - one `Invoices` document to the walk-in customer, **one line per VAT group** (not per item),
 *   carrying the day's net takings of that code: sales less returns less post-voids (a post-void
 *   is a documento commerciale di annullo that gives the money back, like a return). The takings
 *   are kept per VAT code by the fiscal closure's rule (shared `vatBreakdown` on each code's net
 *   gross, `RegisterDayTakings.net`), so one line per code carrying that gross as `PriceAfterVAT`
 *   lets SAP extract the VAT once per code, as the Z report and the dashboard do, and the documents
 *   agree with them to the cent; per-item lines, or returns booked apart, would have SAP round VAT
 *   per line or per document and drift by cents. Returns and voids apart are in the corrispettivi
 *   export. The line's `ItemCode` is the configured non-inventory takings item, `WarehouseCode`
 *   the store's warehouse;
 * - one `CreditNotes` document for the codes whose returns and voids outweighed their sales that
 *   day, the same way;
 * - one `IncomingPayments` per payment method, booked on its mapped account: cash as `CashSum` on
 *   `CashAccount`, every other method as a bank transfer (`TransferSum`/`TransferAccount`) [U: a
 *   shop may prefer SAP's credit-card lines, which need SAP card codes], applied to the invoice.
 * Each carries a stable reference (`CASSA-<store>-<day>`, `-R` for returns, `-P-<method>` for
 * payments) in `NumAtCard` / `CounterReference` [U: CounterReference on IncomingPayments], by which
 * the sender finds it again instead of posting it twice.
 */
import type { PaymentMethod, SapSettings, VatCode } from '@cassa/shared';
import type { RegisterDayTakings, TakingsPart } from '../day-takings';
import type { SapRunProblem } from '../../storage/sap/sap-storage';

export interface SapDocumentLine {
  readonly ItemCode: string;
  readonly ItemDescription: string;
  readonly Quantity: 1;
  /** The VAT group's gross of the day, in euros. */
  readonly PriceAfterVAT: number;
  readonly VatGroup: string;
  readonly WarehouseCode: string;
}

export interface SapSalesDocument {
  readonly CardCode: string;
  readonly DocDate: string;
  readonly DocDueDate: string;
  readonly NumAtCard: string;
  readonly Comments: string;
  readonly DocumentLines: readonly SapDocumentLine[];
}

export interface SapPaymentDraft {
  readonly method: PaymentMethod;
  readonly reference: string;
  readonly amountCents: number;
  /** Without `PaymentInvoices`, which the sender adds once the invoice's DocEntry is known. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface SapDayDocuments {
  readonly reference: string;
  readonly invoice: SapSalesDocument | null;
  readonly creditNote: SapSalesDocument | null;
  readonly payments: readonly SapPaymentDraft[];
  /** The day's sales gross less returns and post-voids, in cents (what the payments add up to). */
  readonly netCents: number;
}

/** The day's references: at most 100 characters (NumAtCard's length [U]), ids are at most 64. */
export const dayReference = (storeId: string, businessDay: string): string => `CASSA-${storeId}-${businessDay}`;

const euros = (cents: number): number => Math.round(cents) / 100;

/** Gross per VAT code over every register of the day. */
function grossPerCode(parts: readonly TakingsPart[]): Map<VatCode, number> {
  const sums = new Map<VatCode, number>();
  for (const part of parts) for (const group of part.vat) sums.set(group.vatCode, (sums.get(group.vatCode) ?? 0) + group.grossCents);
  return new Map([...sums].filter(([, cents]) => cents !== 0));
}

export function buildDayDocuments(
  settings: SapSettings,
  storeId: string,
  businessDay: string,
  registers: readonly RegisterDayTakings[],
): { readonly documents: SapDayDocuments | null; readonly problems: readonly SapRunProblem[] } {
  const reference = dayReference(storeId, businessDay);
  const subject = `${storeId} ${businessDay}`;
  const rows = registers.filter((row) => row.storeId === storeId && row.businessDay === businessDay);
  const problems: SapRunProblem[] = [];
  const warehouse = settings.warehouses.find((entry) => entry.storeId === storeId)?.warehouseCode;
  if (warehouse === undefined) problems.push({ subject, problem: 'unmapped-store', detail: storeId });
  const net = grossPerCode(rows.map((row) => row.net));
  const sales = new Map([...net].filter(([, cents]) => cents > 0));
  const returns = new Map([...net].filter(([, cents]) => cents < 0).map(([code, cents]) => [code, -cents]));
  if (sales.size === 0 && returns.size === 0) return { documents: null, problems: [...problems, { subject, problem: 'nothing-to-send', detail: businessDay }] };
  const groupOf = (code: VatCode) => settings.vatGroups.find((entry) => entry.vatCode === code)?.sapVatGroup;
  for (const code of new Set([...sales.keys(), ...returns.keys()])) {
    if (groupOf(code) === undefined) problems.push({ subject, problem: 'unmapped-vat-code', detail: code });
  }
  const payments = new Map<PaymentMethod, number>();
  for (const row of rows) for (const payment of row.payments) payments.set(payment.method, (payments.get(payment.method) ?? 0) + payment.amountCents);
  for (const [method, cents] of payments) {
    if (cents !== 0 && !settings.paymentAccounts.some((entry) => entry.method === method)) problems.push({ subject, problem: 'unmapped-payment-method', detail: method });
  }
  if (problems.length > 0 || warehouse === undefined) return { documents: null, problems };

  const fiscal = rows.flatMap((row) => (row.fiscal ? [`${row.fiscal.deviceSerial} Z${row.fiscal.zNumber}`] : []));
  const comments = `Cassa ${storeId} ${businessDay}${fiscal.length > 0 ? ` — RT ${fiscal.join(', ')}` : ''}`.slice(0, 254);
  const document = (codes: Map<VatCode, number>, ref: string, label: string): SapSalesDocument | null =>
    codes.size === 0
      ? null
      : {
          CardCode: settings.customerCode,
          DocDate: businessDay,
          DocDueDate: businessDay,
          NumAtCard: ref,
          Comments: comments,
          DocumentLines: [...codes].map(([code, cents]) => ({
            ItemCode: settings.takingsItemCode,
            ItemDescription: `${label} IVA ${code}`,
            Quantity: 1,
            PriceAfterVAT: euros(cents),
            VatGroup: groupOf(code) as string,
            WarehouseCode: warehouse,
          })),
        };
  const drafts: SapPaymentDraft[] = [];
  for (const [method, cents] of payments) {
    // A method whose refunds outweigh its takings has nothing to book as an incoming payment [U: an outgoing one].
    if (cents <= 0) continue;
    const account = settings.paymentAccounts.find((entry) => entry.method === method)!.account;
    const ref = `${reference}-P-${method}`;
    drafts.push({
      method,
      reference: ref,
      amountCents: cents,
      body:
        method === 'cash'
          ? { CardCode: settings.customerCode, DocDate: businessDay, CounterReference: ref, Remarks: comments, CashAccount: account, CashSum: euros(cents) }
          : { CardCode: settings.customerCode, DocDate: businessDay, CounterReference: ref, Remarks: comments, TransferAccount: account, TransferSum: euros(cents), TransferDate: businessDay },
    });
  }
  const total = (codes: Map<VatCode, number>) => [...codes.values()].reduce((sum, cents) => sum + cents, 0);
  return {
    documents: { reference, invoice: document(sales, reference, 'Corrispettivi'), creditNote: document(returns, `${reference}-R`, 'Resi e annulli'), payments: drafts, netCents: total(sales) - total(returns) },
    problems: [],
  };
}
