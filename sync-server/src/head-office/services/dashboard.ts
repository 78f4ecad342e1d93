/**
 * @module
 * The dashboard's figures: takings for a range of business days in the user's stores (or one of
 * them, a register, a cashier), beside the same days a week earlier, with the names the filters
 * offer; and the live sale events of the user's stores.
 */
import { CassaError } from '@cassa/shared';
import type { DashboardQuery, DashboardView, TillUser } from '@cassa/shared';
import { addDays, DEFAULT_TIME_ZONE, localDayAndHour } from '@cassa/shared';
import type { ChannelOrderStorage } from '../../storage/channels';
import type { HeadOfficeStorage, HeadOfficeUserRow } from '../../storage/head-office-storage';
import { requireStore, storeScope } from '../auth';
import type { SalesEvents, SalesListener } from '../sales-events';
import { seesStore } from './stores';

/** The comparison is the same weekdays one week earlier. */
const COMPARE_DAYS_BACK = 7;

/** The filter the query asks for, with the user's stores as the limit; empty query values count as absent. */
function dashboardFilter(user: HeadOfficeUserRow, query: DashboardQuery, today: string) {
  const from = query.from || today;
  const to = query.to || from;
  if (to < from) throw new CassaError('VALIDATION', 'The end date is before the start date');
  let storeIds = storeScope(user);
  if (query.store) {
    requireStore(user, query.store);
    storeIds = [query.store];
  }
  return {
    from,
    to,
    storeIds,
    ...(query.register ? { deviceId: query.register } : {}),
    ...(query.cashier ? { cashierId: query.cashier } : {}),
  };
}

/**
 * Issue 18: a channel's orders are takings filed under the channel account's id, so the store
 * filter and the per-store totals take channels as they are. Only users of every store see them:
 * a user limited to some stores gets their stores' rows only, and `store=<channel>` is refused.
 */
export async function dashboardView(
  ho: HeadOfficeStorage,
  user: HeadOfficeUserRow,
  query: DashboardQuery,
  now: Date,
  channels?: Pick<ChannelOrderStorage, 'accountNames'>,
): Promise<DashboardView> {
  const org = user.organisationId;
  const filter = dashboardFilter(user, query, localDayAndHour(now, DEFAULT_TIME_ZONE).day);
  const compareFrom = addDays(filter.from, -COMPARE_DAYS_BACK);
  const compareTo = addDays(filter.to, -COMPARE_DAYS_BACK);
  const [data, compare, categoryRows, registerRows, cashierRows, channelRows] = await Promise.all([
    ho.dashboard(org, filter),
    ho.storeTotals(org, { ...filter, from: compareFrom, to: compareTo }),
    ho.readRows(org, 'category'),
    ho.listRegisters(org),
    ho.readRows(org, 'user'),
    channels && storeScope(user) === null ? channels.accountNames(org) : Promise.resolve([]),
  ]);
  const categories = new Map((categoryRows as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  const { categoryTotals, ...figures } = data;
  return {
    ...figures,
    compareFrom,
    compareTo,
    compare,
    categories: categoryTotals.map((r) => ({ ...r, name: categories.get(r.categoryId) ?? '' })),
    registers: registerRows.filter((r) => seesStore(user, r.storeId)).map((r) => ({ id: r.id, name: r.name, storeId: r.storeId })),
    cashiers: (cashierRows as TillUser[]).map((u) => ({ id: u.id, name: u.name })),
    channels: channelRows,
  };
}

/** Hears the sales of the user's stores only; returns the unsubscribe. */
export function subscribeToSales(salesEvents: SalesEvents, user: HeadOfficeUserRow, listener: SalesListener): () => void {
  return salesEvents.subscribe(user.organisationId, (event) => {
    if (seesStore(user, event.storeId)) listener(event);
  });
}
