/**
 * @module
 * A 2×20 VFD that interprets the Epson display commands it receives, so tests can assert what the
 * customer would read rather than only the bytes. Unknown commands are recorded as errors: a test
 * fails if the driver sends something a real display would show as garbage.
 */
import { decodeText } from '../../escpos/code-pages';

export class VfdEmulator {
  readonly columns: number;
  readonly rows: number;
  screen: string[][];
  x = 0;
  y = 0;
  codeTable = 0;
  overwrite = false;
  cursorVisible = true;
  initialised = 0;
  readonly errors: string[] = [];
  #pending: number[] = [];

  constructor(columns = 20, rows = 2) {
    this.columns = columns;
    this.rows = rows;
    this.screen = this.#blank();
  }

  get lines(): string[] {
    return this.screen.map((row) => row.join(''));
  }

  feed(bytes: Uint8Array): void {
    this.#pending.push(...bytes);
    for (;;) {
      const used = this.#step();
      if (used === 0) return;
      this.#pending.splice(0, used);
    }
  }

  #step(): number {
    const p = this.#pending;
    const b = p[0];
    if (b === undefined) return 0;
    if (b === 0x1b) {
      if (p.length < 2) return 0;
      if (p[1] === 0x40) {
        this.screen = this.#blank();
        this.x = this.y = 0;
        this.codeTable = 0;
        this.initialised += 1;
        return 2;
      }
      if (p[1] === 0x74) {
        if (p.length < 3) return 0;
        this.codeTable = p[2] ?? 0;
        return 3;
      }
      this.errors.push(`unknown ESC ${p[1]}`);
      return 2;
    }
    if (b === 0x1f) {
      if (p.length < 2) return 0;
      if (p[1] === 0x01) {
        this.overwrite = true;
        return 2;
      }
      if (p[1] === 0x43) {
        if (p.length < 3) return 0;
        this.cursorVisible = p[2] === 1;
        return 3;
      }
      if (p[1] === 0x24) {
        if (p.length < 4) return 0;
        const x = (p[2] ?? 1) - 1;
        const y = (p[3] ?? 1) - 1;
        if (x < 0 || x >= this.columns || y < 0 || y >= this.rows) this.errors.push(`cursor out of range ${x + 1},${y + 1}`);
        this.x = x;
        this.y = y;
        return 4;
      }
      this.errors.push(`unknown US ${p[1]}`);
      return 2;
    }
    if (b === 0x0c) {
      this.screen = this.#blank();
      this.x = this.y = 0;
      return 1;
    }
    if (b < 0x20) {
      this.errors.push(`control byte 0x${b.toString(16)}`);
      return 1;
    }
    const char = this.codeTable === 19 ? decodeText(Uint8Array.of(b), 'cp858') : b < 0x80 ? String.fromCharCode(b) : '?';
    const row = this.screen[this.y];
    if (row && this.x < this.columns) row[this.x] = char;
    this.x += 1;
    if (this.x >= this.columns) {
      if (!this.overwrite) this.errors.push('wrote past the end of a line without overwrite mode (the screen would scroll)');
      this.x = this.columns - 1;
    }
    return 1;
  }

  #blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array.from({ length: this.columns }, () => ' '));
  }
}
