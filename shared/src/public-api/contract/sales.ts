/**
 * @module
 * The public API's sales (issue 19): each sale, return or void as the till recorded it, with its
 * lines, payments and VAT breakdown, by business day and store; the chain's customers; and each
 * register's day of takings per VAT code (the "corrispettivi"), read by the same rule as the ERP
 * exports and the dashboard.
 */
import { headOfficeCustomerSchema } from '../../head-office/contract/customers';
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { vatCodeSchema } from '../../domain/vat';
import { paymentMethodSchema, saleRecordSchema } from '../../records/till-records';
import type { PublicApiAccess } from '../access';
import { businessDaySchema, pageInputShape, pageOf, storeFilterShape } from './paging';

const read: PublicApiAccess = { scope: 'read', stores: 'filter' };

export const publicSaleSchema = z.object({
  businessDay: z.string(),
  receivedAt: z.string(),
  /** A record head office accepted with problems (see the dashboard's flagged records). */
  flagged: z.boolean(),
  sale: saleRecordSchema,
  /** The fiscal device's commercial document for this sale, where the register prints them. */
  fiscalDocument: z
    .object({
      serial: z.string(),
      zNumber: z.number().int(),
      documentNumber: z.number().int(),
      documentDate: z.string(),
      documentTime: z.string(),
      amountCents: z.number().int(),
      source: z.string(),
    })
    .nullable(),
});

/** Head office's customer as integrators get it: without the merge and the sales count. */
export const publicCustomerSchema = headOfficeCustomerSchema.pick({ id: true, name: true, phone: true, email: true, taxCode: true, vatNumber: true, createdAt: true, updatedAt: true });

const vatGroupSchema = z.object({ vatCode: vatCodeSchema, grossCents: z.number().int(), netCents: z.number().int(), vatCents: z.number().int() });
const takingsPartSchema = z.object({ vat: z.array(vatGroupSchema), grossCents: z.number().int(), documents: z.number().int() });

export const publicDayTakingsSchema = z.object({
  storeId: z.string(),
  registerId: z.string(),
  businessDay: z.string(),
  fiscal: z.object({ deviceSerial: z.string(), zNumber: z.number().int() }).nullable(),
  sales: takingsPartSchema,
  returns: takingsPartSchema,
  voids: takingsPartSchema,
  /** Sales less returns less voids, VAT once per code: the figure the dashboard and the till's Z show. */
  net: takingsPartSchema,
  payments: z.array(z.object({ method: paymentMethodSchema, kind: z.enum(['cash', 'electronic', 'other']), amountCents: z.number().int() })),
});

/** The longest span of days one takings request reads (a quarter). */
export const PUBLIC_TAKINGS_MAX_DAYS = 92;

const dayRange = z.object({ from: businessDaySchema, to: businessDaySchema });

export const publicSalesContract = {
  'api.sales.list': route({
    method: 'GET',
    path: '/sales',
    summary: 'Sales, returns and voids with lines, payments and fiscal document, of business days from…to, by completion time',
    access: read,
    input: dayRange.extend({ ...pageInputShape, ...storeFilterShape }),
    output: pageOf(publicSaleSchema),
  }),
  'api.customers.list': route({
    method: 'GET',
    path: '/customers',
    summary: "The chain's customers, by id (merged duplicates left out)",
    access: read,
    input: z.object({ ...pageInputShape }),
    output: pageOf(publicCustomerSchema),
  }),
  'api.takings.list': route({
    method: 'GET',
    path: '/takings',
    summary: "Each register's business day of takings per VAT code, returns and voids apart, payments cash/electronic/other",
    access: read,
    input: dayRange.extend({ ...storeFilterShape }),
    output: z.array(publicDayTakingsSchema),
  }),
} as const satisfies HttpContract<PublicApiAccess>;
