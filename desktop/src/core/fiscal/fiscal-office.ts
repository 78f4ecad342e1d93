/**
 * @module
 * What the back office and the shift close read of the fiscal device, beyond the queue: the
 * status with the days since the last Z, the device's Z of a shift with the day's totals per VAT
 * rate or nature, and the rule that a product whose VAT has no department cannot be sold while a
 * device is set (issue 16 item 7; reference ../shared/reference/fiscal-rt.md §4 "Departments ↔
 * VAT": "block sales of items whose VAT has no department").
 */
import type { CatalogueItem, Department, FiscalClosure, FiscalRequest, FiscalZView } from '@cassa/shared';
import { CassaError, DEFAULT_TIME_ZONE, departmentFor, fiscalVatTotals, isValidTimeZone, localDayAndHour } from '@cassa/shared';
import type { TillContext } from '../till-context';
import type { FiscalStore } from './fiscal-store';

const dayMs = 86_400_000;

/** Whole days from the last Z's device date to today in the shop's zone; null without a stored Z. */
export function daysSinceClosure(ctx: TillContext, store: FiscalStore, timeZone: string): number | null {
  const last = store.lastZDate();
  if (last === null) return null;
  const today = localDayAndHour(ctx.clock.now(), isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE).day;
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`)) / dayMs));
}

/**
 * The Z with the per-VAT totals of the documents this till had issued in it, added up as the device
 * does (fiscalVatTotals). A void of a document made at another till cannot be placed by VAT here:
 * then the totals are null rather than totals that silently leave it out.
 */
export function zView(store: FiscalStore, closure: FiscalClosure, departments: readonly Department[]): FiscalZView {
  const jobs = store.issuedJobsOfZ(closure.serial, closure.zNumber);
  const requests = jobs.map((job) => JSON.parse(job.request) as FiscalRequest);
  const voidedRequestOf = (original: { serial: string; zNumber: number; documentNumber: number }) => {
    const job = store.issuedJobOfDocument(original.serial, original.zNumber, original.documentNumber);
    return job ? (JSON.parse(job.request) as FiscalRequest) : undefined;
  };
  let vatTotals: FiscalZView['vatTotals'] = null;
  try {
    const totals = fiscalVatTotals(requests, departments, voidedRequestOf);
    vatTotals = { sales: [...totals.sales], returns: [...totals.returns], voids: [...totals.voids] };
  } catch {
    vatTotals = null;
  }
  return { closure, vatTotals, documents: jobs.length };
}

/** Refuses a product the device could not file: no department carries its VAT rate or nature. */
export function refuseWithoutDepartment(item: CatalogueItem, departments: readonly Department[]): void {
  if (departmentFor(item.vatCode, departments).ok) return;
  const options = Object.values(item.options);
  const description = options.length > 0 ? `${item.name} ${options.join(' ')}` : item.name;
  throw new CassaError('CONFLICT', `No fiscal device department for VAT ${item.vatCode}: "${description}" cannot be sold; add one in Back office → Devices`, {
    reason: 'fiscal-no-department',
    vatCode: item.vatCode,
    description,
  });
}
