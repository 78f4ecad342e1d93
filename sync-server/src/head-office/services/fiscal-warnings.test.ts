import type { FiscalStatus } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { OK_STATUS } from '../../../test/fiscal-fixtures';
import { fiscalWarnings } from './fiscal-warnings';

const today = '2026-12-04';
function warningsOf(status: Partial<FiscalStatus>, lastClosureDate: string | null = '2026-12-03') {
  return fiscalWarnings({ deviceId: 'd', serial: null, status: { ...OK_STATUS, ...status }, reportedAt: '2026-12-04T08:00:00Z', lastClosureDate }, today).map((w) =>
    [w.code, w.level, w.count, w.date, w.detail].filter((x) => x !== null),
  );
}

describe('fiscal warnings', () => {
  it('say nothing about a device in order closed yesterday, or one that never closed', () => {
    expect(warningsOf({})).toEqual([]);
    expect(warningsOf({}, null)).toEqual([]);
    // Closed on Sunday and Monday (chiuso il lunedì): Saturday's Z is still fine on Monday.
    expect(warningsOf({}, '2026-12-02')).toEqual([]);
  });

  it.each([
    // Last Z, then: days since, deadline of the first day after it (12 days after that day), level.
    ['2026-12-01', 3, '2026-12-14', 'warning'],
    ['2026-11-27', 7, '2026-12-10', 'warning'],
    ['2026-11-25', 9, '2026-12-08', 'warning'],
    ['2026-11-24', 10, '2026-12-07', 'danger'],
    ['2026-11-20', 14, '2026-12-03', 'danger'],
  ])('a last Z on %s: %i days without, the takings due by %s (%s)', (last, days, deadline, level) => {
    expect(warningsOf({}, last)).toEqual([['closure-overdue', level, days, deadline]]);
  });

  it('put what stops the device or the sending first', () => {
    expect(
      warningsOf({ inService: false, printer: 'paper-low', journal: 'near-full', filesPending: 2, filesOld: 1, filesRejected: 3, closureNeeded: true, certificateExpiry: '2026-12-20' }),
    ).toEqual([
      ['not-in-service', 'danger'],
      ['files-old', 'danger', 1],
      ['files-rejected', 'danger', 3],
      ['printer', 'warning', 'paper-low'],
      ['journal-near-full', 'warning'],
      ['closure-needed', 'warning'],
      ['files-pending', 'warning', 2],
      ['certificate-expiring', 'warning', 16, '2026-12-20'],
    ]);
    expect(warningsOf({ printer: 'cover-open', journal: 'full', certificateExpiry: '2026-12-03' })).toEqual([
      ['printer', 'danger', 'cover-open'],
      ['journal-full', 'danger'],
      ['certificate-expired', 'danger', '2026-12-03'],
    ]);
    // A brand that cannot count its files says nothing about them.
    expect(warningsOf({ filesPending: null, filesOld: null, filesRejected: null, certificateExpiry: '2027-06-01' })).toEqual([]);
  });
});
