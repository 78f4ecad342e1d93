/**
 * @module
 * A shop's business day: the calendar date on the shop's wall clock, in the store's time zone,
 * never the machine's and never the UTC date. Records carry UTC (or offset) instants; slicing the
 * string would file a sale rung up at 00:30 in Rome under the previous day. The server's sales
 * aggregates, the till's reports and head office's dashboard all ask here.
 */

/** The zone of a store that has not set one: the product is Italian. */
export const DEFAULT_TIME_ZONE = 'Europe/Rome';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Zones this runtime refused: trying again threw (slowly) on every sale of a store without a zone. */
const refusedZones = new Set<string>();

/** True when `timeZone` is an IANA zone this runtime knows ("Europe/Rome", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (refusedZones.has(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    // Bounded: a flood of odd zone texts cannot grow it without end.
    if (refusedZones.size >= 1_000) refusedZones.clear();
    refusedZones.add(timeZone);
    return false;
  }
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const zone = isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // Intl writes the era-less year; a negative one never reaches a till, so it is not handled.
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function dayText(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const toDate = (instant: string | Date): Date => (typeof instant === 'string' ? new Date(instant) : instant);

/**
 * `{ day: 'YYYY-MM-DD', hour: 0..23 }` of `instant` on the wall clock of `timeZone` (an unknown
 * zone reads as {@link DEFAULT_TIME_ZONE}).
 */
export function localDayAndHour(instant: string | Date, timeZone: string): { day: string; hour: number } {
  const clock = wallClock(toDate(instant), timeZone);
  return { day: dayText(clock.year, clock.month, clock.day), hour: clock.hour };
}

/**
 * The business day `instant` belongs to, as "YYYY-MM-DD". With `dayStartHour` (a bar open past
 * midnight), sales before that hour on the wall clock belong to the day before; the hour is read
 * on the wall clock, so the day still starts at that hour on the nights clocks change.
 * @example businessDay('2026-03-28T23:30:00Z', 'Europe/Rome') // "2026-03-29"
 * @example businessDay('2026-03-29T01:30:00Z', 'Europe/Rome', { dayStartHour: 4 }) // "2026-03-28"
 */
export function businessDay(instant: string | Date, timeZone: string, options: { dayStartHour?: number } = {}): string {
  const start = options.dayStartHour ?? 0;
  if (!Number.isInteger(start) || start < 0 || start > 23) throw new RangeError(`day start hour must be 0 to 23, got ${start}`);
  const { day, hour } = localDayAndHour(instant, timeZone);
  return hour < start ? addDays(day, -1) : day;
}

/** `YYYY-MM-DD` plus `days` (negative to go back), in calendar arithmetic. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return dayText(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Minutes the zone is ahead of UTC at that instant (Rome: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const HOURS_14 = 14 * 3_600_000;

/**
 * The first UTC instant of `day` (YYYY-MM-DD) in `timeZone`: local midnight, or, on a day whose
 * clock change skips midnight (Santiago, São Paulo, Havana), the instant of the change.
 */
export function localDayStartUtc(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // No zone is more than 14 hours from UTC, so local midnight has one of the offsets in force 14
  // hours either side; of the candidates they give, the earliest that falls on `day` starts it.
  const offsets = new Set([-HOURS_14, HOURS_14].map((shift) => offsetMinutes(new Date(utcMidnight + shift), timeZone)));
  const starts = [...offsets]
    .map((offset) => utcMidnight - offset * 60_000)
    .filter((candidate) => businessDay(new Date(candidate), timeZone) === day)
    .sort((a, b) => a - b);
  return new Date(starts[0] ?? utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000);
}
