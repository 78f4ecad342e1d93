/**
 * @module
 * What head office warns about a register's fiscal device (issue 16 item 5), from the status the
 * till last sent and the last Z it ran. A pure rule: the register list, its tests and any report
 * read it the same way.
 *
 * The deadline: the daily takings (corrispettivi) must reach the tax agency within 12 days of the
 * day they were made (D.Lgs. 127/2015 art. 2 c. 1 as amended by DL 119/2018 art. 17: "entro
 * dodici giorni dall'effettuazione dell'operazione"; not in ../shared/reference/fiscal-rt.md,
 * which names the transmission after the Z and the device's old/rejected file counts, §4
 * "Transmission" and the 1138 row of §1). The RT only seals and sends a day's file at its Z, so a
 * register whose last Z is days old holds takings that are not on their way: the first day after
 * that Z is due 12 days later.
 */
import type { FiscalWarning } from '@cassa/shared';
import { addDays } from '@cassa/shared';
import type { FiscalStatusRow } from '../../storage/head-office/fiscal-reads';

/** Days the law allows between a day's takings and their transmission. */
export const TAKINGS_DEADLINE_DAYS = 12;
/** A Z this many days old is worth a warning: a shop runs one each evening it opened, and may close two days a week. */
export const CLOSURE_OVERDUE_DAYS = 3;
/** From this many days before the deadline the warning turns to danger. */
export const DEADLINE_DANGER_DAYS = 3;
/** A certificate expiring within this many days is announced. */
export const CERTIFICATE_NOTICE_DAYS = 30;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function warning(code: FiscalWarning['code'], level: FiscalWarning['level'], extra: Partial<Pick<FiscalWarning, 'count' | 'date' | 'detail'>> = {}): FiscalWarning {
  return { code, level, count: extra.count ?? null, date: extra.date ?? null, detail: extra.detail ?? null };
}

/** The closure and transmission warnings: a Z not run for days, files the device has not sent, or that were refused. */
function takingsWarnings(row: FiscalStatusRow, today: string): FiscalWarning[] {
  const { status } = row;
  const warnings: FiscalWarning[] = [];
  if (row.lastClosureDate !== null) {
    const days = daysBetween(row.lastClosureDate, today);
    if (days >= CLOSURE_OVERDUE_DAYS) {
      const deadline = addDays(row.lastClosureDate, 1 + TAKINGS_DEADLINE_DAYS);
      const level = daysBetween(today, deadline) <= DEADLINE_DANGER_DAYS ? 'danger' : 'warning';
      warnings.push(warning('closure-overdue', level, { count: days, date: deadline }));
    }
  }
  if (status.filesOld !== null && status.filesOld > 0) warnings.push(warning('files-old', 'danger', { count: status.filesOld }));
  if (status.filesRejected !== null && status.filesRejected > 0) warnings.push(warning('files-rejected', 'danger', { count: status.filesRejected }));
  if (status.filesPending !== null && status.filesPending > 0) warnings.push(warning('files-pending', 'warning', { count: status.filesPending }));
  return warnings;
}

/** The device's warnings on `today` (the register's store's local date), most serious first. */
export function fiscalWarnings(row: FiscalStatusRow, today: string): FiscalWarning[] {
  const { status } = row;
  const warnings: FiscalWarning[] = [];
  if (!status.inService) warnings.push(warning('not-in-service', 'danger'));
  if (status.printer !== 'ok') warnings.push(warning('printer', status.printer === 'paper-low' ? 'warning' : 'danger', { detail: status.printer }));
  if (status.journal === 'full') warnings.push(warning('journal-full', 'danger'));
  if (status.journal === 'near-full') warnings.push(warning('journal-near-full', 'warning'));
  if (status.closureNeeded) warnings.push(warning('closure-needed', 'warning'));
  warnings.push(...takingsWarnings(row, today));
  if (status.certificateExpiry !== null) {
    const left = daysBetween(today, status.certificateExpiry);
    if (left < 0) warnings.push(warning('certificate-expired', 'danger', { date: status.certificateExpiry }));
    else if (left <= CERTIFICATE_NOTICE_DAYS) warnings.push(warning('certificate-expiring', 'warning', { date: status.certificateExpiry, count: left }));
  }
  return warnings.sort((a, b) => (a.level === b.level ? 0 : a.level === 'danger' ? -1 : 1));
}
