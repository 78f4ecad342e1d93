/**
 * @module
 * Head office's sales pages and the registers' fiscal devices (issue 16): a day's sales with their
 * documento commerciale, one sale, the devices' closures (Z), and each register's device status
 * with its warnings. Everything is read in the user's own organisation and filtered to the user's
 * stores; a sale or register of another store is "not found" or refused like everywhere else.
 */
import { CassaError, DEFAULT_TIME_ZONE, localDayAndHour } from '@cassa/shared';
import type { FiscalClosureView, RegisterFiscalView, SaleDetailView, SalesListView } from '@cassa/shared';
import type { HeadOfficeStorage, HeadOfficeUserRow, RegisterRow } from '../../storage/head-office-storage';
import { requireStore, storeScope } from '../auth';
import { fiscalWarnings } from './fiscal-warnings';
import { seesStore } from './stores';

/** The most sales one page lists: a busy shop's day on one register stays well under it. */
export const SALES_PAGE_LIMIT = 1000;
/** Closures listed at once: a month of Z on a dozen registers. */
export const CLOSURES_SHOWN = 400;

export async function listSales(
  ho: HeadOfficeStorage,
  user: HeadOfficeUserRow,
  query: { day?: string | undefined; store?: string | undefined; register?: string | undefined },
  now: Date,
): Promise<SalesListView> {
  const day = query.day || localDayAndHour(now, DEFAULT_TIME_ZONE).day;
  let storeIds = storeScope(user);
  if (query.store) {
    requireStore(user, query.store);
    storeIds = [query.store];
  }
  const rows = await ho.salesOfDay(user.organisationId, { day, storeIds, ...(query.register ? { deviceId: query.register } : {}), limit: SALES_PAGE_LIMIT + 1 });
  return { day, sales: rows.slice(0, SALES_PAGE_LIMIT), truncated: rows.length > SALES_PAGE_LIMIT };
}

export async function getSale(ho: HeadOfficeStorage, user: HeadOfficeUserRow, saleId: string): Promise<SaleDetailView> {
  const row = await ho.sale(user.organisationId, saleId);
  // Another store's sale reads as unknown: its id tells a scoped user nothing.
  if (!row || !seesStore(user, row.summary.storeId)) throw new CassaError('NOT_FOUND', `No sale ${saleId}`);
  return { ...row.summary, record: row.record, problems: row.problems };
}

export async function listFiscalClosures(ho: HeadOfficeStorage, user: HeadOfficeUserRow, register: string | undefined): Promise<FiscalClosureView[]> {
  const visible = (await ho.listRegisters(user.organisationId)).filter((r) => seesStore(user, r.storeId)).map((r) => r.id);
  const deviceIds = register ? visible.filter((id) => id === register) : visible;
  if (register && deviceIds.length === 0) throw new CassaError('NOT_FOUND', `No register ${register}`);
  const rows = await ho.fiscalClosures(user.organisationId, deviceIds, CLOSURES_SHOWN);
  return rows.map(({ record, deviceId, storeId, headOfficeTotals, totalsMatch }) => ({
    serial: record.closure.serial,
    zNumber: record.closure.zNumber,
    deviceId,
    storeId,
    shiftId: record.shiftId,
    date: record.closure.date,
    time: record.closure.time,
    dailyAmountCents: record.closure.dailyAmountCents,
    documents: record.documents,
    tillTotals: record.vatTotals,
    headOfficeTotals: headOfficeTotals ? { sales: [...headOfficeTotals.sales], returns: [...headOfficeTotals.returns], voids: [...headOfficeTotals.voids] } : null,
    totalsMatch,
  }));
}

/** Each register's fiscal device as last reported, with the warnings due on its store's today. */
export async function fiscalViewsOf(ho: HeadOfficeStorage, organisationId: string, registers: readonly RegisterRow[], now: Date): Promise<Map<string, RegisterFiscalView>> {
  const [statuses, stores] = await Promise.all([ho.fiscalStatuses(organisationId), ho.listStores(organisationId)]);
  const zoneOf = new Map(stores.map((s) => [s.id, s.timeZone]));
  const storeOf = new Map(registers.map((r) => [r.id, r.storeId]));
  const views = new Map<string, RegisterFiscalView>();
  for (const row of statuses) {
    const storeId = storeOf.get(row.deviceId);
    if (storeId === undefined) continue;
    const today = localDayAndHour(now, zoneOf.get(storeId) ?? DEFAULT_TIME_ZONE).day;
    views.set(row.deviceId, { serial: row.serial, status: row.status, reportedAt: row.reportedAt, lastClosureDate: row.lastClosureDate, warnings: fiscalWarnings(row, today) });
  }
  return views;
}
