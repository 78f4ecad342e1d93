/**
 * @module
 * The chain's customers as they come down the `customers` stream (issue 17), written a page at a
 * time in a few statements (a fresh till pulls 100,000 of them): one upsert over a JSON array, so
 * SQLite does the per-row work in C. A version replaces the one held only when its `updatedAt` is
 * not older (an edit made here and not pushed yet stays until head office sends a newer one);
 * `mergedInto` is head office's alone and always taken. An open or parked ticket holding a merged
 * customer moves to the survivor. A tombstone is ignored: past sales keep their customer.
 */
import type { ChainCustomer } from '@cassa/shared';
import { phoneKey } from '@cassa/shared';
import type { Db } from '../store/database';
import { cachedStatement } from '../store/statement-cache';

const UPSERT = `
  INSERT INTO customers (id, name, phone, email, tax_code, vat_number, created_at, updated_at, merged_into, phone_key)
  SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9 FROM json_each(?) WHERE true
  ON CONFLICT (id) DO UPDATE SET
    name = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.name ELSE customers.name END,
    phone = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.phone ELSE customers.phone END,
    phone_key = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.phone_key ELSE customers.phone_key END,
    email = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.email ELSE customers.email END,
    tax_code = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.tax_code ELSE customers.tax_code END,
    vat_number = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.vat_number ELSE customers.vat_number END,
    updated_at = CASE WHEN excluded.updated_at >= COALESCE(customers.updated_at, '') THEN excluded.updated_at ELSE customers.updated_at END,
    merged_into = excluded.merged_into`;

/** Tickets whose customer was merged follow it to the survivor. */
const FOLLOW_MERGES = `
  UPDATE tickets SET customer_id = (SELECT c.merged_into FROM customers c WHERE c.id = tickets.customer_id)
  WHERE customer_id IN (SELECT value FROM json_each(?))`;

/** Writes a page's customers (inside the page's transaction). */
export function applyChainCustomers(db: Db, customers: readonly ChainCustomer[]): void {
  if (customers.length === 0) return;
  const rows = customers.map((c) => [c.id, c.name, c.phone, c.email, c.taxCode, c.vatNumber, c.createdAt, c.updatedAt, c.mergedInto, phoneKey(c.phone)]);
  cachedStatement(db, UPSERT).run(JSON.stringify(rows));
  const merged = customers.filter((c) => c.mergedInto !== null).map((c) => c.id);
  if (merged.length > 0) cachedStatement(db, FOLLOW_MERGES).run(JSON.stringify(merged));
}

/** The customer an id stands for now: its survivor when it was merged (one hop: head office keeps merges flat). */
export function survivorOf(db: Db, customerId: string): string {
  const row = cachedStatement(db, 'SELECT merged_into FROM customers WHERE id = ?').get(customerId) as { merged_into: string | null } | undefined;
  return row?.merged_into ?? customerId;
}
