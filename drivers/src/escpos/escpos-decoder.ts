/**
 * @module
 * ESC/POS bytes → what a printer would put on paper: styled text lines, cuts, barcodes, QR
 * payloads, drawer kicks and images. The virtual printer and the golden tests use it as an
 * oracle, so it is strict where the real printer is: text before any ESC t decodes as the
 * power-on table (unknown here, shown as U+FFFD), and ESC @ forgets the code page.
 */
import type { CodePageId } from './code-pages';
import { decodeText } from './code-pages';
import type { Alignment, CutMode, MonoImage } from './escpos-encoder';

export interface TextStyle {
  readonly align: Alignment;
  readonly bold: boolean;
  /** Character magnification, 1..8. */
  readonly width: number;
  readonly height: number;
}

export interface DecodedTextLine extends TextStyle {
  readonly kind: 'text';
  readonly text: string;
}

export type DecodedItem =
  | DecodedTextLine
  | { readonly kind: 'cut'; readonly mode: CutMode; readonly feedLines: number }
  | { readonly kind: 'feed'; readonly lines: number }
  | { readonly kind: 'barcode'; readonly symbology: 'code128' | 'ean13' | 'other'; readonly data: string; readonly align: Alignment }
  | { readonly kind: 'qr'; readonly data: string; readonly moduleSize: number; readonly align: Alignment }
  | { readonly kind: 'drawer'; readonly pin: 2 | 5; readonly onMs: number; readonly offMs: number }
  | { readonly kind: 'image'; readonly image: MonoImage; readonly align: Alignment }
  | { readonly kind: 'nv-logo'; readonly key: string; readonly align: Alignment }
  | { readonly kind: 'status-request'; readonly n: number };

export interface DecodedReceipt {
  readonly items: readonly DecodedItem[];
  /** The text lines only, in order. */
  readonly lines: readonly DecodedTextLine[];
  /** Bytes the decoder did not understand, with their offsets: a non-empty list is a bug. */
  readonly unknown: readonly { readonly offset: number; readonly byte: number }[];
  /** How many times ESC @ appeared. */
  readonly initializations: number;
  /** ESC t numbers selected, in order. */
  readonly codePageSelections: readonly number[];
  /**
   * Byte offsets where one receipt ends and the next begins: just after each cut, and at an
   * ESC @ that follows printed content (tear-bar printers have no cut). Simulators split on these.
   */
  readonly boundaries: readonly number[];
}

export interface DecodeOptions {
  /** ESC t number → code page, from the printer profile; defaults to Epson's numbering. */
  readonly codePageTables?: Readonly<Partial<Record<CodePageId, number>>>;
}

const epsonTables: Partial<Record<CodePageId, number>> = { cp858: 19, wpc1252: 16 };

const initialStyle: TextStyle = { align: 'left', bold: false, width: 1, height: 1 };

export function decodeEscPos(input: Uint8Array, options: DecodeOptions = {}): DecodedReceipt {
  const tableToPage = new Map<number, CodePageId>();
  for (const [page, n] of Object.entries(options.codePageTables ?? epsonTables) as [CodePageId, number][]) tableToPage.set(n, page);
  return new EscPosDecoder(input, tableToPage).decode();
}

/**
 * One pass over the bytes. Each command family (ESC, FS, DLE, GS) has its own method; a command
 * cut short by the end of the input is recorded as unknown and ends the pass (`need`).
 */
class EscPosDecoder {
  private readonly items: DecodedItem[] = [];
  private readonly unknown: { offset: number; byte: number }[] = [];
  private readonly codePageSelections: number[] = [];
  private readonly boundaries: number[] = [];
  private itemsAtBoundary = 0;
  private initializations = 0;
  private style: TextStyle = initialStyle;
  private page: CodePageId | undefined;
  private lineBytes: number[] = [];
  private lineStyle: TextStyle | undefined;
  private qrData = '';
  private qrSize = 3;
  private i = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly tableToPage: ReadonlyMap<number, CodePageId>,
  ) {}

  decode(): DecodedReceipt {
    while (this.i < this.input.length) {
      const b = this.at(this.i);
      if (b >= 0x20 && b !== 0x7f) this.textByte(b);
      else if (b === 0x0a) {
        this.flushLine(true);
        this.i += 1;
      } else if (b === 0x0d) this.i += 1;
      else if (b === 0x1b) this.esc();
      else if (b === 0x1c) this.fs();
      else if (b === 0x10) this.dle();
      else if (b === 0x1d) this.gs();
      else if (b === 0x09) this.textByte(0x20);
      else this.skipUnknown();
    }
    this.flushLine(false);
    const { items, unknown, initializations, codePageSelections, boundaries } = this;
    const lines = items.filter((x): x is DecodedTextLine => x.kind === 'text');
    return { items, lines, unknown, initializations, codePageSelections, boundaries };
  }

  private at(k: number): number {
    return this.input[k] ?? 0;
  }

  /** Whether n bytes are left from here; if not, the command is unknown and the pass ends. */
  private need(n: number): boolean {
    if (this.i + n <= this.input.length) return true;
    this.unknown.push({ offset: this.i, byte: this.at(this.i) });
    this.i = this.input.length;
    return false;
  }

  private skipUnknown(): void {
    this.unknown.push({ offset: this.i, byte: this.at(this.i) });
    this.i += 1;
  }

  private textByte(b: number): void {
    this.lineStyle ??= this.style;
    this.lineBytes.push(b);
    this.i += 1;
  }

  private flushLine(force: boolean): void {
    if (!force && this.lineBytes.length === 0) return;
    const bytes = Uint8Array.from(this.lineBytes);
    // Without ESC t the printer uses its power-on table, which we cannot know: show that loudly.
    const text = this.page ? decodeText(bytes, this.page) : Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\uFFFD')).join('');
    this.items.push({ kind: 'text', text, ...(this.lineStyle ?? this.style) });
    this.lineBytes = [];
    this.lineStyle = undefined;
  }

  /** ESC: initialise, code page, alignment, emphasis, print mode, feed, drawer kick. */
  private esc(): void {
    if (!this.need(2)) return;
    const i = this.i;
    const n = this.at(i + 2);
    switch (this.at(i + 1)) {
      case 0x40: // ESC @
        this.flushLine(false);
        if (hasContent(this.items.slice(this.itemsAtBoundary))) {
          this.boundaries.push(i);
          this.itemsAtBoundary = this.items.length;
        }
        this.style = initialStyle;
        this.page = undefined;
        this.initializations += 1;
        this.i += 2;
        return;
      case 0x74: // ESC t n
        if (!this.need(3)) return;
        this.codePageSelections.push(n);
        this.page = this.tableToPage.get(n);
        this.i += 3;
        return;
      case 0x61: // ESC a n
        if (!this.need(3)) return;
        this.style = { ...this.style, align: (['left', 'center', 'right'] as const)[n % 48] ?? 'left' };
        this.i += 3;
        return;
      case 0x45: // ESC E n
        if (!this.need(3)) return;
        this.style = { ...this.style, bold: (n & 1) === 1 };
        this.i += 3;
        return;
      case 0x21: // ESC ! n
        if (!this.need(3)) return;
        this.style = { ...this.style, bold: (n & 0x08) !== 0, height: n & 0x10 ? 2 : 1, width: n & 0x20 ? 2 : 1 };
        this.i += 3;
        return;
      case 0x64: // ESC d n
        if (!this.need(3)) return;
        this.flushLine(false);
        this.items.push({ kind: 'feed', lines: n });
        this.i += 3;
        return;
      case 0x70: // ESC p m t1 t2
        if (!this.need(5)) return;
        this.items.push({ kind: 'drawer', pin: n % 48 === 0 ? 2 : 5, onMs: this.at(i + 3) * 2, offMs: this.at(i + 4) * 2 });
        this.i += 5;
        return;
      case 0x4d: // ESC M n (font)
      case 0x2d: // ESC - n (underline)
      case 0x4a: // ESC J n (feed dots)
      case 0x33: // ESC 3 n (line spacing)
      case 0x52: // ESC R n (international set)
        if (!this.need(3)) return;
        this.i += 3;
        return;
      case 0x32: // ESC 2
        this.i += 2;
        return;
      default:
        this.skipUnknown();
    }
  }

  /** FS . / FS &: Kanji mode off/on. */
  private fs(): void {
    if (!this.need(2)) return;
    const cmd = this.at(this.i + 1);
    if (cmd === 0x2e || cmd === 0x26) this.i += 2;
    else this.skipUnknown();
  }

  /** DLE EOT n (status request) and DLE DC4 1 m t (real-time drawer kick). */
  private dle(): void {
    if (!this.need(3)) return;
    const i = this.i;
    if (this.at(i + 1) === 0x04) {
      this.items.push({ kind: 'status-request', n: this.at(i + 2) });
      this.i += 3;
    } else if (this.at(i + 1) === 0x14 && this.at(i + 2) === 0x01) {
      if (!this.need(5)) return;
      this.items.push({ kind: 'drawer', pin: this.at(i + 3) === 0 ? 2 : 5, onMs: this.at(i + 4) * 100, offMs: this.at(i + 4) * 100 });
      this.i += 5;
    } else this.skipUnknown();
  }

  /** GS: character size, settings that print nothing, cut, barcode, QR/logo functions, raster image. */
  private gs(): void {
    if (!this.need(2)) return;
    const cmd = this.at(this.i + 1);
    if (cmd === 0x21) {
      if (!this.need(3)) return;
      const n = this.at(this.i + 2);
      this.style = { ...this.style, width: (n >> 4) + 1, height: (n & 0x0f) + 1 };
      this.i += 3;
    } else if (cmd === 0x68 || cmd === 0x77 || cmd === 0x48 || cmd === 0x66 || cmd === 0x61 || cmd === 0x49 || cmd === 0x72 || cmd === 0x42) {
      if (!this.need(3)) return;
      this.i += 3; // barcode height/width/HRI/font, ASB, transmit id/status, reverse
    } else if (cmd === 0x56) this.gsCut();
    else if (cmd === 0x6b) this.gsBarcode();
    else if (cmd === 0x28) this.gsFunction();
    else if (cmd === 0x76 && this.at(this.i + 2) === 0x30) this.gsRasterImage();
    else this.skipUnknown();
  }

  /** GS V m [n]: a cut ends one receipt. */
  private gsCut(): void {
    if (!this.need(3)) return;
    const m = this.at(this.i + 2);
    this.flushLine(false);
    if (m === 65 || m === 66) {
      if (!this.need(4)) return;
      this.items.push({ kind: 'cut', mode: m === 65 ? 'full' : 'partial', feedLines: this.at(this.i + 3) });
      this.i += 4;
    } else {
      this.items.push({ kind: 'cut', mode: m === 0 || m === 48 ? 'full' : 'partial', feedLines: 0 });
      this.i += 3;
    }
    this.boundaries.push(this.i);
    this.itemsAtBoundary = this.items.length;
  }

  /** GS k m: a barcode, with a length byte (m ≥ 65) or NUL-terminated. */
  private gsBarcode(): void {
    if (!this.need(3)) return;
    this.flushLine(false);
    const { input, i } = this;
    const m = this.at(i + 2);
    if (m >= 65) {
      if (!this.need(4)) return;
      const len = this.at(i + 3);
      if (!this.need(4 + len)) return;
      const data = input.subarray(i + 4, i + 4 + len);
      this.items.push({ kind: 'barcode', align: this.style.align, ...decodeBarcode(m, data) });
      this.i += 4 + len;
    } else {
      let end = i + 3;
      while (end < input.length && input[end] !== 0) end += 1;
      this.items.push({ kind: 'barcode', align: this.style.align, symbology: m === 2 ? 'ean13' : 'other', data: String.fromCharCode(...input.subarray(i + 3, end)) });
      this.i = end + 1;
    }
  }

  /** GS ( k (QR: size, store, print) and GS ( L (print a stored logo). */
  private gsFunction(): void {
    if (!this.need(5)) return;
    const i = this.i;
    const fn = this.at(i + 2);
    const len = this.at(i + 3) | (this.at(i + 4) << 8);
    if (!this.need(5 + len)) return;
    const body = this.input.subarray(i + 5, i + 5 + len);
    if (fn === 0x6b && body[0] === 0x31) {
      const f = body[1];
      if (f === 0x43) this.qrSize = body[2] ?? this.qrSize;
      if (f === 0x50) this.qrData = new TextDecoder().decode(body.subarray(3));
      if (f === 0x51) {
        this.flushLine(false);
        this.items.push({ kind: 'qr', data: this.qrData, moduleSize: this.qrSize, align: this.style.align });
      }
    } else if (fn === 0x4c && body[1] === 0x45) {
      this.flushLine(false);
      this.items.push({ kind: 'nv-logo', key: String.fromCharCode(body[2] ?? 0x3f, body[3] ?? 0x3f), align: this.style.align });
    }
    this.i += 5 + len;
  }

  /** GS v 0: a raster band; consecutive bands of one image (split at 255 rows) are joined back together. */
  private gsRasterImage(): void {
    if (!this.need(8)) return;
    const i = this.i;
    const bytesPerRow = this.at(i + 4) | (this.at(i + 5) << 8);
    const rows = this.at(i + 6) | (this.at(i + 7) << 8);
    if (!this.need(8 + bytesPerRow * rows)) return;
    this.flushLine(false);
    const band = rasterToImage(this.input.subarray(i + 8, i + 8 + bytesPerRow * rows), bytesPerRow, rows);
    const previous = this.items[this.items.length - 1];
    if (previous?.kind === 'image' && previous.image.width === band.width) {
      this.items[this.items.length - 1] = { ...previous, image: stackImages(previous.image, band) };
    } else this.items.push({ kind: 'image', image: band, align: this.style.align });
    this.i += 8 + bytesPerRow * rows;
  }
}

function hasContent(items: readonly DecodedItem[]): boolean {
  return items.some((x) => x.kind !== 'status-request' && x.kind !== 'drawer');
}

function decodeBarcode(m: number, data: Uint8Array): { symbology: 'code128' | 'ean13' | 'other'; data: string } {
  if (m === 67) return { symbology: 'ean13', data: String.fromCharCode(...data) };
  if (m !== 73) return { symbology: 'other', data: String.fromCharCode(...data) };
  let out = '';
  let subset = 'B';
  for (let k = 0; k < data.length; k++) {
    const c = data[k] ?? 0;
    if (c === 0x7b) {
      const next = data[k + 1] ?? 0;
      k += 1;
      if (next === 0x7b) out += '{';
      else if (next === 0x41 || next === 0x42 || next === 0x43) subset = String.fromCharCode(next);
      continue; // FNC codes carry no text
    }
    out += subset === 'C' ? String(c).padStart(2, '0') : String.fromCharCode(c);
  }
  return { symbology: 'code128', data: out };
}

function rasterToImage(data: Uint8Array, bytesPerRow: number, rows: number): MonoImage {
  const width = bytesPerRow * 8;
  const pixels = new Uint8Array(width * rows);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) pixels[y * width + x] = ((data[y * bytesPerRow + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
  }
  return { width, height: rows, pixels };
}

function stackImages(a: MonoImage, b: MonoImage): MonoImage {
  const pixels = new Uint8Array(a.width * (a.height + b.height));
  pixels.set(Array.from(a.pixels, Number), 0);
  pixels.set(Array.from(b.pixels, Number), a.width * a.height);
  return { width: a.width, height: a.height + b.height, pixels };
}

/** The text lines joined, for assertions and logs. */
export function decodedText(receipt: DecodedReceipt): string {
  return receipt.lines.map((l) => l.text).join('\n');
}
