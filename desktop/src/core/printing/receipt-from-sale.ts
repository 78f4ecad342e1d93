/**
 * @module
 * Turns an immutable sale record into the printer-independent receipt document. Receipts are
 * rebuilt from the record at print time, so a reprint is always identical to the original (plus
 * the COPY mark) and a changed header never rewrites history's amounts.
 */
import type { ReceiptDocument, ReceiptLedger } from '@cassa/drivers/portable';
import type { PaymentMethod, SaleRecord, VatCode } from '@cassa/shared';
import { formatCents, formatDocumentNumber } from '@cassa/shared';
import type { ShopIdentity } from '../settings';

const paymentLabels: Record<PaymentMethod, string> = {
  cash: 'Contanti',
  card: 'Carta',
  voucher: 'Buono',
  'store-credit': 'Credito cliente',
};

export function vatLabel(code: VatCode): string {
  return /^\d+$/.test(code) ? `${code}%` : code;
}

function quantityText(line: SaleRecord['lines'][number], unit: 'piece' | 'kg' | 'm' | undefined): string | undefined {
  if (line.quantityMilli === 1000 && unit !== 'kg' && unit !== 'm') return undefined;
  if (unit === 'kg' || unit === 'm') {
    const whole = Math.trunc(line.quantityMilli / 1000);
    const frac = String(Math.abs(line.quantityMilli % 1000)).padStart(3, '0');
    return `${whole},${frac} ${unit} x ${formatCents(line.unitPriceCents)}/${unit}`;
  }
  return `${line.quantityMilli / 1000} x ${formatCents(line.unitPriceCents)}`;
}

/** Formats a UTC instant in the shop's local time, as the receipt must show it. */
export function localDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('it-IT', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(',', '');
}

/** The shop's local date of an instant, as a reso cites its original: "26/11/2026". */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('it-IT', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** What a return or post-void receipt cites: the original's number and local date. */
export interface OriginalDocument {
  readonly zNumber: number;
  readonly documentNumber: number;
  readonly completedAt: string;
}

export function receiptFromSale(
  sale: SaleRecord,
  options: {
    shop: ShopIdentity;
    cashierName: string;
    units: ReadonlyMap<string, 'piece' | 'kg' | 'm'>;
    timeZone: string;
    footerLines: readonly string[];
    copy: boolean;
    /** The sale a return or post-void reverses, when this register has it. */
    original?: OriginalDocument | null;
    /** Issue 17: gift cards issued, vouchers used, loyalty points. */
    ledger?: ReceiptLedger | null;
  },
): ReceiptDocument {
  const original = options.original;
  return {
    ...(sale.kind === 'sale' ? {} : { kind: sale.kind }),
    ...(sale.kind !== 'sale' && original
      ? { refersTo: { receiptNumber: formatDocumentNumber(original.zNumber, original.documentNumber), date: localDate(original.completedAt, options.timeZone) } }
      : {}),
    shopName: options.shop.shopName,
    addressLines: options.shop.addressLines,
    vatNumber: options.shop.vatNumber,
    lines: sale.lines.map((line) => {
      const q = quantityText(line, options.units.get(line.variantId));
      return {
        description: line.description,
        amountCents: line.totalCents,
        vatLabel: vatLabel(line.vatCode),
        ...(q ? { quantityText: q } : {}),
        ...(line.discountCents > 0 ? { discountText: `Sconto -${formatCents(line.discountCents)}` } : {}),
      };
    }),
    vatSummary: sale.vatBreakdown.map((row) => ({ label: vatLabel(row.vatCode), grossCents: row.grossCents, vatCents: row.vatCents })),
    totalCents: sale.totalCents,
    payments: sale.payments.map((p) => ({ label: paymentLabels[p.method], amountCents: p.amountCents })),
    changeCents: sale.changeCents,
    roundingCents: sale.roundingCents,
    receiptNumber: formatDocumentNumber(sale.zNumber, sale.documentNumber),
    dateTime: localDateTime(sale.completedAt, options.timeZone),
    cashier: options.cashierName,
    returnCode: { payload: `CASSA:${sale.id}`, symbology: 'qr' },
    footerLines: options.footerLines,
    copy: options.copy,
    ...(options.ledger ? { ledger: options.ledger } : {}),
  };
}
