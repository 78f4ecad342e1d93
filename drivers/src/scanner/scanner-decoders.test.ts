import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder } from './boot-keyboard-decoder';
import type { KeyPress } from './boot-keyboard-decoder';
import { HidPosDecoder } from './hid-pos-decoder';
import { keyboardLayouts } from './keyboard-layouts';
import { SerialScanDecoder } from './serial-scan-decoder';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('SerialScanDecoder', () => {
  it('joins codes split across reads and splits reads holding several codes', () => {
    const d = new SerialScanDecoder();
    expect(d.push(bytes('80012'))).toEqual([]);
    expect(d.push(bytes('34567895\r'))).toEqual(['8001234567895']);
    expect(d.push(bytes('\n4006381333931\r\n123\n'))).toEqual(['4006381333931', '123']);
    expect(d.push(bytes('\r\n\r\n'))).toEqual([]);
  });

  it('uses a configured suffix instead of CR/LF and strips a prefix', () => {
    const d = new SerialScanDecoder({ suffix: '\x03', prefix: '\x02' });
    expect(d.push(bytes('\x02ABC\r1\x03\x02X'))).toEqual(['ABC\r1']);
    expect(d.push(bytes('Y\x03'))).toEqual(['XY']);
    expect(new SerialScanDecoder({ prefix: 'S:' }).push(bytes('S:42\rT:42\r'))).toEqual(['42', 'T:42']);
  });

  it('flush ends a frame that has no suffix', () => {
    const d = new SerialScanDecoder({ prefix: 'S:' });
    d.push(bytes('S:12345'));
    expect(d.flush()).toEqual(['12345']);
    expect(d.flush()).toEqual([]);
  });

  it('keeps GS1 separators and drops a runaway frame (wrong baud rate gives noise without CR)', () => {
    expect(new SerialScanDecoder().push(bytes('0101234567890128\x1d10ABC\r'))).toEqual(['0101234567890128\x1d10ABC']);
    const d = new SerialScanDecoder({ maxLength: 8 });
    d.push(bytes('xxxxxxxxxxxx'));
    expect(d.pending).toBe('');
    expect(d.push(bytes('42\r'))).toEqual(['42']);
  });
});

function posReport(code: string, aim = ']E0', size = 64, more = false): number[] {
  const report = new Array<number>(size).fill(0);
  report[0] = 2;
  report[1] = code.length;
  [...aim].forEach((c, i) => (report[2 + i] = c.charCodeAt(0)));
  [...code].forEach((c, i) => (report[5 + i] = c.charCodeAt(0)));
  if (more) report[63] = 1;
  return report;
}

describe('HidPosDecoder', () => {
  it('reads report id 2: length, AIM id, data; names the symbology', () => {
    const d = new HidPosDecoder();
    expect(d.push(Uint8Array.from(posReport('8001234567895')))).toEqual({ code: '8001234567895', aim: ']E0', symbology: 'ean13' });
    expect(d.push(Uint8Array.from(posReport('ABC-123', ']C0', 20)))).toEqual({ code: 'ABC-123', aim: ']C0', symbology: 'code128' });
  });

  it('ignores other report ids and joins codes continued over several reports', () => {
    const d = new HidPosDecoder();
    expect(d.push(Uint8Array.of(4, 1, 2, 3, 4, 5))).toBeUndefined();
    const long = 'A'.repeat(56);
    expect(d.push(Uint8Array.from(posReport(long, ']Q1', 64, true)))).toBeUndefined();
    expect(d.push(Uint8Array.from(posReport('TAIL', ']Q1')))).toEqual({ code: `${long}TAIL`, aim: ']Q1', symbology: 'qr' });
  });

  it('works where the platform strips the report id', () => {
    const d = new HidPosDecoder({ reportIdIncluded: false });
    expect(d.push(Uint8Array.from(posReport('42', ']E4').slice(1)))).toMatchObject({ code: '42', symbology: 'ean8' });
  });
});

// Usage IDs: a=0x04 … z=0x1d, 1=0x1e … 0=0x27, Enter=0x28. Modifiers: 0x02 LShift, 0x40 AltGr.
const key = (usage: number, modifiers = 0) => Uint8Array.of(modifiers, 0, usage, 0, 0, 0, 0, 0);
const release = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0);
function type(decoder: BootKeyboardDecoder, keys: [number, number?][]): string {
  const presses: KeyPress[] = [];
  for (const [usage, mods] of keys) {
    presses.push(...decoder.push(key(usage, mods)), ...decoder.push(release));
  }
  return presses.map((p) => (p.kind === 'char' ? p.char : p.kind === 'enter' ? '⏎' : `?${p.usage}`)).join('');
}

describe('BootKeyboardDecoder', () => {
  it('US layout: letters, shifted letters, digits and Enter', () => {
    const d = new BootKeyboardDecoder(keyboardLayouts.us);
    // H A 1 1 2 Enter, with Shift for the capitals
    expect(type(d, [[0x0b, 0x02], [0x04, 0x02], [0x1e], [0x1e], [0x1f], [0x28]])).toBe('HA112⏎');
    expect(type(d, [[0x1e, 0x02], [0x2d], [0x38, 0x20]])).toBe('!-?');
  });

  it('Italian layout: shifted digits, accented letters, AltGr symbols and the euro', () => {
    const d = new BootKeyboardDecoder(keyboardLayouts.it);
    expect(type(d, [[0x1e, 0x02], [0x1f, 0x02], [0x20, 0x02], [0x27, 0x02]])).toBe('!"£=');
    expect(type(d, [[0x2f], [0x2f, 0x02], [0x33], [0x34], [0x31], [0x2e]])).toBe('èéòàùì');
    expect(type(d, [[0x33, 0x40], [0x34, 0x40], [0x08, 0x40], [0x08, 0x05]])).toBe('@#€€');
    expect(type(d, [[0x38], [0x38, 0x02]])).toBe('-_');
  });

  it('the same report decoded with the wrong layout garbles the code, as in the field', () => {
    const us = new BootKeyboardDecoder(keyboardLayouts.us);
    const it_ = new BootKeyboardDecoder(keyboardLayouts.it);
    const keys: [number, number?][] = [[0x0b, 0x02], [0x04, 0x02], [0x1f, 0x02], [0x2d]];
    expect(type(us, keys)).toBe('HA@-');
    expect(type(it_, keys)).toBe('HA"\'');
  });

  it('a held key counts once; repeated characters need a release between them; rollover reports are ignored', () => {
    const d = new BootKeyboardDecoder(keyboardLayouts.us);
    expect(d.push(key(0x1e))).toEqual([{ kind: 'char', char: '1' }]);
    expect(d.push(key(0x1e))).toEqual([]);
    expect(d.push(Uint8Array.of(0, 0, 0x1e, 0x1f, 0, 0, 0, 0))).toEqual([{ kind: 'char', char: '2' }]);
    expect(d.push(Uint8Array.of(0, 0, 1, 1, 1, 1, 1, 1))).toEqual([]);
    expect(d.push(key(0x3a))).toEqual([{ kind: 'unmapped', usage: 0x3a }]);
  });

  it('9-byte reports carry a report id in front', () => {
    const d = new BootKeyboardDecoder(keyboardLayouts.us);
    expect(d.push(Uint8Array.of(1, 0x02, 0, 0x04, 0, 0, 0, 0, 0))).toEqual([{ kind: 'char', char: 'A' }]);
  });
});
