/**
 * Test fixtures for the ERP exports (issue 19): sale records as a till makes them (negative for
 * returns and voids, with their own VAT breakdown), pushed straight into storage, and a tenant
 * with two registers in one store and one in the other.
 */
import { vatBreakdown } from '@cassa/shared';
import type { PaymentMethod, PushOp, SaleLineRecord, SaleRecord, VatCode } from '@cassa/shared';
import { expect } from 'vitest';
import type { SyncServer } from '../src/index';
import { op, pairTill, seedTenant } from './fixtures';

export interface Till {
  readonly organisationId: string;
  readonly storeId: string;
  readonly deviceId: string;
}

export interface SaleSpec {
  readonly id: string;
  readonly kind?: SaleRecord['kind'];
  /** Gross per line, VAT-inclusive, positive; a return or void stores them negative. */
  readonly lines: readonly { vatCode: VatCode; grossCents: number }[];
  readonly method?: PaymentMethod;
  readonly changeCents?: number;
  readonly at?: string;
}

/** A sale record as the till makes it: negative lines and payments for returns and voids, its own VAT breakdown. */
export function saleRecord(till: Till, spec: SaleSpec): SaleRecord {
  const kind = spec.kind ?? 'sale';
  const sign = kind === 'sale' ? 1 : -1;
  const lines: SaleLineRecord[] = spec.lines.map((l, i) => ({
    lineId: `${spec.id}-l${i}`,
    productId: 'p',
    variantId: 'acme-p1-v1',
    sku: 'SKU',
    description: 'Thing',
    vatCode: l.vatCode,
    quantityMilli: sign * 1000,
    unitPriceCents: l.grossCents,
    discountCents: 0,
    totalCents: sign * l.grossCents,
  }));
  const total = lines.reduce((sum, l) => sum + l.totalCents, 0);
  const change = kind === 'sale' ? (spec.changeCents ?? 0) : 0;
  return {
    id: spec.id,
    kind,
    storeId: till.storeId,
    deviceId: till.deviceId,
    shiftId: 'shift-1',
    zNumber: 1,
    documentNumber: 1,
    originalSaleId: null,
    cashierId: 'user-1',
    customerId: null,
    completedAt: spec.at ?? '2026-12-03T10:00:00Z',
    lines,
    payments: [{ method: spec.method ?? 'cash', amountCents: total + change, reference: null }],
    changeCents: change,
    roundingCents: 0,
    totalCents: total,
    vatBreakdown: vatBreakdown(lines.map((l) => ({ vatCode: l.vatCode, grossCents: l.totalCents }))),
  };
}

/** Each register numbers its ops from 1. */
const seqs = new Map<string, number>();
export async function push(server: SyncServer, till: Till, records: readonly SaleRecord[], extra: readonly PushOp['record'][] = []): Promise<void> {
  const next = () => {
    const seq = (seqs.get(till.deviceId) ?? 0) + 1;
    seqs.set(till.deviceId, seq);
    return seq;
  };
  const ops = [...records.map((record) => op(next(), { type: 'sale', record })), ...extra.map((record) => op(next(), record))];
  const results = await server.storage.applyPushOps(till, ops, new Date('2026-12-04T08:00:00Z'));
  expect(results.filter((r) => r.status === 'duplicate')).toEqual([]);
}

export async function world(server: SyncServer) {
  seqs.clear();
  const t = await seedTenant(server);
  const b = await pairTill(server, t.organisationId, t.storeId, 'Cassa 2');
  const c = await pairTill(server, t.organisationId, t.otherStoreId, 'Cassa 3');
  const till = (deviceId: string, storeId: string): Till => ({ organisationId: t.organisationId, storeId, deviceId });
  return { t, a: till(t.till.deviceId, t.storeId), b: till(b.deviceId, t.storeId), c: till(c.deviceId, t.otherStoreId) };
}

