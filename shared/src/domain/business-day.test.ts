import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, businessDay, isValidTimeZone, localDayAndHour, localDayStartUtc, offsetMinutes } from './business-day';

describe('businessDay', () => {
  it('is the shop’s date, not the UTC date', () => {
    // 00:30 in Rome on 1 January is still 31 December in UTC.
    expect(businessDay('2025-12-31T23:30:00Z', 'Europe/Rome')).toBe('2026-01-01');
    expect(businessDay('2025-12-31T23:30:00Z', 'UTC')).toBe('2025-12-31');
    expect(businessDay('2026-01-01T04:00:00Z', 'America/New_York')).toBe('2025-12-31');
    expect(businessDay(new Date('2026-06-15T10:00:00+02:00'), 'Europe/Rome')).toBe('2026-06-15');
  });

  it('follows the clock across the spring change (Rome, 29 March 2026, 02:00 → 03:00)', () => {
    expect(localDayAndHour('2026-03-29T00:59:59Z', 'Europe/Rome')).toEqual({ day: '2026-03-29', hour: 1 });
    expect(localDayAndHour('2026-03-29T01:00:00Z', 'Europe/Rome')).toEqual({ day: '2026-03-29', hour: 3 });
    expect(businessDay('2026-03-28T22:59:59Z', 'Europe/Rome')).toBe('2026-03-28');
    expect(businessDay('2026-03-28T23:00:00Z', 'Europe/Rome')).toBe('2026-03-29');
    // Summer time: midnight is 22:00 UTC.
    expect(businessDay('2026-03-29T21:59:59Z', 'Europe/Rome')).toBe('2026-03-29');
    expect(businessDay('2026-03-29T22:00:00Z', 'Europe/Rome')).toBe('2026-03-30');
  });

  it('follows the clock across the autumn change (Rome, 25 October 2026, 03:00 → 02:00)', () => {
    expect(businessDay('2026-10-24T21:59:59Z', 'Europe/Rome')).toBe('2026-10-24');
    expect(businessDay('2026-10-24T22:00:00Z', 'Europe/Rome')).toBe('2026-10-25');
    // 02:30 happens twice; both belong to the 25th.
    expect(localDayAndHour('2026-10-25T00:30:00Z', 'Europe/Rome')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(localDayAndHour('2026-10-25T01:30:00Z', 'Europe/Rome')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(businessDay('2026-10-25T22:59:59Z', 'Europe/Rome')).toBe('2026-10-25');
    expect(businessDay('2026-10-25T23:00:00Z', 'Europe/Rome')).toBe('2026-10-26');
  });

  it('moves the small hours to the day before when the day starts later', () => {
    expect(businessDay('2026-06-16T01:30:00Z', 'Europe/Rome', { dayStartHour: 4 })).toBe('2026-06-15'); // 03:30 local
    expect(businessDay('2026-06-16T02:00:00Z', 'Europe/Rome', { dayStartHour: 4 })).toBe('2026-06-16'); // 04:00 local
    // On the spring night 02:00 does not exist: 03:30 is still before a 04:00 start.
    expect(businessDay('2026-03-29T01:30:00Z', 'Europe/Rome', { dayStartHour: 4 })).toBe('2026-03-28');
    expect(businessDay('2026-01-01T02:00:00Z', 'Europe/Rome', { dayStartHour: 4 })).toBe('2025-12-31');
    expect(() => businessDay('2026-01-01T00:00:00Z', 'Europe/Rome', { dayStartHour: 24 })).toThrow(RangeError);
  });

  it('works for a clock 50 years off either way', () => {
    expect(businessDay('2076-03-28T23:30:00Z', 'Europe/Rome')).toBe('2076-03-29');
    expect(businessDay('2076-07-01T22:30:00Z', 'Europe/Rome')).toBe('2076-07-02');
    expect(businessDay('1976-12-31T23:30:00Z', 'Europe/Rome')).toBe('1977-01-01');
    // Italy kept summer time in 1976 too (30 May to 26 September): 22:30 UTC was already 00:30.
    expect(businessDay('1976-07-01T22:30:00Z', 'Europe/Rome')).toBe('1976-07-02');
    expect(businessDay('1976-01-15T22:30:00Z', 'Europe/Rome')).toBe('1976-01-15');
  });

  it('reads an unknown zone as Rome and refuses an instant that is not one', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(businessDay('2025-12-31T23:30:00Z', 'Mars/Olympus')).toBe('2026-01-01');
    expect(() => businessDay('yesterday', 'Europe/Rome')).toThrow(RangeError);
  });

  it('agrees with the UTC date shifted by the zone’s offset at every instant', () => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    const zone = fc.constantFrom('Europe/Rome', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC');
    fc.assert(
      fc.property(instant, zone, (at, tz) => {
        const shifted = new Date(at.getTime() + offsetMinutes(at, tz) * 60_000);
        expect(businessDay(at, tz)).toBe(shifted.toISOString().slice(0, 10));
      }),
    );
  });
});

describe('addDays and localDayStartUtc', () => {
  it('count calendar days across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-29', -7)).toBe('2026-03-22');
  });

  it('find local midnight on ordinary days and on both change days', () => {
    expect(localDayStartUtc('2026-01-15', 'Europe/Rome').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(localDayStartUtc('2026-03-29', 'Europe/Rome').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayStartUtc('2026-03-30', 'Europe/Rome').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localDayStartUtc('2026-10-25', 'Europe/Rome').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localDayStartUtc('2026-10-26', 'Europe/Rome').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('start a day whose midnight a clock change skips at the change (Santiago, 16 September 1990)', () => {
    // At 00:00 the clocks went to 01:00: 23:00 on the 15th is not the 16th, 04:00 UTC (01:00) is.
    expect(localDayStartUtc('1990-09-16', 'America/Santiago').toISOString()).toBe('1990-09-16T04:00:00.000Z');
    expect(businessDay('1990-09-16T03:59:59Z', 'America/Santiago')).toBe('1990-09-15');
  });

  it('are consistent: local midnight belongs to its own day, the instant before to the day before', () => {
    const day = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('1990-01-01', n));
    fc.assert(
      fc.property(day, fc.constantFrom('Europe/Rome', 'America/Santiago', 'Australia/Lord_Howe', 'America/Havana', 'America/Sao_Paulo'), (d, tz) => {
        const start = localDayStartUtc(d, tz);
        expect(businessDay(start, tz)).toBe(d);
        expect(businessDay(new Date(start.getTime() - 1000), tz)).toBe(addDays(d, -1));
      }),
    );
  });
});
