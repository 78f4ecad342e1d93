/**
 * @module
 * Turning a file's bytes into text without guessing silently. Italian Excel writes "CSV UTF-8"
 * (UTF-8 with a BOM) or plain "CSV" (Windows-1252); other tools write UTF-16 with a BOM. A file
 * that decodes as none of these is refused with a message saying how to save it, never read with
 * "�" in place of "ù".
 */
import { windows1252UpperHalf } from './receipt-charset';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly reason: 'encoding'; readonly message: string };

const saveAsUtf8 = 'Save the file from Excel with "Save as" → "CSV UTF-8 (delimitato da virgole)" and try again';

/** Strict UTF-8: `undefined` at the first malformed, overlong or surrogate sequence. */
function decodeUtf8(bytes: Uint8Array, start: number): string | undefined {
  let out = '';
  let i = start;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i += 1;
      continue;
    }
    const length = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return undefined;
    let codePoint = b0 & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) return undefined;
      codePoint = (codePoint << 6) | (b & 0x3f);
    }
    const minimum = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
    out += String.fromCodePoint(codePoint);
    i += length;
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): string | undefined {
  if ((bytes.length - start) % 2 !== 0) return undefined;
  const units: number[] = [];
  for (let i = start; i < bytes.length; i += 2) {
    units.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  }
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  // A lone surrogate means the bytes were not UTF-16 after all.
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out) ? undefined : out;
}

/** Windows-1252; `undefined` when a byte is one of the five the code page leaves unassigned. */
function decodeWindows1252(bytes: Uint8Array): string | undefined {
  let out = '';
  for (const b of bytes) {
    const char = b < 0x80 ? String.fromCharCode(b) : windows1252UpperHalf.charAt(b - 0x80);
    if (char === '\uFFFD') return undefined;
    out += char;
  }
  return out;
}

/**
 * Decodes a text file: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, or Windows-1252 when
 * the bytes are not valid UTF-8. NUL bytes without a UTF-16 BOM, or undecodable bytes, are refused.
 */
export function decodeTextFile(bytes: Uint8Array): DecodedText {
  const refuse = (why: string): DecodedText => ({ ok: false, reason: 'encoding', message: `${why}. ${saveAsUtf8}` });
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = decodeUtf16(bytes, 2, true);
    return text === undefined ? refuse('The file starts as UTF-16 but is not valid UTF-16') : { ok: true, text, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = decodeUtf16(bytes, 2, false);
    return text === undefined ? refuse('The file starts as UTF-16 but is not valid UTF-16') : { ok: true, text, encoding: 'utf-16be' };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = decodeUtf8(bytes, hasBom ? 3 : 0);
  if (utf8 !== undefined) {
    return utf8.includes('\u0000') ? refuse('The file holds NUL bytes: it is not a text file, or UTF-16 without a byte order mark') : { ok: true, text: utf8, encoding: 'utf-8' };
  }
  if (hasBom) return refuse('The file says it is UTF-8 but holds bytes that are not');
  if (bytes.includes(0)) return refuse('The file holds NUL bytes: it is not a text file, or UTF-16 without a byte order mark');
  const cp1252 = decodeWindows1252(bytes);
  return cp1252 === undefined ? refuse('The file is neither UTF-8 nor Windows-1252') : { ok: true, text: cp1252, encoding: 'windows-1252' };
}
