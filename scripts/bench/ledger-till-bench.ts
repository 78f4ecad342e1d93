/**
 * The chain ledger as the cashier waits on it (issue 17): `sale.payWithCredit` on a paired till,
 * from the call to the ticket with the payment on it, reserved at a real server on 127.0.0.1
 * (SQLite file); and the same payment when head office does not answer (the network fails at
 * once), which the till then takes offline. The HTTP round trip alone is the `ledger` group.
 * RUNS sets the timed payments (default 200). Target: reservation round trip p95 < 300 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoEan } from '@cassa/desktop/core';
import { createTestTill } from '@cassa/desktop/testing';
import { createSyncServer } from '@cassa/sync-server';
import type { BenchContext } from './bench-kit';
import { percentile } from './bench-kit';

const RUNS = Number(process.env.RUNS ?? 200);
const WARM_UP = 10;

export default async function ledgerTillBench(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-ledger-till-bench-'));
  const server = await createSyncServer({ sqlitePath: join(dir, 'server.sqlite'), log: () => undefined, headOffice: false });
  const listening = await server.listen(0, '127.0.0.1');
  let cut = false;
  const till = createTestTill({ fetch: (input, init) => (cut ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)) });
  try {
    await server.admin.createOrganisation({ id: 'org', name: 'Bench' });
    await server.admin.upsertStore('org', { id: 'store', name: 'Bench', addressLines: [], vatNumber: '' });
    await server.admin.upsertUsers('org', till.core.services.users.exportAll());
    const { code } = await server.admin.createPairingCode('org', 'store');
    await till.core.services.sync.pair(`http://127.0.0.1:${listening.port}`, code);
    await till.core.services.sync.syncNow();
    const token = await till.login('user-giulia', '1111');
    const marco = await till.login('user-marco', '2222');
    await till.call('shift.open', { floatCents: 0 }, token);
    const voucher = await till.call('voucher.issue', { amountCents: 100_000_000, reason: 'Bench' }, marco);
    await till.core.services.sync.syncNow();

    const timed = async (label: string, expected: 'reserved' | 'offline'): Promise<void> => {
      const ms: number[] = [];
      for (let i = 0; i < RUNS + WARM_UP; i++) {
        const ticket = await till.call('sale.scan', { code: demoEan(1) }, token);
        const started = performance.now();
        const paid = await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: ticket.remainingCents }, token);
        const took = performance.now() - started;
        if (paid.authorisation !== expected) throw new Error(`payment ${i} was ${paid.authorisation}, not ${expected}`);
        await till.call('sale.complete', { printReceipt: false }, token);
        if (i >= WARM_UP) ms.push(took);
      }
      for (const p of [50, 95, 99]) ctx.emit(`${label} p${p}`, percentile(ms, p), 'ms');
    };
    ctx.progress(`${RUNS} voucher payments reserved at head office`);
    await timed('till voucher payment reserved at head office (sale.payWithCredit, sqlite, 127.0.0.1)', 'reserved');
    // The owner lets this card be spent offline without a cap, so every timed payment is allowed.
    await server.storage.ledgers.setOfflineLimit('org', 'voucher', voucher.code, 100_000_000, new Date());
    await till.core.services.sync.syncNow();
    cut = true;
    ctx.progress(`${RUNS} voucher payments with head office unreachable`);
    await timed('till voucher payment taken offline, head office unreachable (sale.payWithCredit)', 'offline');
  } finally {
    await till.dispose();
    await listening.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
