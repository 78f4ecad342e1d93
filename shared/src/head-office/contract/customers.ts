/**
 * @module
 * The chain's customers at head office (issue 17): search, edit, the duplicates head office
 * proposes (same phone, email or codice fiscale once normalised, `customer-keys.ts`) and the merge
 * that folds them into one survivor. Everyone signed in reads; owners and managers of every store
 * edit and merge. Customers are organisation-wide: every till of every store holds them.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema } from '../../records';
import { text } from '../../records/limits';
import type { HeadOfficeAccess } from '../access';
import { organisationWriters } from '../access';

/** Customers are the chain's, not a store's: anyone signed in may read them. */
const customerReaders: HeadOfficeAccess = { roles: ['owner', 'manager', 'viewer'], scope: 'none' };

export const headOfficeCustomerSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  taxCode: z.string().nullable(),
  vatNumber: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The customer this one was merged into (always the final survivor); null while it stands alone. */
  mergedInto: z.string().nullable(),
  /** Sales in every store, this customer's and those of the customers merged into it. */
  salesCount: z.number().int().nonnegative(),
  salesTotalCents: z.number().int(),
});
export type HeadOfficeCustomer = z.output<typeof headOfficeCustomerSchema>;

export const customerDuplicateGroupSchema = z.object({
  /** What they share. */
  match: z.enum(['phone', 'email', 'tax-code']),
  /** The normalised value they share. */
  key: z.string(),
  /** Oldest first: the first is the proposed survivor. */
  customers: z.array(headOfficeCustomerSchema).min(2),
});
export type CustomerDuplicateGroup = z.output<typeof customerDuplicateGroupSchema>;

/** Text a database can store (no NUL). */
const optionalText = (max: number) => text().trim().max(max).nullable();

export const customerEditSchema = z
  .object({
    id: idSchema,
    name: text().trim().min(1).max(120),
    phone: optionalText(32),
    email: optionalText(120),
    taxCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{16}$/, 'A codice fiscale has 16 letters and digits').nullable(),
    vatNumber: z.string().trim().regex(/^\d{11}$/, 'A partita IVA has 11 digits').nullable(),
  })
  .strict();
export type CustomerEdit = z.output<typeof customerEditSchema>;

export const customerMergeInputSchema = z
  .object({
    survivorId: idSchema,
    otherIds: z.array(idSchema).min(1).max(50),
  })
  .strict();
export type CustomerMergeInput = z.output<typeof customerMergeInputSchema>;

export const customerMergeResultSchema = z.object({
  survivor: headOfficeCustomerSchema,
  /** Every customer now pointing at the survivor because of this merge (those named, and any merged into them before). */
  merged: z.array(z.string()),
  /** Sales of the merged customers that now count for the survivor. */
  salesMoved: z.number().int().nonnegative(),
});
export type CustomerMergeResult = z.output<typeof customerMergeResultSchema>;

export const customersContract = {
  'customers.search': route({
    method: 'GET',
    path: '/customers',
    summary: "The chain's customers matching a name, phone, email or codice fiscale (merged ones left out), at most 50",
    access: customerReaders,
    input: z.object({ query: text().max(80).optional() }),
    output: z.array(headOfficeCustomerSchema),
  }),
  'customers.duplicates': route({
    method: 'GET',
    path: '/customers/duplicates',
    summary: 'Customers sharing a phone, email or codice fiscale (normalised), proposed for merging; at most 100 groups',
    access: customerReaders,
    input: z.object({}),
    output: z.array(customerDuplicateGroupSchema),
  }),
  'customers.save': route({
    method: 'PUT',
    path: '/customers/:id',
    summary: "Changes a customer's details; every till gets them (the latest edit wins)",
    access: organisationWriters,
    input: customerEditSchema,
    output: headOfficeCustomerSchema,
  }),
  'customers.merge': route({
    method: 'POST',
    path: '/customers/merges',
    summary: 'Merges customers into a survivor: every till follows, their sales, store credit and points count for the survivor',
    access: organisationWriters,
    input: customerMergeInputSchema,
    output: customerMergeResultSchema,
  }),
} as const;
