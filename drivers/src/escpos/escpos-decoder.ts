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

  const items: DecodedItem[] = [];
  const unknown: { offset: number; byte: number }[] = [];
  const codePageSelections: number[] = [];
  const boundaries: number[] = [];
  let itemsAtBoundary = 0;
  let initializations = 0;
  let style: TextStyle = initialStyle;
  let page: CodePageId | undefined;
  let lineBytes: number[] = [];
  let lineStyle: TextStyle | undefined;
  let qrData = '';
  let qrSize = 3;
  let i = 0;

  const at = (k: number): number => input[k] ?? 0;
  const need = (n: number): boolean => {
    if (i + n <= input.length) return true;
    unknown.push({ offset: i, byte: at(i) });
    i = input.length;
    return false;
  };
  const flushLine = (force: boolean): void => {
    if (!force && lineBytes.length === 0) return;
    const bytes = Uint8Array.from(lineBytes);
    // Without ESC t the printer uses its power-on table, which we cannot know: show that loudly.
    const text = page ? decodeText(bytes, page) : Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\uFFFD')).join('');
    items.push({ kind: 'text', text, ...(lineStyle ?? style) });
    lineBytes = [];
    lineStyle = undefined;
  };

  while (i < input.length) {
    const b = at(i);
    if (b >= 0x20 && b !== 0x7f) {
      lineStyle ??= style;
      lineBytes.push(b);
      i += 1;
      continue;
    }
    if (b === 0x0a) {
      flushLine(true);
      i += 1;
      continue;
    }
    if (b === 0x0d) {
      i += 1;
      continue;
    }
    if (b === 0x1b) {
      if (!need(2)) break;
      const cmd = at(i + 1);
      switch (cmd) {
        case 0x40: // ESC @
          flushLine(false);
          if (hasContent(items.slice(itemsAtBoundary))) {
            boundaries.push(i);
            itemsAtBoundary = items.length;
          }
          style = initialStyle;
          page = undefined;
          initializations += 1;
          i += 2;
          continue;
        case 0x74: // ESC t n
          if (!need(3)) break;
          codePageSelections.push(at(i + 2));
          page = tableToPage.get(at(i + 2));
          i += 3;
          continue;
        case 0x61: // ESC a n
          if (!need(3)) break;
          style = { ...style, align: (['left', 'center', 'right'] as const)[at(i + 2) % 48] ?? 'left' };
          i += 3;
          continue;
        case 0x45: // ESC E n
          if (!need(3)) break;
          style = { ...style, bold: (at(i + 2) & 1) === 1 };
          i += 3;
          continue;
        case 0x21: // ESC ! n
          if (!need(3)) break;
          style = { ...style, bold: (at(i + 2) & 0x08) !== 0, height: at(i + 2) & 0x10 ? 2 : 1, width: at(i + 2) & 0x20 ? 2 : 1 };
          i += 3;
          continue;
        case 0x64: // ESC d n
          if (!need(3)) break;
          flushLine(false);
          items.push({ kind: 'feed', lines: at(i + 2) });
          i += 3;
          continue;
        case 0x70: // ESC p m t1 t2
          if (!need(5)) break;
          items.push({ kind: 'drawer', pin: at(i + 2) % 48 === 0 ? 2 : 5, onMs: at(i + 3) * 2, offMs: at(i + 4) * 2 });
          i += 5;
          continue;
        case 0x4d: // ESC M n (font)
        case 0x2d: // ESC - n (underline)
        case 0x4a: // ESC J n (feed dots)
        case 0x33: // ESC 3 n (line spacing)
        case 0x52: // ESC R n (international set)
          if (!need(3)) break;
          i += 3;
          continue;
        case 0x32: // ESC 2
          i += 2;
          continue;
        default:
          unknown.push({ offset: i, byte: b });
          i += 1;
          continue;
      }
      break;
    }
    if (b === 0x1c) {
      if (!need(2)) break;
      if (at(i + 1) === 0x2e || at(i + 1) === 0x26) {
        i += 2; // FS . / FS &: Kanji mode off/on
        continue;
      }
      unknown.push({ offset: i, byte: b });
      i += 1;
      continue;
    }
    if (b === 0x10) {
      if (!need(3)) break;
      if (at(i + 1) === 0x04) {
        items.push({ kind: 'status-request', n: at(i + 2) });
        i += 3;
        continue;
      }
      if (at(i + 1) === 0x14 && at(i + 2) === 0x01) {
        if (!need(5)) break;
        items.push({ kind: 'drawer', pin: at(i + 3) === 0 ? 2 : 5, onMs: at(i + 4) * 100, offMs: at(i + 4) * 100 });
        i += 5;
        continue;
      }
      unknown.push({ offset: i, byte: b });
      i += 1;
      continue;
    }
    if (b === 0x1d) {
      if (!need(2)) break;
      const cmd = at(i + 1);
      if (cmd === 0x21) {
        if (!need(3)) break;
        const n = at(i + 2);
        style = { ...style, width: (n >> 4) + 1, height: (n & 0x0f) + 1 };
        i += 3;
        continue;
      }
      if (cmd === 0x68 || cmd === 0x77 || cmd === 0x48 || cmd === 0x66 || cmd === 0x61 || cmd === 0x49 || cmd === 0x72 || cmd === 0x42) {
        if (!need(3)) break;
        i += 3; // barcode height/width/HRI/font, ASB, transmit id/status, reverse
        continue;
      }
      if (cmd === 0x56) {
        if (!need(3)) break;
        const m = at(i + 2);
        flushLine(false);
        if (m === 65 || m === 66) {
          if (!need(4)) break;
          items.push({ kind: 'cut', mode: m === 65 ? 'full' : 'partial', feedLines: at(i + 3) });
          i += 4;
        } else {
          items.push({ kind: 'cut', mode: m === 0 || m === 48 ? 'full' : 'partial', feedLines: 0 });
          i += 3;
        }
        boundaries.push(i);
        itemsAtBoundary = items.length;
        continue;
      }
      if (cmd === 0x6b) {
        if (!need(3)) break;
        flushLine(false);
        const m = at(i + 2);
        if (m >= 65) {
          if (!need(4)) break;
          const len = at(i + 3);
          if (!need(4 + len)) break;
          const data = input.subarray(i + 4, i + 4 + len);
          items.push({ kind: 'barcode', align: style.align, ...decodeBarcode(m, data) });
          i += 4 + len;
        } else {
          let end = i + 3;
          while (end < input.length && input[end] !== 0) end += 1;
          items.push({ kind: 'barcode', align: style.align, symbology: m === 2 ? 'ean13' : 'other', data: String.fromCharCode(...input.subarray(i + 3, end)) });
          i = end + 1;
        }
        continue;
      }
      if (cmd === 0x28) {
        if (!need(5)) break;
        const fn = at(i + 2);
        const len = at(i + 3) | (at(i + 4) << 8);
        if (!need(5 + len)) break;
        const body = input.subarray(i + 5, i + 5 + len);
        if (fn === 0x6b && body[0] === 0x31) {
          const f = body[1];
          if (f === 0x43) qrSize = body[2] ?? qrSize;
          if (f === 0x50) qrData = new TextDecoder().decode(body.subarray(3));
          if (f === 0x51) {
            flushLine(false);
            items.push({ kind: 'qr', data: qrData, moduleSize: qrSize, align: style.align });
          }
        } else if (fn === 0x4c && body[1] === 0x45) {
          flushLine(false);
          items.push({ kind: 'nv-logo', key: String.fromCharCode(body[2] ?? 0x3f, body[3] ?? 0x3f), align: style.align });
        }
        i += 5 + len;
        continue;
      }
      if (cmd === 0x76 && at(i + 2) === 0x30) {
        if (!need(8)) break;
        const bytesPerRow = at(i + 4) | (at(i + 5) << 8);
        const rows = at(i + 6) | (at(i + 7) << 8);
        if (!need(8 + bytesPerRow * rows)) break;
        flushLine(false);
        const data = input.subarray(i + 8, i + 8 + bytesPerRow * rows);
        const band = rasterToImage(data, bytesPerRow, rows);
        const previous = items[items.length - 1];
        // Consecutive bands of one image (split at 255 rows) are joined back together.
        if (previous?.kind === 'image' && previous.image.width === band.width) {
          items[items.length - 1] = { ...previous, image: stackImages(previous.image, band) };
        } else items.push({ kind: 'image', image: band, align: style.align });
        i += 8 + bytesPerRow * rows;
        continue;
      }
      unknown.push({ offset: i, byte: b });
      i += 1;
      continue;
    }
    if (b === 0x09) {
      lineStyle ??= style;
      lineBytes.push(0x20);
      i += 1;
      continue;
    }
    unknown.push({ offset: i, byte: b });
    i += 1;
  }
  flushLine(false);
  const lines = items.filter((x): x is DecodedTextLine => x.kind === 'text');
  return { items, lines, unknown, initializations, codePageSelections, boundaries };
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
