/**
 * @module
 * Bytes as `Uint8Array` and their text forms, without Node's `Buffer`: the core also runs in a
 * browser worker. Base64 goes through `btoa`/`atob` (globals in Node 16+ and every browser);
 * UTF-8 through `TextEncoder`/`TextDecoder`, which turn a lone surrogate into U+FFFD exactly as
 * `Buffer.from(text, 'utf8')` does, so hashes of text stay byte-identical to the Node-only days.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** `btoa` takes a "binary string"; built in slices so a large image does not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) {
    binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  }
  return btoa(binary);
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Lenient like `Buffer.from(text, 'base64url')`: either alphabet, padding optional. Characters
 * outside the alphabet make the text unreadable: an empty array, which every caller refuses.
 */
export function fromBase64Url(text: string): Uint8Array {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(standard) || standard.length % 4 === 1) return new Uint8Array(0);
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares in time that depends on the length only, never on where the first difference is:
 * a PIN hash or a pairing code is not guessed byte by byte from response times.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** What SQLite hands back for a BLOB written as UTF-8 JSON (bytes; text if a row was written as TEXT). */
export function blobText(value: Uint8Array | string): string {
  return typeof value === 'string' ? value : utf8Text(value);
}

/** UTF-8 length without encoding, as `Buffer.byteLength`: a lone surrogate counts 3 (U+FFFD). */
export function utf8ByteLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i += 1;
    } else length += 3;
  }
  return length;
}
