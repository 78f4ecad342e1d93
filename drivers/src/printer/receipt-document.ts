/**
 * @module
 * What a receipt says, independent of any printer. The till core fills this in (amounts already
 * computed, date already in local time); layout only decides where things go.
 */
import type { MonoImage } from '../escpos/escpos-encoder';

export interface ReceiptLine {
  readonly description: string;
  /** e.g. "2 x 1,25" or "0,350 kg x 12,90/kg"; printed under the description. */
  readonly quantityText?: string;
  /** The line's gross amount (VAT included), in euro cents; negative for returns. */
  readonly amountCents: number;
  /** Short VAT mark printed beside the amount, e.g. "22%" or "N4". */
  readonly vatLabel: string;
  /** e.g. "Sconto 10% -0,25"; printed under the line. */
  readonly discountText?: string;
}

export interface VatSummaryRow {
  /** e.g. "22%", "10%", "N4 esente". */
  readonly label: string;
  readonly grossCents: number;
  readonly vatCents: number;
}

export interface ReceiptPayment {
  readonly label: string;
  readonly amountCents: number;
}

/** A logo stored in the printer (NV graphics key, two characters) or sent with the job. */
export type ReceiptLogo =
  | { readonly kind: 'nv'; readonly key: string }
  | { readonly kind: 'raster'; readonly image: MonoImage };

/** The code customers show for a return: CODE128 or QR of `payload`. */
export interface ReceiptReturnCode {
  readonly payload: string;
  readonly symbology: 'code128' | 'qr';
}

export interface ReceiptDocument {
  readonly shopName: string;
  readonly addressLines: readonly string[];
  /** Partita IVA, digits only or as the shop writes it; printed as "P.IVA …". */
  readonly vatNumber: string;
  readonly lines: readonly ReceiptLine[];
  readonly vatSummary: readonly VatSummaryRow[];
  readonly totalCents: number;
  readonly payments: readonly ReceiptPayment[];
  readonly changeCents: number;
  /** Cash rounding to 5 cents (Italy), signed; 0 or absent prints nothing. */
  readonly roundingCents?: number;
  /** e.g. "0012-0034" (closure-document). */
  readonly receiptNumber: string;
  /** Already formatted in local time, e.g. "26/11/2026 15:42". */
  readonly dateTime: string;
  readonly cashier: string;
  readonly returnCode?: ReceiptReturnCode;
  readonly footerLines: readonly string[];
  /** A reprint: "COPIA / COPY" is printed large at the top and bottom. */
  readonly copy: boolean;
  readonly logo?: ReceiptLogo;
  /** Overrides for the fixed words (Italian by default). */
  readonly labels?: Partial<ReceiptLabels>;
  /** A return or a post-void prints its title under the header; absent means a sale. */
  readonly kind?: 'sale' | 'return' | 'post-void';
  /** The document a return or post-void reverses, as printed on it. */
  readonly refersTo?: ReceiptReference;
  // Issue 17: chain ledgers
  /** Gift cards the sale issued, vouchers it used and the customer's loyalty points; absent prints nothing. */
  readonly ledger?: ReceiptLedger;
}

/**
 * Issue 17: what a document did to the chain's ledgers, as the customer reads it: each gift card's
 * code as text, CODE128 and QR (scanned at any till of the chain), what is left on a voucher used,
 * and the loyalty points earned and held.
 */
export interface ReceiptLedger {
  readonly giftCards: readonly { readonly code: string; readonly amountCents: number }[];
  readonly vouchersUsed: readonly { readonly code: string; readonly remainingCents: number }[];
  readonly points?: { readonly earned: number; readonly redeemed: number; readonly balance: number } | null;
}

/** Issue 17: a non-fiscal slip with a sale's gift-card codes, for a till whose receipt the RT prints. */
export interface GiftCardSlip {
  readonly shopName: string;
  readonly receiptNumber: string;
  readonly dateTime: string;
  readonly giftCards: readonly { readonly code: string; readonly amountCents: number }[];
  readonly footerLines: readonly string[];
}

/** The original document of a return: its number (zzzz-nnnn) and its date in local time. */
export interface ReceiptReference {
  readonly receiptNumber: string;
  /** e.g. "26/11/2026". */
  readonly date: string;
}

export interface ReceiptLabels {
  readonly total: string;
  readonly change: string;
  readonly rounding: string;
  readonly vatNumber: string;
  readonly vatRate: string;
  readonly vatGross: string;
  readonly vatAmount: string;
  readonly receiptNumber: string;
  readonly cashier: string;
  readonly copy: string;
  readonly returnTitle: string;
  readonly voidTitle: string;
  /** Before the original document's number: "Rif. doc. n. 0001-0004 del 26/11/2026". */
  readonly refersTo: string;
  readonly refersToDate: string;
}

export const defaultReceiptLabels: ReceiptLabels = {
  total: 'TOTALE',
  change: 'Resto',
  rounding: 'Arrotondamento',
  vatNumber: 'P.IVA',
  vatRate: 'IVA',
  vatGross: 'Lordo',
  vatAmount: 'Imposta',
  receiptNumber: 'Doc. n.',
  cashier: 'Cassiere',
  copy: 'COPIA / COPY',
  returnTitle: 'RESO MERCE / RETURN',
  voidTitle: 'ANNULLAMENTO / VOID',
  refersTo: 'Rif. doc. n.',
  refersToDate: 'del',
};

/** Euro cents as Italians write them: 1234567 → "12.345,67", -250 → "-2,50". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be an integer number of cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}`;
}

/** The receipt used by golden tests, the technician's test page and demos. */
export const referenceReceipt: ReceiptDocument = {
  shopName: 'Caffè Perù',
  addressLines: ['Piazza della Libertà 12', '20121 Milano (MI)'],
  vatNumber: '01234567890',
  lines: [
    { description: 'Caffè espresso', quantityText: '2 x 1,20', amountCents: 240, vatLabel: '10%' },
    { description: 'Brioche più crema', amountCents: 150, vatLabel: '10%' },
    { description: 'Acqua “Sorgente Élite” naturale 0,5 l', amountCents: 100, vatLabel: '22%', discountText: 'Sconto fedeltà -0,20' },
    { description: 'Giornale: Corriere', amountCents: 180, vatLabel: 'N4' },
  ],
  vatSummary: [
    { label: '10%', grossCents: 390, vatCents: 35 },
    { label: '22%', grossCents: 100, vatCents: 18 },
    { label: 'N4 esente', grossCents: 180, vatCents: 0 },
  ],
  totalCents: 670,
  roundingCents: 0,
  payments: [{ label: 'Contanti', amountCents: 1000 }],
  changeCents: 330,
  receiptNumber: '0012-0034',
  dateTime: '26/11/2026 15:42',
  cashier: 'Niccolò',
  returnCode: { payload: 'R0012-0034', symbology: 'qr' },
  footerLines: ['Grazie e arrivederci!', 'Cambio merce entro 30 giorni', 'con questo scontrino.'],
  copy: false,
};

/** One row of a printed report: a label and its value, a section heading, or a rule. */
export type ReportRow =
  | { readonly label: string; readonly value: string; readonly strong?: boolean }
  | { readonly section: string }
  | { readonly rule: true };

/**
 * A non-fiscal report for the receipt printer (the X and Z shift reports): the shop's header, a
 * title, rows of label and value, and a closing line. Words come already in the shop's language.
 */
export interface ReportDocument {
  readonly shopName: string;
  readonly addressLines: readonly string[];
  readonly vatNumber: string;
  /** e.g. "CHIUSURA Z N. 0012"; printed large. */
  readonly title: string;
  /** Lines under the title, e.g. the opening and closing times. */
  readonly subtitleLines: readonly string[];
  readonly rows: readonly ReportRow[];
  readonly footerLines: readonly string[];
  /** The "P.IVA" word, in the shop's language. */
  readonly vatNumberLabel: string;
}
