/**
 * @module
 * The periods the dashboard's roll-up tables are keyed by: a business day (`D2026-11-26`), the
 * ISO week that holds it, by its Monday (`W2026-11-23`), and its calendar month (`M2026-11-01`).
 * Days are the store's business days (its own time zone) as text: the arithmetic here is on
 * calendar dates, never on instants, so no UTC slice creeps in. A range of days is covered by
 * whole months where it holds them, whole weeks around them, and single days at the ragged ends,
 * so the rows a dashboard reads grow with the number of periods (at most 28 besides whole months),
 * not of days.
 */
import { addDays } from '@cassa/shared';

function parts(day: string): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number];
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: string): number {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function monthEnd(day: string): string {
  const [y, m] = parts(day);
  return addDays(`${String(m === 12 ? y + 1 : y).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}-01`, -1);
}

/** The Monday on or before the day. */
function weekStart(day: string): string {
  return addDays(day, -((weekday(day) + 6) % 7));
}

export const dayPeriod = (day: string): string => `D${day}`;

const periodsByDay = new Map<string, readonly string[]>();

/** The three periods a sale of that business day adds to (remembered: a catch-up asks for the same few days all along). */
export function periodsOf(day: string): readonly string[] {
  let periods = periodsByDay.get(day);
  if (periods === undefined) {
    periods = [dayPeriod(day), `W${weekStart(day)}`, `M${monthStart(day)}`];
    // Bounded: a server running for years sees a few thousand days; a flood of odd days cannot grow it.
    if (periodsByDay.size >= 10_000) periodsByDay.clear();
    periodsByDay.set(day, periods);
  }
  return periods;
}

/**
 * Periods whose days are exactly `from`…`to`, none twice: a whole month where one fits, a whole
 * week where one fits before the next whole month (or the end), a day elsewhere. Empty when
 * `from` is after `to`.
 */
export function periodsCovering(from: string, to: string): string[] {
  const periods: string[] = [];
  let day = from;
  while (day <= to) {
    if (day === monthStart(day) && monthEnd(day) <= to) {
      periods.push(`M${day}`);
      day = addDays(monthEnd(day), 1);
      continue;
    }
    const nextMonth = addDays(monthEnd(day), 1);
    // Weeks only up to a whole month that follows, so that month is read as one row.
    const limit = nextMonth <= to && monthEnd(nextMonth) <= to ? addDays(nextMonth, -1) : to;
    if (weekday(day) === 1 && addDays(day, 6) <= limit) {
      periods.push(`W${day}`);
      day = addDays(day, 7);
    } else {
      periods.push(dayPeriod(day));
      day = addDays(day, 1);
    }
  }
  return periods;
}
