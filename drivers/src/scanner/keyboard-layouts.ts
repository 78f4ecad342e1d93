/**
 * @module
 * HID keyboard usage IDs to characters, for scanners in keyboard mode read as raw HID reports.
 * The table must match the keyboard country the scanner is configured for: a scanner set to US
 * read with the Italian table turns "HA112" into "HA!!\"" (field-lessons: "HA&&é" on AZERTY).
 * Keypad keys assume Num Lock on, as scanners that use them (Alt+keypad codes aside) expect.
 */

/** [plain, shift, altgr, altgr+shift]; undefined where the layout has nothing. */
export type KeyChars = readonly [string, string, string?, string?];

export interface KeyboardLayout {
  readonly name: 'us' | 'it';
  readonly keys: ReadonlyMap<number, KeyChars>;
}

export const enterUsage = 0x28;
export const keypadEnterUsage = 0x58;
export const tabUsage = 0x2b;

function common(): Map<number, KeyChars> {
  const keys = new Map<number, KeyChars>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(0x61 + i);
    keys.set(0x04 + i, [c, c.toUpperCase()]);
  }
  keys.set(0x2c, [' ', ' ']);
  keys.set(tabUsage, ['\t', '\t']);
  const keypad: [number, string][] = [
    [0x54, '/'], [0x55, '*'], [0x56, '-'], [0x57, '+'],
    [0x59, '1'], [0x5a, '2'], [0x5b, '3'], [0x5c, '4'], [0x5d, '5'],
    [0x5e, '6'], [0x5f, '7'], [0x60, '8'], [0x61, '9'], [0x62, '0'], [0x63, '.'],
  ];
  for (const [usage, c] of keypad) keys.set(usage, [c, c]);
  return keys;
}

function digits(keys: Map<number, KeyChars>, shifted: string): void {
  const plain = '1234567890';
  for (let i = 0; i < 10; i++) keys.set(0x1e + i, [plain[i] ?? '', shifted[i] ?? '']);
}

function usLayout(): KeyboardLayout {
  const keys = common();
  digits(keys, '!@#$%^&*()');
  const rest: [number, KeyChars][] = [
    [0x2d, ['-', '_']], [0x2e, ['=', '+']], [0x2f, ['[', '{']], [0x30, [']', '}']],
    [0x31, ['\\', '|']], [0x32, ['\\', '|']], [0x33, [';', ':']], [0x34, ["'", '"']],
    [0x35, ['`', '~']], [0x36, [',', '<']], [0x37, ['.', '>']], [0x38, ['/', '?']], [0x64, ['<', '>']],
  ];
  for (const [usage, chars] of rest) keys.set(usage, chars);
  return { name: 'us', keys };
}

function itLayout(): KeyboardLayout {
  const keys = common();
  digits(keys, '!"£$%&/()=');
  const rest: [number, KeyChars][] = [
    [0x2d, ["'", '?']], [0x2e, ['ì', '^']], [0x2f, ['è', 'é', '[', '{']], [0x30, ['+', '*', ']', '}']],
    [0x31, ['ù', '§']], [0x32, ['ù', '§']], [0x33, ['ò', 'ç', '@']], [0x34, ['à', '°', '#']],
    [0x35, ['\\', '|']], [0x36, [',', ';']], [0x37, ['.', ':']], [0x38, ['-', '_']], [0x64, ['<', '>']],
  ];
  for (const [usage, chars] of rest) keys.set(usage, chars);
  keys.set(0x08, ['e', 'E', '€']); // AltGr+E
  return { name: 'it', keys };
}

export const keyboardLayouts: Readonly<Record<KeyboardLayout['name'], KeyboardLayout>> = {
  us: usLayout(),
  it: itLayout(),
};
