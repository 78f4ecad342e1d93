/**
 * Issue 16 across a head-office restore from a backup (issue 12): a real till with a fiscal device
 * (the fake one) sells, reports its device's status, backs up, sells more and runs the Z; head
 * office is restored from the backup taken before the Z and the till pushes again what head office
 * lost. At the end every sale has its one document at head office, the Z is stored once with head
 * office's totals per VAT equal to the till's, and the latest status is the one read last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import { createPrinterPort, createTillCore, seedDemoShop } from '../src/core';
import type { TillCore } from '../src/core';
import { FakeFiscalDevice } from '@cassa/desktop/testing';
import { cashier, drain, pairingCode, seedHeadOffice, sellOne, orgId } from './sync/till-kit';

async function fiscalTill(dataDir: string, device: FakeFiscalDevice): Promise<TillCore> {
  const core = createTillCore({
    dataDir,
    printer: await createPrinterPort('none', 'generic-80mm'),
    logger: { error: () => undefined },
    sync: { pullIntervalMs: 2_000 },
    fiscal: { device },
  });
  seedDemoShop(core.services);
  return core;
}

/** Sells `count` tickets and waits until the device issued every document. */
async function sell(core: TillCore, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) sellOne(core, n);
  await core.services.fiscal.idle();
}

describe.each(['sqlite', 'postgres'] as const)('fiscal records across a head-office restore on %s', (engine) => {
  it('end with one document per sale, the Z once with equal VAT totals, and the latest status', { timeout: 120_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'cassa-fiscal-restore-'));
    const server = await startRestartableServer({ engine, postgresUrl: engine === 'postgres' ? inject('postgresUrl') : null, sseHeartbeatMs: 300 });
    const device = new FakeFiscalDevice();
    let core: TillCore | null = null;
    try {
      await seedHeadOffice(server.server);
      core = await fiscalTill(join(work, 'till'), device);
      await core.services.sync.pair(server.url, await pairingCode(server.server));
      core.services.shifts.open(cashier, 10_000);
      await sell(core, 0, 3);
      await core.services.fiscal.refreshStatus();
      await drain(core);
      const backup = await server.backup();

      await sell(core, 3, 3);
      await core.services.fiscal.closeShift(cashier, { '5000': 20 }, { userId: 'user-marco', pin: '2222' });
      await core.services.fiscal.refreshStatus();
      await drain(core);
      await server.restoreFrom(backup);
      // Head office lost the last three sales, their documents, the Z and the last status: the till sends them again.
      core.services.shifts.open(cashier, 10_000);
      await sell(core, 6, 1);
      await drain(core);

      const q = <T extends Record<string, unknown>>(sql: string) => server.query<T>(sql, [orgId]);
      const sales = await q<{ id: string }>('SELECT id FROM sales WHERE organisation_id = ?');
      expect(sales).toHaveLength(7);
      const undocumented = await q('SELECT s.id FROM sales s LEFT JOIN fiscal_documents d ON d.organisation_id = s.organisation_id AND d.sale_id = s.id WHERE s.organisation_id = ? AND d.sale_id IS NULL');
      expect(undocumented).toEqual([]);
      const documents = await q<{ serial: string; z_number: unknown; document_number: unknown }>('SELECT serial, z_number, document_number FROM fiscal_documents WHERE organisation_id = ? ORDER BY z_number, document_number');
      expect(documents.map((d) => `${Number(d.z_number)}-${Number(d.document_number)}`)).toEqual(device.journal.map((e) => `${e.document.zNumber}-${e.document.documentNumber}`));
      const closures = await q<{ z_number: unknown; totals_match: unknown; daily_amount_cents: unknown }>('SELECT z_number, totals_match, daily_amount_cents FROM fiscal_closures WHERE organisation_id = ?');
      expect(closures.map((c) => [Number(c.z_number), Number(c.totals_match), Number(c.daily_amount_cents)])).toEqual([[1, 1, device.closures[0]!.dailyAmountCents]]);
      const status = await q<{ last_closure_date: string | null }>('SELECT last_closure_date FROM fiscal_status WHERE organisation_id = ?');
      expect(status).toEqual([{ last_closure_date: device.closures[0]!.date }]);
    } finally {
      await core?.close();
      await server.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
