/**
 * @module
 * Barcodes as the till meets them: GS1 check digits for EAN-13, EAN-8, UPC-A, UPC-E and GTIN-14,
 * normalisation to a 14-digit GTIN so a product is found however its code was printed, and
 * {@link parseScan}, which turns what a keyboard-wedge scanner typed into something the sale
 * screen can act on.
 */
import { findVariableMeasureLayout, hasValidPriceCheckDigit, readVariableMeasure } from './gs1-variable-measure';
import type { VariableMeasureLayout } from './gs1-variable-measure';
import type { Cents, QuantityMilli } from './money';

/** The symbology a numeric code was read as, inferred from its length and check digit. */
export type Symbology = 'ean-13' | 'ean-8' | 'upc-a' | 'upc-e' | 'gtin-14';

/** Why a scan was refused. */
export type InvalidScanReason = 'check-digit' | 'length' | 'characters' | 'price-check-digit';

/** A product code that can be looked up as a 14-digit GTIN. */
export interface GtinScan {
  readonly kind: 'gtin';
  /** The code as scanned, trimmed. */
  readonly code: string;
  /** The 14-digit GTIN: the catalogue's lookup key. */
  readonly gtin: string;
  readonly symbology: Symbology;
  /**
   * Set only for an 8-digit code whose check digit is valid both as UPC-E (then `gtin`) and as
   * EAN-8 (then this): the scanner's keystrokes cannot tell them apart, so a lookup tries `gtin`
   * first, then this.
   */
  readonly alternative?: { readonly gtin: string; readonly symbology: Symbology };
}

/** A scale label: an in-store code carrying the item and its price or weight. */
export interface VariableMeasureScan {
  readonly kind: 'variable-measure';
  readonly code: string;
  readonly itemCode: string;
  readonly priceCents?: Cents;
  /** Grams, which is also the quantity in thousandths of a kilogram. */
  readonly weightGrams?: QuantityMilli;
  readonly layout: VariableMeasureLayout;
}

/** Anything else printable: a shop SKU, Code 128 or Code 39 text. Looked up as is. */
export interface CodeScan {
  readonly kind: 'code';
  readonly value: string;
}

export interface InvalidScan {
  readonly kind: 'invalid';
  readonly reason: InvalidScanReason;
  /** English, for logs and the developer; screens word `reason` and `details` in their language. */
  readonly message: string;
  /** What a screen needs to say why: the digits found and expected, the length, the character. */
  readonly details?: InvalidScanDetails;
}

export interface InvalidScanDetails {
  readonly given?: string;
  readonly expected?: string;
  readonly length?: number;
  readonly character?: string;
  readonly position?: number;
}

export type ScanResult = GtinScan | VariableMeasureScan | CodeScan | InvalidScan;

/** Thrown by {@link toGtin14} and {@link expandUpcE} for a code that is not valid. */
export class InvalidBarcodeError extends Error {
  override readonly name = 'InvalidBarcodeError';
  constructor(
    readonly code: string,
    readonly reason: InvalidScanReason,
    message: string,
  ) {
    super(message);
  }
}

const DIGITS = /^[0-9]+$/;

/**
 * The GS1 mod-10 check digit for the digits before it: from the right, weights 3, 1, 3, 1…
 * One function serves EAN-8, UPC-A, EAN-13 and GTIN-14 because the weights run from the right.
 * @example gs1CheckDigit('400638133393') // 1
 */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck)) {
    throw new RangeError(`Expected digits, got ${JSON.stringify(digitsWithoutCheck)}`);
  }
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i += 1) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of an all-digit code is its GS1 check digit. */
export function hasValidGs1CheckDigit(code: string): boolean {
  return code.length >= 2 && DIGITS.test(code) && gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

export function isValidEan13(code: string): boolean {
  return code.length === 13 && hasValidGs1CheckDigit(code);
}

export function isValidEan8(code: string): boolean {
  return code.length === 8 && hasValidGs1CheckDigit(code);
}

export function isValidUpcA(code: string): boolean {
  return code.length === 12 && hasValidGs1CheckDigit(code);
}

export function isValidGtin14(code: string): boolean {
  return code.length === 14 && hasValidGs1CheckDigit(code);
}

/**
 * The 11 UPC-A digits before the check digit that a UPC-E code stands for. `body` is the number
 * system digit and the six UPC-E digits; the last of those says where the zeros were removed.
 */
function expandUpcEBody(body: string): string {
  const [ns, d1, d2, d3, d4, d5] = [0, 1, 2, 3, 4, 5].map((i) => body.charAt(i));
  const d6 = body.charAt(6);
  switch (d6) {
    case '0':
    case '1':
    case '2':
      return `${ns}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
    case '3':
      return `${ns}${d1}${d2}${d3}00000${d4}${d5}`;
    case '4':
      return `${ns}${d1}${d2}${d3}${d4}00000${d5}`;
    default:
      return `${ns}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
}

function upcEShapeProblem(code: string): string | undefined {
  if (!/^[0-9]{8}$/.test(code)) return 'A UPC-E code has 8 digits';
  if (code[0] !== '0' && code[0] !== '1') return 'A UPC-E code starts with number system 0 or 1';
  return undefined;
}

/** The check digit a UPC-E code must end with: that of the UPC-A it expands to. */
function upcECheckDigit(code: string): number {
  return gs1CheckDigit(expandUpcEBody(code.slice(0, 7)));
}

/** True for an 8-digit UPC-E code (number system 0 or 1) with a valid check digit. */
export function isValidUpcE(code: string): boolean {
  return upcEShapeProblem(code) === undefined && upcECheckDigit(code) === Number(code[7]);
}

/**
 * Expands an 8-digit UPC-E code to the 12-digit UPC-A it abbreviates, following the GS1 zero
 * suppression rules for each last digit 0–9. The check digit carries over unchanged.
 * Throws {@link InvalidBarcodeError} for a malformed code or a wrong check digit.
 * @example expandUpcE('04252614') // '042100005264'
 */
export function expandUpcE(code: string): string {
  const problem = upcEShapeProblem(code);
  if (problem !== undefined) {
    throw new InvalidBarcodeError(code, /^[0-9]*$/.test(code) ? 'length' : 'characters', `${problem}: ${JSON.stringify(code)}`);
  }
  const expected = upcECheckDigit(code);
  if (expected !== Number(code[7])) {
    throw new InvalidBarcodeError(code, 'check-digit', `Check digit is ${code[7]}, expected ${expected}`);
  }
  return `${expandUpcEBody(code.slice(0, 7))}${code[7]}`;
}

type GtinReading =
  | { readonly ok: true; readonly gtin: string; readonly symbology: Symbology; readonly alternative?: GtinScan['alternative'] }
  | { readonly ok: false; readonly reason: InvalidScanReason; readonly message: string; readonly details?: InvalidScanDetails };

function checkDigitMessage(code: string, expected: number): string {
  return `Check digit is ${code.slice(-1)}, expected ${expected}`;
}

function readGtin(code: string): GtinReading {
  if (!DIGITS.test(code)) {
    return { ok: false, reason: 'characters', message: `A GTIN has only digits: ${JSON.stringify(code)}` };
  }
  const given = Number(code.slice(-1));
  const expected = code.length >= 2 ? gs1CheckDigit(code.slice(0, -1)) : -1;
  switch (code.length) {
    case 13:
    case 12:
    case 14: {
      if (expected !== given) {
        return { ok: false, reason: 'check-digit', message: checkDigitMessage(code, expected), details: { given: String(given), expected: String(expected) } };
      }
      const symbology: Symbology = code.length === 13 ? 'ean-13' : code.length === 12 ? 'upc-a' : 'gtin-14';
      return { ok: true, gtin: code.padStart(14, '0'), symbology };
    }
    case 8: {
      const ean8 = expected === given ? { gtin: code.padStart(14, '0'), symbology: 'ean-8' as const } : undefined;
      const upcE = isValidUpcE(code) ? { gtin: `00${expandUpcE(code)}`, symbology: 'upc-e' as const } : undefined;
      // Every UPC-E ending in 5-9 is also a valid EAN-8 (the weights line up), so both readings are
      // common. UPC-E comes first: GS1 keeps EAN-8s starting with 0 for restricted (in-company)
      // circulation and those starting with 1 are rare, while such UPC-Es are on imported goods.
      if (upcE !== undefined) return ean8 === undefined ? { ok: true, ...upcE } : { ok: true, ...upcE, alternative: ean8 };
      if (ean8 !== undefined) return { ok: true, ...ean8 };
      const message =
        upcEShapeProblem(code) === undefined
          ? `${checkDigitMessage(code, expected)} (EAN-8) or ${upcECheckDigit(code)} (UPC-E)`
          : checkDigitMessage(code, expected);
      const expectedDigits = upcEShapeProblem(code) === undefined ? `${expected}/${upcECheckDigit(code)}` : String(expected);
      return { ok: false, reason: 'check-digit', message, details: { given: String(given), expected: expectedDigits } };
    }
    default:
      return {
        ok: false,
        reason: 'length',
        message: `A GTIN has 8, 12, 13 or 14 digits; this code has ${code.length}`,
        details: { length: code.length },
      };
  }
}

/**
 * The 14-digit GTIN for any valid EAN-13, EAN-8, UPC-A, UPC-E or GTIN-14, the form the catalogue
 * stores, so the same product matches whether its label was printed as UPC-A or EAN-13. An
 * 8-digit code valid both as UPC-E and as EAN-8 gives the UPC-E reading ({@link parseScan} gives
 * both). Throws {@link InvalidBarcodeError} otherwise.
 * @example toGtin14('036000291452') // '00036000291452'
 */
export function toGtin14(code: string): string {
  const reading = readGtin(code);
  if (!reading.ok) throw new InvalidBarcodeError(code, reading.reason, reading.message);
  return reading.gtin;
}

// Scanners end a scan with CR, LF or Tab and some add STX/ETX or other control bytes around it.
const EDGE_NOISE = /^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return codePoint < 0x20 || codePoint === 0x7f ? hex : `"${char}" (${hex})`;
}

/**
 * Interprets one scan (or a code typed at the keyboard):
 * - 8, 12, 13 or 14 digits with a valid check digit: a GTIN, or a variable-measure code when it
 *   is a 13-digit code matching one of `layouts` (see {@link findVariableMeasureLayout});
 * - other printable ASCII text (letters, or digits mixed with other characters): a shop code;
 * - anything else is invalid, with a message that names what is wrong.
 *
 * All-digit codes of other lengths are refused rather than taken as shop codes, because they are
 * almost always a misread or truncated EAN and a wrong product on the receipt costs more than a
 * beep.
 * @example parseScan('4006381333931\r\n', []) // { kind: 'gtin', gtin: '04006381333931', symbology: 'ean-13', ... }
 */
export function parseScan(raw: string, layouts: readonly VariableMeasureLayout[] = []): ScanResult {
  const code = raw.replace(EDGE_NOISE, '');
  if (code === '') return { kind: 'invalid', reason: 'length', message: 'The scan is empty', details: { length: 0 } };

  if (!PRINTABLE_ASCII.test(code)) {
    const offending = [...code].findIndex((char) => !PRINTABLE_ASCII.test(char));
    const char = [...code][offending] ?? '';
    return {
      kind: 'invalid',
      reason: 'characters',
      // Accented letters here usually mean the scanner's keyboard layout does not match the OS's.
      message: `Unexpected character ${describeCharacter(char)} at position ${offending + 1}; check the scanner's keyboard layout`,
      details: { character: describeCharacter(char), position: offending + 1 },
    };
  }
  if (!DIGITS.test(code)) return { kind: 'code', value: code };

  const reading = readGtin(code);
  if (!reading.ok) {
    const invalid: InvalidScan = { kind: 'invalid', reason: reading.reason, message: reading.message };
    return reading.details === undefined ? invalid : { ...invalid, details: reading.details };
  }

  if (reading.symbology === 'ean-13') {
    const layout = findVariableMeasureLayout(code, layouts);
    if (layout !== undefined) {
      if (!hasValidPriceCheckDigit(code, layout)) {
        return {
          kind: 'invalid',
          reason: 'price-check-digit',
          message: `The price check digit does not match the price on this scale label (layout ${layout.prefix})`,
        };
      }
      return { kind: 'variable-measure', code, ...readVariableMeasure(code, layout), layout };
    }
  }
  const scan: GtinScan = { kind: 'gtin', code, gtin: reading.gtin, symbology: reading.symbology };
  return reading.alternative === undefined ? scan : { ...scan, alternative: reading.alternative };
}
