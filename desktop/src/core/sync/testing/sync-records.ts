/**
 * @module
 * Small records the sync client tests push and pull: a one-variant product head office writes,
 * and a customer record a till pushes.
 */
import type { TillRecord } from '@cassa/shared';

export function product(id: string) {
  return {
    id,
    sku: id,
    name: id,
    categoryId: null,
    vatCode: '22' as const,
    unit: 'piece' as const,
    priceCents: 100,
    axes: [],
    variants: [{ id: `${id}-v1`, sku: `${id}-v1`, barcodes: [], options: {}, priceCents: null, active: true }],
    active: true,
  };
}

export function customer(id: string): TillRecord {
  return { type: 'customer', record: { id, name: id, phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-11-26T10:00:00+01:00' } };
}
