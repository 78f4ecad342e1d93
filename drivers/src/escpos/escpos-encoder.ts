/**
 * @module
 * A small ESC/POS encoder: commands in, bytes out, nothing else (no I/O, no layout). It exists
 * instead of a library call for the reasons in `printer/README.md` ("Encoder choice"); the
 * important properties are that every `initialize()` re-selects the code page (ESC @ resets it)
 * and that every character that could not be printed as written is reported.
 */
import type { CodePageId, Replacement } from './code-pages';
import { encodeText } from './code-pages';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Alignment = 'left' | 'center' | 'right';
export type CutMode = 'full' | 'partial';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface EncoderOptions {
  readonly codePage: CodePageId;
  /** The ESC t number this printer uses for `codePage` (from the profile). */
  readonly codePageTable: number;
  /** Send FS . after ESC @ (clones that boot in Kanji mode). */
  readonly cancelKanji?: boolean;
}

/** A 1-bit image: `width × height` pixels, row-major, true = black. */
export interface MonoImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: ArrayLike<boolean | number>;
}

export class EscPosEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EscPosEncodeError';
  }
}

/** Raster images go out in bands of at most this many rows (many printers' GS v 0 limit). */
export const rasterBandRows = 255;

export class EscPosEncoder {
  readonly #options: EncoderOptions;
  readonly #chunks: number[] = [];
  readonly #replacements: Replacement[] = [];

  constructor(options: EncoderOptions) {
    if (!Number.isInteger(options.codePageTable) || options.codePageTable < 0 || options.codePageTable > 255) {
      throw new EscPosEncodeError(`ESC t table must be 0..255, got ${options.codePageTable}`);
    }
    this.#options = options;
  }

  /** Characters replaced so far (transliterated or '?'), for a warning in the till's log. */
  get replacements(): readonly Replacement[] {
    return this.#replacements;
  }

  /** ESC @, then the code page again: ESC @ resets ESC t to the power-on table. */
  initialize(): this {
    this.#push(ESC, 0x40);
    if (this.#options.cancelKanji) this.#push(FS, 0x2e);
    return this.#push(ESC, 0x74, this.#options.codePageTable);
  }

  /** Text in the current code page; no newline. Control characters never pass through. */
  text(value: string): this {
    const encoded = encodeText(value, this.#options.codePage);
    this.#replacements.push(...encoded.replacements);
    return this.#push(...encoded.bytes);
  }

  newline(count = 1): this {
    for (let i = 0; i < count; i++) this.#push(LF);
    return this;
  }

  line(value: string): this {
    return this.text(value).newline();
  }

  align(value: Alignment): this {
    return this.#push(ESC, 0x61, value === 'left' ? 0 : value === 'center' ? 1 : 2);
  }

  bold(on: boolean): this {
    return this.#push(ESC, 0x45, on ? 1 : 0);
  }

  /** Character magnification 1..8 each way (GS !). */
  size(width: number, height: number): this {
    for (const v of [width, height]) {
      if (!Number.isInteger(v) || v < 1 || v > 8) throw new EscPosEncodeError(`character size must be 1..8, got ${v}`);
    }
    return this.#push(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    return this.#push(ESC, 0x64, clampByte(lines));
  }

  /**
   * CODE128 (subset B, or C for long even digit strings) or EAN-13 (12 digits get a check digit,
   * 13 must carry the right one), with the human-readable text below.
   */
  barcode(data: string, symbology: 'code128' | 'ean13', opts: { height?: number; moduleWidth?: number } = {}): this {
    const payload = symbology === 'ean13' ? ean13Payload(data) : code128Payload(data);
    this.#push(GS, 0x68, clampByte(opts.height ?? 80)); // height in dots
    this.#push(GS, 0x77, opts.moduleWidth ?? 2); // module width
    this.#push(GS, 0x48, 2); // HRI below
    this.#push(GS, 0x66, 0); // HRI font A
    this.#push(GS, 0x6b, symbology === 'ean13' ? 67 : 73, payload.length, ...payload);
    return this;
  }

  /** QR model 2 via GS ( k: select model, module size, error correction, store, print. */
  qr(data: string, opts: { moduleSize?: number; errorCorrection?: QrErrorCorrection } = {}): this {
    const bytes = Array.from(new TextEncoder().encode(data));
    if (bytes.length === 0 || bytes.length > 7089) throw new EscPosEncodeError(`QR data must be 1..7089 bytes, got ${bytes.length}`);
    const size = opts.moduleSize ?? 6;
    if (!Number.isInteger(size) || size < 1 || size > 16) throw new EscPosEncodeError(`QR module size must be 1..16, got ${size}`);
    const ecc = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 }[opts.errorCorrection ?? 'M'];
    const storeLen = bytes.length + 3;
    this.#push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00);
    this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, size);
    this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, ecc);
    this.#push(GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30, ...bytes);
    return this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
  }

  /** GS v 0 raster image, in bands of at most 255 rows. */
  raster(image: MonoImage): this {
    const { width, height } = image;
    if (width < 1 || height < 1 || image.pixels.length !== width * height) {
      throw new EscPosEncodeError(`raster image ${width}×${height} has ${image.pixels.length} pixels`);
    }
    const bytesPerRow = Math.ceil(width / 8);
    for (let top = 0; top < height; top += rasterBandRows) {
      const rows = Math.min(rasterBandRows, height - top);
      this.#push(GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8);
      for (let y = top; y < top + rows; y++) {
        for (let bx = 0; bx < bytesPerRow; bx++) {
          let byte = 0;
          for (let bit = 0; bit < 8; bit++) {
            const x = bx * 8 + bit;
            if (x < width && image.pixels[y * width + x]) byte |= 0x80 >> bit;
          }
          this.#push(byte);
        }
      }
    }
    return this;
  }

  /** GS ( L fn 69: print a logo stored in NV graphics memory under key (kc1, kc2). */
  nvGraphics(key: string): this {
    if (!/^[\x20-\x7e]{2}$/.test(key)) throw new EscPosEncodeError(`NV graphics key must be two printable ASCII characters, got "${key}"`);
    return this.#push(GS, 0x28, 0x4c, 6, 0, 0x30, 0x45, key.charCodeAt(0), key.charCodeAt(1), 1, 1);
  }

  /** GS V 65/66 n: feed n lines so the last line clears the cutter, then cut. */
  cut(mode: CutMode, feedLines = 0): this {
    return this.#push(GS, 0x56, mode === 'full' ? 65 : 66, clampByte(feedLines));
  }

  /** ESC p m t1 t2; the times are in ms and go out in 2 ms units. Omitting t1/t2 makes printers eat the next bytes. */
  drawerKick(pin: 2 | 5, onMs: number, offMs: number): this {
    return this.#push(ESC, 0x70, pin === 2 ? 0 : 1, pulseUnits(onMs), pulseUnits(offMs));
  }

  /** GS a n: automatic status back (n = 0 turns it off). */
  automaticStatusBack(mask: number): this {
    return this.#push(GS, 0x61, clampByte(mask));
  }

  /** Bytes this encoder does not model; the caller owns their correctness. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.#chunks.push((bytes[i] ?? 0) & 0xff);
    return this;
  }

  encode(): Uint8Array {
    return Uint8Array.from(this.#chunks);
  }

  #push(...bytes: number[]): this {
    for (const b of bytes) this.#chunks.push(b & 0xff);
    return this;
  }
}

function clampByte(n: number): number {
  return Math.max(0, Math.min(255, Math.round(n)));
}

function pulseUnits(ms: number): number {
  return Math.max(1, Math.min(255, Math.round(ms / 2)));
}

/** EAN-13 check digit for 12 digits. */
export function ean13CheckDigit(twelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function ean13Payload(data: string): number[] {
  if (!/^\d{12,13}$/.test(data)) throw new EscPosEncodeError(`EAN-13 needs 12 or 13 digits, got "${data}"`);
  const check = ean13CheckDigit(data.slice(0, 12));
  if (data.length === 13 && Number(data[12]) !== check) {
    throw new EscPosEncodeError(`EAN-13 "${data}" has check digit ${data[12]}, expected ${check}`);
  }
  return Array.from(data.slice(0, 12) + String(check), (c) => c.charCodeAt(0));
}

function code128Payload(data: string): number[] {
  if (!/^[\x20-\x7e]+$/.test(data)) throw new EscPosEncodeError(`CODE128 data must be printable ASCII, got "${data}"`);
  // Subset C packs two digits per symbol: a long numeric payload stays scannable on 58 mm paper.
  if (/^\d+$/.test(data) && data.length % 2 === 0 && data.length >= 4) {
    const pairs: number[] = [];
    for (let i = 0; i < data.length; i += 2) pairs.push(Number(data.slice(i, i + 2)));
    return [0x7b, 0x43, ...pairs];
  }
  // '{' starts a subset switch in Epson's GS k 73 syntax, so a literal one is written "{{".
  const escaped = data.replaceAll('{', '{{');
  const bytes = [0x7b, 0x42, ...Array.from(escaped, (c) => c.charCodeAt(0))];
  if (bytes.length > 255) throw new EscPosEncodeError(`CODE128 data too long (${data.length} characters)`);
  return bytes;
}
