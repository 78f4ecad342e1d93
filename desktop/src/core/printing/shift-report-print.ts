/**
 * @module
 * An X or Z shift report as the receipt printer prints it, in the shop's language (the
 * `ui.locale` setting): the same figures as the screen, VAT by the daily closure's rule.
 */
import type { ReportDocument, ReportRow } from '@cassa/drivers/portable';
import type { FiscalZView, PaymentMethod, ShiftReport, VatCode } from '@cassa/shared';
import { formatCents } from '@cassa/shared';
import type { ShopIdentity } from '../settings';
import { localDateTime, vatLabel } from './receipt-from-sale';

export type ReportLanguage = 'it' | 'en';

const words = {
  it: {
    titleX: 'RAPPORTO X',
    titleZ: 'CHIUSURA Z',
    number: 'N.',
    register: 'Cassa',
    opened: 'Apertura',
    closed: 'Chiusura',
    printedAt: 'Stampato il',
    float: 'Fondo cassa',
    sales: 'Vendite',
    returns: 'Resi e annulli',
    discounts: 'Sconti',
    byMethod: 'INCASSI PER PAGAMENTO',
    cashIn: 'Versamenti',
    cashOut: 'Prelievi',
    expected: 'Contanti attesi',
    counted: 'Contanti contati',
    variance: 'Differenza',
    vat: 'IVA (lordo / imposta)',
    vatNumber: 'P.IVA',
    notFiscal: 'Documento non fiscale',
    fiscal: 'REGISTRATORE TELEMATICO',
    fiscalZ: 'Chiusura Z n.',
    serial: 'Matricola',
    deviceDate: 'Data e ora',
    daily: 'Venduto del giorno',
    fiscalVat: 'Corrispettivi per IVA',
    fiscalReturns: 'Resi per IVA',
    fiscalVoids: 'Annulli per IVA',
    methods: { cash: 'Contanti', card: 'Carta', voucher: 'Buono', 'store-credit': 'Credito cliente' },
  },
  en: {
    titleX: 'X REPORT',
    titleZ: 'Z CLOSE',
    number: 'No.',
    register: 'Register',
    opened: 'Opened',
    closed: 'Closed',
    printedAt: 'Printed',
    float: 'Float',
    sales: 'Sales',
    returns: 'Returns and voids',
    discounts: 'Discounts',
    byMethod: 'TAKINGS BY METHOD',
    cashIn: 'Cash in',
    cashOut: 'Cash out',
    expected: 'Expected cash',
    counted: 'Counted cash',
    variance: 'Variance',
    vat: 'VAT (gross / tax)',
    vatNumber: 'VAT no.',
    notFiscal: 'Not a fiscal document',
    fiscal: 'FISCAL DEVICE',
    fiscalZ: 'Z closure no.',
    serial: 'Serial',
    deviceDate: 'Date and time',
    daily: "Day's takings",
    fiscalVat: 'Takings per VAT',
    fiscalReturns: 'Returns per VAT',
    fiscalVoids: 'Voids per VAT',
    methods: { cash: 'Cash', card: 'Card', voucher: 'Voucher', 'store-credit': 'Store credit' },
  },
} as const satisfies Record<ReportLanguage, { methods: Record<PaymentMethod, string> } & Record<string, unknown>>;

/** The fiscal device's Z of the shift (issue 16): its numbers as it reported them, then the per-VAT takings. */
function fiscalRows(view: FiscalZView, w: (typeof words)[ReportLanguage]): ReportRow[] {
  const money = (cents: number) => formatCents(cents);
  const { closure, vatTotals } = view;
  const perVat = (title: string, groups: readonly { vatCode: VatCode; grossCents: number; vatCents: number }[]): ReportRow[] =>
    groups.length === 0 ? [] : [{ section: title }, ...groups.map((r): ReportRow => ({ label: vatLabel(r.vatCode), value: `${money(r.grossCents)} / ${money(r.vatCents)}` }))];
  return [
    { rule: true },
    { section: w.fiscal },
    { label: w.fiscalZ, value: String(closure.zNumber).padStart(4, '0'), strong: true },
    { label: w.serial, value: closure.serial },
    { label: w.deviceDate, value: `${closure.date} ${closure.time}` },
    { label: w.daily, value: money(closure.dailyAmountCents), strong: true },
    ...(vatTotals ? [...perVat(w.fiscalVat, vatTotals.sales), ...perVat(w.fiscalReturns, vatTotals.returns), ...perVat(w.fiscalVoids, vatTotals.voids)] : []),
  ];
}

export function reportFromShift(
  report: ShiftReport,
  options: { shop: ShopIdentity; timeZone: string; language: ReportLanguage; printedAt: string; fiscal?: FiscalZView | null },
): ReportDocument {
  const w = words[options.language];
  const when = (iso: string) => localDateTime(iso, options.timeZone);
  const money = (cents: number) => formatCents(cents);
  const rows: ReportRow[] = [
    { label: w.float, value: money(report.floatCents) },
    { label: `${w.sales} (${report.salesCount})`, value: money(report.salesTotalCents) },
    { label: `${w.returns} (${report.returnsCount})`, value: money(report.returnsTotalCents) },
    { label: w.discounts, value: money(report.discountsCents) },
    { rule: true },
    { section: w.byMethod },
    ...report.byMethod.map((m): ReportRow => ({ label: w.methods[m.method], value: money(m.amountCents) })),
    { label: w.cashIn, value: money(report.cashInCents) },
    { label: w.cashOut, value: money(report.cashOutCents) },
    { label: w.expected, value: money(report.expectedCashCents), strong: true },
    ...(report.countedCashCents === null ? [] : [{ label: w.counted, value: money(report.countedCashCents), strong: true }]),
    ...(report.varianceCents === null ? [] : [{ label: w.variance, value: `${report.varianceCents > 0 ? '+' : ''}${money(report.varianceCents)}`, strong: true }]),
    { rule: true },
    { section: w.vat },
    ...report.vatBreakdown.map((r): ReportRow => ({ label: vatLabel(r.vatCode), value: `${money(r.grossCents)} / ${money(r.vatCents)}` })),
    ...(report.kind === 'Z' && options.fiscal ? fiscalRows(options.fiscal, w) : []),
  ];
  return {
    shopName: options.shop.shopName,
    addressLines: options.shop.addressLines,
    vatNumber: options.shop.vatNumber,
    vatNumberLabel: w.vatNumber,
    title: `${report.kind === 'Z' ? w.titleZ : w.titleX} ${w.number} ${String(report.zNumber).padStart(4, '0')}`,
    subtitleLines: [
      `${w.register}: ${options.shop.registerName}`,
      `${w.opened}: ${when(report.openedAt)}`,
      ...(report.closedAt ? [`${w.closed}: ${when(report.closedAt)}`] : []),
      `${w.printedAt}: ${when(options.printedAt)}`,
    ],
    rows,
    footerLines: [w.notFiscal],
  };
}
