/**
 * @module
 * What every list of the public API shares: an opaque cursor (the server signs it for the key that
 * asked, so a forged cursor or another key's is refused), at most 500 rows a page, `nextCursor`
 * null on the last page; and a business day written `YYYY-MM-DD`.
 */
import { z } from 'zod';

export const PUBLIC_PAGE_MAX = 500;
export const PUBLIC_PAGE_DEFAULT = 100;

export const pageInputShape = {
  /** The previous page's `nextCursor`; absent for the first page. */
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(PUBLIC_PAGE_MAX).default(PUBLIC_PAGE_DEFAULT),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A real calendar day: `2026-02-30` is refused, not rolled over. */
export const businessDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'a day that exists');

/** A store filter; a store-limited key may name only its own stores. */
export const storeFilterShape = { storeId: z.string().min(1).max(64).optional() };
