/**
 * @module
 * One catalogue key per barcode, so a product is found (and a code can belong to only one
 * product) however the label prints the number:
 *
 * - a valid GTIN (EAN-13, UPC-A, GTIN-14, EAN-8, UPC-E) becomes its 14-digit GTIN: UPC-E is first
 *   expanded to the UPC-A it abbreviates, then every form is zero-padded to 14 digits. EAN-8 is
 *   its own GTIN-8 padded to 14, so it never equals an EAN-13. An 8-digit code valid both as UPC-E
 *   and as EAN-8 takes the UPC-E reading, as {@link toGtin14} does.
 * - in-store codes (EAN-13 with prefix 20–29, scale labels) are valid EAN-13s and are normalised
 *   the same way: they are unique only within the shop, which is the catalogue's scope anyway.
 * - anything else (Code 128 / Code 39 shop codes with letters, or digits that are no valid GTIN
 *   left over from older data) is its own key, exactly as printed (without scanner edge noise).
 *
 * The printed form is kept next to the key for display; uniqueness and lookups use the key.
 */
import type { InvalidScanDetails, InvalidScanReason } from './barcode';
import { parseScan, toGtin14 } from './barcode';

// What a scanner adds around a code (CR, LF, Tab, STX/ETX) is not part of it.
const EDGE_NOISE = /^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$/g;

/**
 * The catalogue key of a barcode: the 14-digit GTIN for a valid GTIN in any of its printed
 * forms, otherwise the code itself.
 * @example barcodeKey('04252614') === barcodeKey('042100005264') // true: UPC-E and its UPC-A
 */
export function barcodeKey(code: string): string {
  const trimmed = code.replace(EDGE_NOISE, '');
  if (!/^[0-9]+$/.test(trimmed)) return trimmed;
  try {
    return toGtin14(trimmed);
  } catch {
    return trimmed;
  }
}

/** True when two printed codes are the same barcode for the catalogue. */
export function sameBarcode(a: string, b: string): boolean {
  return barcodeKey(a) === barcodeKey(b);
}

/** Why a barcode cannot go into the catalogue, in the words of the scan check. */
export interface CatalogueBarcodeProblem {
  readonly reason: InvalidScanReason;
  readonly message: string;
  /** The facts the sentence for `reason` uses (the check digits, the length), when the scan check gives them. */
  readonly details?: InvalidScanDetails;
}

/**
 * The scan field's own check, applied to a code before it is stored: a code the till would
 * refuse when scanned (a wrong check digit, 22 digits, full-width digits, control characters)
 * must not be accepted by an import or an editor either. `undefined` when the code is fine.
 */
export function catalogueBarcodeProblem(code: string): CatalogueBarcodeProblem | undefined {
  if (code !== code.trim() || code === '') return { reason: 'characters', message: 'A barcode has no leading or trailing spaces' };
  // Inner spaces are refused too: a scanner never types them, and "800 123" is two typed numbers.
  if (/\s/.test(code)) return { reason: 'characters', message: 'A barcode has no spaces' };
  if (/[\x00-\x1f\x7f]/.test(code)) return { reason: 'characters', message: 'A barcode has no control characters' };
  const scan = parseScan(code, []);
  if (scan.kind !== 'invalid') return undefined;
  return scan.details === undefined ? { reason: scan.reason, message: scan.message } : { reason: scan.reason, message: scan.message, details: scan.details };
}
