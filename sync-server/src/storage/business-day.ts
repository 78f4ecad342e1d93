/**
 * @module
 * A shop's business day and hour are its local calendar date and clock hour, in the store's time
 * zone. Till records carry UTC (or offset) instants; slicing the string would file a sale rung up
 * at 00:30 in Rome under the previous day.
 */

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
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `{ day: 'YYYY-MM-DD', hour: 0..23 }` of `instant` on the wall clock of `timeZone`. */
export function localDayAndHour(instant: string | Date, timeZone: string): { day: string; hour: number } {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const zone = isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(date)) parts[part.type] = part.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}

/** `YYYY-MM-DD` plus `days` (negative to go back), in calendar arithmetic. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
