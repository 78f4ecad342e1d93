/**
 * A till's `fiscal-document` record (issue 16: the documento commerciale its fiscal device issued
 * for a sale) is stored whole in till_documents, once, like a shift or an audit entry.
 */
import type { FiscalDocumentRecord, PushResponse, TillRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { jsonRequest, op, sale, seedTenant, sqliteEngine, versions, withServer } from '../test/fixtures';
import type { Tenant } from '../test/fixtures';
import type { SyncServer } from './index';

async function push(server: SyncServer, tenant: Tenant, ops: readonly unknown[]): Promise<PushResponse> {
  const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: tenant.till.deviceId, ops }, tenant.till.authorization));
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: PushResponse }).data;
}

function fiscalDocument(t: Tenant, id: string, storeId = t.till.storeId): FiscalDocumentRecord {
  return {
    id,
    storeId,
    deviceId: t.till.deviceId,
    saleId: `sale-${id}`,
    document: { serial: '99MEY012345', zNumber: 3, documentNumber: 41, date: '2026-11-26', time: '10:15:02', amountCents: 898 },
    source: 'recovered',
    recordedAt: new Date().toISOString(),
    recordedBy: null,
  };
}

describe('fiscal documents pushed by a till', () => {
  it('are stored once, flagged when they claim another store, and a malformed one is set aside', async () => {
    await withServer(sqliteEngine, async (server) => {
      const t = await seedTenant(server);
      // The sale first, as the till's outbox sends it: a document for a sale head office never got is flagged (unknown-sale).
      const first = await push(server, t, [
        op(1, sale({ id: 'sale-f1', storeId: t.till.storeId, deviceId: t.till.deviceId, variantId: 'acme-p1-v1' })),
        op(2, { type: 'fiscal-document', record: fiscalDocument(t, 'f1') }),
      ]);
      expect(first.results).toEqual([expect.objectContaining({ seq: 1, status: 'applied' }), expect.objectContaining({ seq: 2, status: 'applied', problems: [] })]);

      const again = await push(server, t, [
        // The same record under a new op (a till that queued it again) is stored once.
        op(3, { type: 'fiscal-document', record: fiscalDocument(t, 'f1') }),
        op(4, { type: 'fiscal-document', record: fiscalDocument(t, 'f2', 'another-store') }),
        // A document no schema accepts (a serial too short, number 0) is set aside, not refused.
        op(5, { type: 'fiscal-document', record: { ...fiscalDocument(t, 'f3'), document: { serial: 'short', zNumber: 1, documentNumber: 0 } } } as unknown as TillRecord),
      ]);
      expect(again.results.map((r) => [r.seq, r.status])).toEqual([
        [3, 'duplicate'],
        [4, 'flagged'],
        [5, 'flagged'],
      ]);
      expect(again.results[0]!.problems).toContain('record-already-stored');
      expect(again.results[1]!.problems).toContain('store-mismatch:another-store');
    });
  });
});
