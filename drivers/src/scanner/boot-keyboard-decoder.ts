/**
 * @module
 * Boot-protocol keyboard reports (modifiers, reserved, up to six key usages) to key presses.
 * A key counts once when it appears in a report, not again while held: scanners send press and
 * release for every character, and a held key repeats only through the OS, which we bypass.
 */
import { enterUsage, keypadEnterUsage } from './keyboard-layouts';
import type { KeyboardLayout } from './keyboard-layouts';

export type KeyPress = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'enter' } | { readonly kind: 'unmapped'; readonly usage: number };

const LEFT_CTRL = 0x01;
const LEFT_SHIFT = 0x02;
const LEFT_ALT = 0x04;
const RIGHT_SHIFT = 0x20;
const RIGHT_ALT = 0x40;
const ERROR_ROLLOVER = 0x01;

export interface BootKeyboardDecoderOptions {
  /** Whether byte 0 is a report ID. Default: only for 9-byte reports (boot reports are 8). */
  readonly reportIdIncluded?: boolean;
}

export class BootKeyboardDecoder {
  readonly layout: KeyboardLayout;
  readonly #reportIdIncluded: boolean | undefined;
  #down = new Set<number>();

  constructor(layout: KeyboardLayout, options: BootKeyboardDecoderOptions = {}) {
    this.layout = layout;
    this.#reportIdIncluded = options.reportIdIncluded;
  }

  push(report: Uint8Array): KeyPress[] {
    const body = (this.#reportIdIncluded ?? report.length === 9) ? report.subarray(1) : report;
    if (body.length < 3) return [];
    const modifiers = body[0] ?? 0;
    const usages = [...body.subarray(2)].filter((u) => u !== 0);
    if (usages.includes(ERROR_ROLLOVER)) return []; // too many keys at once: the report says nothing
    const presses: KeyPress[] = [];
    const shift = (modifiers & (LEFT_SHIFT | RIGHT_SHIFT)) !== 0;
    // Windows treats Ctrl+Alt as AltGr, and some scanners send it that way.
    const altGr = (modifiers & RIGHT_ALT) !== 0 || (modifiers & (LEFT_CTRL | LEFT_ALT)) === (LEFT_CTRL | LEFT_ALT);
    for (const usage of usages) {
      if (this.#down.has(usage)) continue;
      if (usage === enterUsage || usage === keypadEnterUsage) {
        presses.push({ kind: 'enter' });
        continue;
      }
      const chars = this.layout.keys.get(usage);
      const char = chars ? (altGr ? (shift ? chars[3] : chars[2]) : shift ? chars[1] : chars[0]) : undefined;
      presses.push(char ? { kind: 'char', char } : { kind: 'unmapped', usage });
    }
    this.#down = new Set(usages);
    return presses;
  }

  reset(): void {
    this.#down = new Set();
  }
}
