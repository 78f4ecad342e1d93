/**
 * @module
 * Receipt document → ESC/POS bytes for one printer profile. Pure: same document and profile,
 * same bytes (golden tests rely on it). All text is first rewritten into the profile's code page
 * so column widths are measured on what will actually print.
 */
import type { Replacement } from '../escpos/code-pages';
import { toPrintable } from '../escpos/code-pages';
import { EscPosEncoder } from '../escpos/escpos-encoder';
import type { Alignment } from '../escpos/escpos-encoder';
import type { PrinterProfile } from './printer-profile';
import { codePageTable } from './printer-profile';
import type { GiftCardSlip, ReceiptDocument, ReceiptLabels, ReceiptLedger, ReportDocument } from './receipt-document';
import { defaultReceiptLabels, formatCents, referenceReceipt } from './receipt-document';

export interface LayoutResult {
  readonly bytes: Uint8Array;
  /** Characters the printer cannot show and what was printed instead (for the till's log). */
  readonly replacements: readonly Replacement[];
}

/** Lays out a receipt; see `layoutReceiptWithReport` for the list of replaced characters. */
export function layoutReceipt(doc: ReceiptDocument, profile: PrinterProfile): Uint8Array {
  return layoutReceiptWithReport(doc, profile).bytes;
}

export function layoutReceiptWithReport(doc: ReceiptDocument, profile: PrinterProfile): LayoutResult {
  const w = new ReceiptWriter(profile);
  w.enc.initialize();
  writeReceipt(w, doc);
  finishJob(w);
  return { bytes: w.enc.encode(), replacements: w.replacements };
}

/**
 * Lays out a report (X or Z) on the profile's columns: values right-aligned in one column, long
 * labels wrapped, and a cut at the end like a receipt.
 */
export function layoutReport(doc: ReportDocument, profile: PrinterProfile): Uint8Array {
  const w = new ReceiptWriter(profile);
  const { enc, columns } = w;
  enc.initialize();
  enc.bold(true).size(1, 2);
  w.line(doc.shopName, 'center');
  enc.size(1, 1).bold(false);
  for (const a of doc.addressLines) w.line(a, 'center');
  if (doc.vatNumber) w.line(`${doc.vatNumberLabel} ${doc.vatNumber}`, 'center');
  enc.newline().bold(true).size(1, 2);
  w.line(doc.title, 'center');
  enc.size(1, 1).bold(false);
  for (const s of doc.subtitleLines) w.line(s, 'center');
  w.line('-'.repeat(columns));
  for (const row of doc.rows) {
    if ('rule' in row) w.line('-'.repeat(columns));
    else if ('section' in row) {
      enc.bold(true);
      w.line(row.section);
      enc.bold(false);
    } else {
      if (row.strong) enc.bold(true);
      w.twoColumns(row.label, row.value);
      if (row.strong) enc.bold(false);
    }
  }
  if (doc.footerLines.length > 0) {
    enc.newline();
    for (const f of doc.footerLines) w.line(f, 'center');
  }
  finishJob(w);
  return enc.encode();
}

/**
 * A page for technicians installing a printer: profile and ESC t number, a column ruler, the
 * euro sign and every accent, text styles, a VAT summary, barcodes and QR, then a sample receipt.
 */
export function encodeTestReceipt(profile: PrinterProfile): Uint8Array {
  const w = new ReceiptWriter(profile);
  const { enc } = w;
  enc.initialize();
  enc.bold(true).size(2, 2);
  w.line('TEST', 'center', Math.floor(w.columns / 2));
  enc.size(1, 1).bold(false);
  w.line(profile.name, 'center');
  w.line(`profilo ${profile.id}`, 'center');
  w.line(`code page ${profile.codePage.toUpperCase()} = ESC t ${codePageTable(profile)}`, 'center');
  enc.newline();
  w.line(ruler(w.columns));
  w.line(`${w.columns} colonne / columns`);
  enc.newline();
  w.line('Euro: € 1.234,56 €');
  w.line('à è é ì ò ù');
  w.line('À È É Ì Ò Ù');
  w.line('ç Ç ñ Ñ ä ö ü Ä Ö Ü ß');
  w.line('á í ó ú â ê î ô û ë ï');
  w.line('« » ° £ § µ ¿ ¡');
  w.line('“Virgolette” ‘curve’ – …');
  enc.newline();
  enc.bold(true);
  w.line('Grassetto / bold');
  enc.bold(false).size(1, 2);
  w.line('Doppia altezza / double height');
  enc.size(2, 1);
  w.line('Doppia larghezza', 'left', Math.floor(w.columns / 2));
  enc.size(1, 1);
  w.line('Destra / right', 'right');
  enc.newline();
  if (profile.barcodes.includes('code128')) {
    w.line('CODE128', 'center');
    enc.align('center').barcode('CASSA-TEST-128', 'code128', { height: 60, moduleWidth: barcodeModuleWidth('CASSA-TEST-128', profile) });
    enc.newline().align('left');
  }
  if (profile.barcodes.includes('ean13')) {
    w.line('EAN-13', 'center');
    enc.align('center').barcode('8001234567897', 'ean13', { height: 60 });
    enc.newline().align('left');
  }
  if (profile.qr) {
    w.line('QR', 'center');
    enc.align('center').qr('https://cassa.example/test?€=àèéìòù');
    enc.newline().align('left');
  }
  w.line('-'.repeat(w.columns));
  writeReceipt(w, referenceReceipt);
  finishJob(w);
  return enc.encode();
}

// ---- internals --------------------------------------------------------------------------------

class ReceiptWriter {
  readonly enc: EscPosEncoder;
  readonly profile: PrinterProfile;
  readonly columns: number;
  readonly replacements: Replacement[] = [];

  constructor(profile: PrinterProfile) {
    this.profile = profile;
    this.columns = profile.columns.fontA;
    this.enc = new EscPosEncoder({
      codePage: profile.codePage,
      codePageTable: codePageTable(profile),
      cancelKanji: profile.cancelKanjiOnInit,
    });
  }

  /** Text as it will print, with replacements recorded once, here. */
  printable(text: string): string {
    const p = toPrintable(text, this.profile.codePage);
    this.replacements.push(...p.replacements);
    return p.text;
  }

  /**
   * One logical line, wrapped to `width` columns and padded so that alignment does not depend on
   * ESC a (which some clones ignore mid-line).
   */
  line(text: string, align: Alignment = 'left', width = this.columns): void {
    for (const piece of wrapReceiptText(this.printable(text), width)) {
      this.enc.text(pad(piece, width, align)).newline();
    }
  }

  /**
   * Left text and right text on one line. If both do not fit, 'wrap' wraps the left side (item
   * descriptions) and 'stack' puts the right side on its own line (number and date).
   */
  twoColumns(left: string, right: string, overflow: 'wrap' | 'stack' = 'wrap', width = this.columns): void {
    const l = this.printable(left);
    const r = this.printable(right);
    const room = width - r.length - 1;
    if (room < 4 || (overflow === 'stack' && l.length > room)) {
      this.line(l, 'left', width);
      this.line(r, 'right', width);
      return;
    }
    const pieces = wrapReceiptText(l, room);
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      // The amount goes on the last line of a wrapped description, where the eye ends.
      this.enc.text(last ? piece.padEnd(width - r.length) + r : piece).newline();
    });
  }
}

function writeReceipt(w: ReceiptWriter, doc: ReceiptDocument): void {
  const { enc, profile, columns } = w;
  const labels: ReceiptLabels = { ...defaultReceiptLabels, ...doc.labels };
  const rule = '-'.repeat(columns);

  if (doc.logo) writeLogo(w, doc.logo);
  if (doc.copy) copyBanner(w, labels.copy);

  enc.bold(true).size(1, 2);
  w.line(doc.shopName, 'center');
  enc.size(1, 1).bold(false);
  for (const a of doc.addressLines) w.line(a, 'center');
  w.line(`${labels.vatNumber} ${doc.vatNumber}`, 'center');
  enc.newline();
  if (doc.kind === 'return' || doc.kind === 'post-void') reversalHeading(w, doc, labels);

  // VAT marks padded to one width so the amounts line up in a column.
  const vatWidth = Math.max(0, ...doc.lines.map((l) => toPrintable(l.vatLabel, profile.codePage).text.length));
  for (const item of doc.lines) {
    w.twoColumns(item.description, `${formatCents(item.amountCents)} ${w.printable(item.vatLabel).padEnd(vatWidth)}`);
    if (item.quantityText) w.line(`  ${item.quantityText}`);
    if (item.discountText) w.line(`  ${item.discountText}`);
  }
  w.line(rule);

  if (doc.roundingCents) w.twoColumns(labels.rounding, formatCents(doc.roundingCents));
  enc.bold(true).size(1, 2);
  w.twoColumns(labels.total, `€ ${formatCents(doc.totalCents)}`);
  enc.size(1, 1).bold(false);
  for (const p of doc.payments) w.twoColumns(p.label, formatCents(p.amountCents));
  if (doc.changeCents !== 0) w.twoColumns(labels.change, formatCents(doc.changeCents));
  w.line(rule);

  if (doc.vatSummary.length > 0) {
    const amountWidth = columns >= 40 ? 12 : 9;
    const labelWidth = columns - 2 * amountWidth;
    const row = (a: string, b: string, c: string): void => {
      const text = w.printable(a).slice(0, labelWidth).padEnd(labelWidth) + w.printable(b).padStart(amountWidth) + w.printable(c).padStart(amountWidth);
      enc.text(text).newline();
    };
    row(labels.vatRate, labels.vatGross, labels.vatAmount);
    for (const r of doc.vatSummary) row(r.label, formatCents(r.grossCents), formatCents(r.vatCents));
    w.line(rule);
  }

  w.twoColumns(`${labels.receiptNumber} ${doc.receiptNumber}`, doc.dateTime, 'stack');
  w.line(`${labels.cashier}: ${doc.cashier}`);
  if (doc.ledger) writeLedger(w, doc.ledger);

  if (doc.returnCode) {
    enc.newline().align('center');
    const symbology = doc.returnCode.symbology === 'qr' && profile.qr ? 'qr' : profile.barcodes.includes('code128') ? 'code128' : 'text';
    const payload = w.printable(doc.returnCode.payload);
    if (symbology === 'qr') enc.qr(payload, { moduleSize: columns >= 40 ? 6 : 5 });
    else if (symbology === 'code128') enc.barcode(payload, 'code128', { height: 60, moduleWidth: barcodeModuleWidth(payload, profile) });
    enc.newline().align('left');
    // CODE128 prints its own human-readable line; QR and plain text need one for typing it in.
    if (symbology !== 'code128') w.line(payload, 'center');
  }

  if (doc.footerLines.length > 0) {
    enc.newline();
    for (const f of doc.footerLines) w.line(f, 'center');
  }
  if (doc.copy) copyBanner(w, labels.copy);
}

// Issue 17: chain ledgers

/** A gift card's code as the customer keeps it: large text, then CODE128 and QR where the printer has them. */
function writeGiftCardCode(w: ReceiptWriter, card: { readonly code: string; readonly amountCents: number }): void {
  const { enc, profile } = w;
  enc.newline().bold(true);
  w.line('BUONO REGALO', 'center');
  w.line(`€ ${formatCents(card.amountCents)}`, 'center');
  enc.size(1, 2);
  w.line(card.code, 'center');
  enc.size(1, 1).bold(false).align('center');
  const payload = w.printable(card.code);
  if (profile.barcodes.includes('code128')) enc.barcode(payload, 'code128', { height: 60, moduleWidth: barcodeModuleWidth(payload, profile) }).newline();
  if (profile.qr) enc.qr(payload, { moduleSize: w.columns >= 40 ? 6 : 5 }).newline();
  enc.align('left');
}

function writeLedger(w: ReceiptWriter, ledger: ReceiptLedger): void {
  const rule = '-'.repeat(w.columns);
  if (ledger.vouchersUsed.length > 0 || ledger.points) w.line(rule);
  for (const v of ledger.vouchersUsed) w.twoColumns(`Buono ${v.code} residuo`, formatCents(v.remainingCents));
  if (ledger.points) {
    if (ledger.points.redeemed > 0) w.twoColumns('Punti usati', String(ledger.points.redeemed));
    w.twoColumns('Punti guadagnati', String(ledger.points.earned));
    w.twoColumns('Saldo punti', String(ledger.points.balance));
  }
  for (const card of ledger.giftCards) writeGiftCardCode(w, card);
}

/** The non-fiscal slip of a sale's gift cards (a till with an RT prints no receipt of its own). */
export function layoutGiftCardSlip(slip: GiftCardSlip, profile: PrinterProfile): Uint8Array {
  const w = new ReceiptWriter(profile);
  w.enc.initialize();
  w.enc.bold(true).size(1, 2);
  w.line(slip.shopName, 'center');
  w.enc.size(1, 1).bold(false);
  w.twoColumns(`Doc. ${slip.receiptNumber}`, slip.dateTime, 'stack');
  for (const card of slip.giftCards) writeGiftCardCode(w, card);
  w.enc.newline();
  for (const f of slip.footerLines) w.line(f, 'center');
  finishJob(w);
  return w.enc.encode();
}

/**
 * A return or post-void says so before its first line and cites the document it reverses, as the
 * fiscal reso does (number and date of the original): a customer or an auditor holding it must not
 * read it as a sale.
 */
function reversalHeading(w: ReceiptWriter, doc: ReceiptDocument, labels: ReceiptLabels): void {
  w.enc.bold(true).size(1, 2);
  w.line(doc.kind === 'post-void' ? labels.voidTitle : labels.returnTitle, 'center');
  w.enc.size(1, 1).bold(false);
  if (doc.refersTo) w.line(`${labels.refersTo} ${doc.refersTo.receiptNumber} ${labels.refersToDate} ${doc.refersTo.date}`, 'center');
  w.enc.newline();
}

function copyBanner(w: ReceiptWriter, text: string): void {
  // Double size so a reprint can never pass for the original at a glance.
  w.enc.bold(true).size(2, 2);
  const width = Math.floor(w.columns / 2);
  const starred = `*** ${text} ***`;
  w.line(toPrintable(starred, w.profile.codePage).text.length <= width ? starred : text, 'center', width);
  w.enc.size(1, 1).bold(false);
}

function writeLogo(w: ReceiptWriter, logo: NonNullable<ReceiptDocument['logo']>): void {
  const { enc, profile } = w;
  enc.align('center');
  if (logo.kind === 'nv' && profile.logo.nvGraphics) enc.nvGraphics(logo.key);
  else if (logo.kind === 'raster' && profile.logo.raster && logo.image.width <= profile.dotsPerLine) enc.raster(logo.image);
  // A logo the printer cannot show is skipped: the shop name below identifies the shop anyway.
  enc.align('left');
}

function finishJob(w: ReceiptWriter): void {
  const { enc, profile } = w;
  const { cutter } = profile;
  if (cutter.partial) enc.cut('partial', cutter.feedLinesBeforeCut);
  else if (cutter.full) enc.cut('full', cutter.feedLinesBeforeCut);
  // Tear bar: feed past it so the last line is not torn through.
  else enc.feed(cutter.feedLinesBeforeCut);
}

/** Module width 2 when the symbol fits the paper, else 1 (CODE128 B: 11 modules a character). */
function barcodeModuleWidth(payload: string, profile: PrinterProfile): number {
  const modules = (payload.length + 3) * 11 + 2 + 20;
  return modules * 2 <= profile.dotsPerLine ? 2 : 1;
}

function ruler(columns: number): string {
  let s = '';
  for (let i = 1; i <= columns; i++) s += i % 10 === 0 ? String((i / 10) % 10) : i % 5 === 0 ? '+' : '.';
  return s;
}

function pad(text: string, width: number, align: Alignment): string {
  if (align === 'left' || text.length >= width) return text;
  const space = width - text.length;
  if (align === 'right') return ' '.repeat(space) + text;
  return ' '.repeat(Math.floor(space / 2)) + text;
}

/**
 * Word wrap; words longer than the line are cut; leading indentation is kept on every piece.
 * Input is printable text (one char, one column).
 */
export function wrapReceiptText(text: string, width: number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  if (indent.length > 0 && indent.length < width / 2) {
    return wrapReceiptText(text.slice(indent.length), width - indent.length).map((piece) => indent + piece);
  }
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((x) => x.length > 0)) {
    let rest = word;
    while (rest.length > width) {
      if (current) {
        out.push(current);
        current = '';
      }
      out.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!current) current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      out.push(current);
      current = rest;
    }
  }
  if (current || out.length === 0) out.push(current);
  return out;
}
