/**
 * @module
 * The dashboard: takings per store for a range of business days beside the same days a week
 * earlier, and the live stream that tells an open dashboard a sale arrived.
 */
import { z } from 'zod';
import { eventStream, route } from '../../api/http-contract';
import { signedIn } from '../access';
import { channelKindSchema } from '../../channels/channel-accounts';

const count = z.number().int();
const cents = z.number().int();
/** A business day, `YYYY-MM-DD`; empty counts as absent (the page's empty field). */
const dayQuery = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a day as YYYY-MM-DD');
/** A filter's id from the query string; empty counts as absent. */
const idQuery = z.string().max(64);

export const storeTotalsSchema = z.object({
  storeId: z.string(),
  takingsCents: cents,
  tickets: count,
  returns: count,
  voids: count,
  itemsMilli: z.number().int(),
});
export type StoreTotals = z.output<typeof storeTotalsSchema>;

export const dashboardViewSchema = z.object({
  from: z.string(),
  to: z.string(),
  compareFrom: z.string(),
  compareTo: z.string(),
  stores: z.array(storeTotalsSchema),
  /** The same days a week earlier, for the change beside each figure. */
  compare: z.array(storeTotalsSchema),
  hourly: z.array(z.object({ hour: z.number().int().min(0).max(23), takingsCents: cents, tickets: count })),
  daily: z.array(z.object({ businessDay: z.string(), takingsCents: cents, tickets: count })),
  topProducts: z.array(z.object({ productId: z.string(), description: z.string(), quantityMilli: z.number().int(), totalCents: cents })),
  categories: z.array(z.object({ categoryId: z.string(), name: z.string(), quantityMilli: z.number().int(), totalCents: cents })),
  payments: z.array(z.object({ method: z.string(), payments: count, amountCents: cents })),
  vat: z.array(z.object({ businessDay: z.string(), vatCode: z.string(), grossCents: cents, netCents: cents, vatCents: cents })),
  /** The registers and cashiers the filters offer (the user's stores only). */
  registers: z.array(z.object({ id: z.string(), name: z.string(), storeId: z.string() })),
  cashiers: z.array(z.object({ id: z.string(), name: z.string() })),
  /**
   * Issue 18: the sales channels whose orders count as takings. A channel's orders appear in
   * `stores` (and `compare`) under the channel account's id, next to the stores, and the `store`
   * filter takes a channel account's id too. Only users of every store see channels.
   */
  channels: z.array(z.object({ id: z.string(), kind: channelKindSchema, name: z.string() })),
});
export type DashboardView = z.output<typeof dashboardViewSchema>;

export const dashboardQuerySchema = z.object({
  /** Default: today in the default time zone. */
  from: dayQuery.optional(),
  /** Default: `from`. */
  to: dayQuery.optional(),
  store: idQuery.optional(),
  register: idQuery.optional(),
  cashier: idQuery.optional(),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

/** `hello` when the stream opens (`{}`), then `sale` for each sale in the user's stores. */
export const dashboardEventSchema = z.union([z.object({ storeId: z.string(), at: z.string() }), z.object({})]);

export const dashboardContract = {
  'dashboard.get': route({
    method: 'GET',
    path: '/dashboard',
    summary: "Takings for a range of days beside a week earlier; a store filter must be one of the user's stores (checked in the service)",
    access: signedIn,
    input: dashboardQuerySchema,
    output: dashboardViewSchema,
  }),
  'dashboard.events': eventStream({
    path: '/events',
    summary: "Server-sent events: hello, then a sale event for each sale pushed in one of the user's stores",
    access: signedIn,
    input: z.object({}),
    output: dashboardEventSchema,
  }),
} as const;
