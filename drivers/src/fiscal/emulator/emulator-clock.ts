/**
 * @module
 * The emulated device's clock. The RT prints its own date and time on every document, so tests
 * need to choose them: `ManualClock` moves only when told (POST /__mock/clock), `SystemClock`
 * follows the host. Time is wall time of the device: an epoch-milliseconds value whose UTC fields
 * are the device's local date and time, so no time zone enters the emulator's results.
 */

export interface EmulatorClock {
  /** Device wall time, as milliseconds whose UTC fields are the local date and time. */
  now(): number;
}

export class ManualClock implements EmulatorClock {
  private current: number;

  constructor(start: string | number = '2026-12-03T09:00:00') {
    this.current = typeof start === 'number' ? start : parseWallTime(start);
  }

  now(): number {
    return this.current;
  }

  set(wallTime: string | number): void {
    this.current = typeof wallTime === 'number' ? wallTime : parseWallTime(wallTime);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Follows the host's clock, shifted so that its UTC fields read as the host's local time. */
export class SystemClock implements EmulatorClock {
  private offsetMs = 0;

  now(): number {
    const now = new Date();
    return now.getTime() - now.getTimezoneOffset() * 60_000 + this.offsetMs;
  }

  /** Moves the device's clock (as a technician would) without touching the host's. */
  set(wallTime: string | number): void {
    const target = typeof wallTime === 'number' ? wallTime : parseWallTime(wallTime);
    this.offsetMs += target - this.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** "2026-12-03T09:00:00" (no zone: it is the device's wall time). */
export function parseWallTime(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`wall time must look like 2026-12-03T09:00:00, got ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'));
}

export interface WallParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export function wallParts(ms: number): WallParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-12-03": the key the journal groups a day by. */
export function isoDate(ms: number): string {
  const p = wallParts(ms);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

export function isoTime(ms: number): string {
  const p = wallParts(ms);
  return `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}
