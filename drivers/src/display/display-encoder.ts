/**
 * @module
 * Bytes for customer pole displays (2×20 VFD) in the Epson ESC/POS display command set, which
 * CD5220-type displays also understand in "Epson mode". Pure: text in, bytes out.
 *
 *   ESC @        1B 40        initialise (resets the character table: select it again after)
 *   ESC t n      1B 74 n      character table (Epson: 19 = PC858 with €; the number is per model)
 *   US MD1       1F 01        overwrite mode: writing the last cell does not scroll the screen
 *   US C n       1F 43 n      cursor off (0) / on (1)
 *   CLR          0C           clear, cursor home
 *   US $ x y     1F 24 x y    cursor to column x (1-20), row y (1-2)
 */
import { encodeText, toPrintable } from '../escpos/code-pages';

/** 'ascii' is for displays without a usable table: "è" shows as "e'", "€" as "EUR". */
export type DisplayCodePage = 'cp858' | 'wpc1252' | 'ascii';

export interface DisplayProfile {
  readonly columns: number;
  readonly rows: number;
  readonly codePage: DisplayCodePage;
  /** The ESC t number that selects `codePage` on this model; undefined sends none. */
  readonly codeTable?: number;
}

export const epsonDisplayProfile: DisplayProfile = { columns: 20, rows: 2, codePage: 'cp858', codeTable: 19 };

const ESC = 0x1b;
const US = 0x1f;
const CLR = 0x0c;

export const displayCommands = {
  initialise: (): number[] => [ESC, 0x40],
  selectCodeTable: (n: number): number[] => [ESC, 0x74, n],
  overwriteMode: (): number[] => [US, 0x01],
  cursor: (visible: boolean): number[] => [US, 0x43, visible ? 1 : 0],
  clear: (): number[] => [CLR],
  moveCursor: (column: number, row: number): number[] => [US, 0x24, column, row],
} as const;

/** ESC @, the code table, overwrite mode, cursor off, clear. */
export function encodeDisplayInit(profile: DisplayProfile): Uint8Array {
  return Uint8Array.from([
    ...displayCommands.initialise(),
    ...(profile.codeTable === undefined ? [] : displayCommands.selectCodeTable(profile.codeTable)),
    ...displayCommands.overwriteMode(),
    ...displayCommands.cursor(false),
    ...displayCommands.clear(),
  ]);
}

/**
 * Text as the display will show it: characters the table lacks replaced visibly, cut or padded
 * to exactly `columns` cells so the previous text is overwritten without a flickering clear.
 */
export function fitDisplayLine(text: string, columns: number, page: DisplayCodePage): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  // Control characters come back as '?': a product name holding ESC must not become a command.
  const shown = page === 'ascii' ? toAscii(oneLine) : toPrintable(oneLine, page).text;
  const cells = Array.from(shown);
  return cells.length >= columns ? cells.slice(0, columns).join('') : cells.join('') + ' '.repeat(columns - cells.length);
}

/** One full screen: each row moved to and rewritten in full. */
export function encodeDisplayLines(lines: readonly string[], profile: DisplayProfile): Uint8Array {
  const out: number[] = [];
  for (let row = 0; row < profile.rows; row++) {
    out.push(...displayCommands.moveCursor(1, row + 1), ...encodeDisplayText(fitDisplayLine(lines[row] ?? '', profile.columns, profile.codePage), profile.codePage));
  }
  return Uint8Array.from(out);
}

function encodeDisplayText(text: string, page: DisplayCodePage): number[] {
  if (page === 'ascii') return Array.from(text, (c) => c.charCodeAt(0));
  return [...encodeText(text, page).bytes];
}

const italianAccents: ReadonlyMap<string, string> = new Map([
  ['à', "a'"], ['è', "e'"], ['é', "e'"], ['ì', "i'"], ['ò', "o'"], ['ù', "u'"],
  ['À', "A'"], ['È', "E'"], ['É', "E'"], ['Ì', "I'"], ['Ò', "O'"], ['Ù', "U'"],
  ['€', 'EUR'], ['£', 'GBP'], ['°', 'o'], ['’', "'"], ['‘', "'"], ['“', '"'], ['”', '"'], ['–', '-'], ['—', '-'], ['…', '...'],
]);

/** Plain ASCII the Italian way: an accent becomes an apostrophe, as Italians type without one. */
function toAscii(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x7f) {
      out += char;
      continue;
    }
    const mapped = italianAccents.get(char);
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base !== char && /^[\x20-\x7e]+$/.test(base) ? base : '?';
  }
  return out;
}
