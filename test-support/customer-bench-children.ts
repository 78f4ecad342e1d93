/**
 * @module
 * The separate processes of the customers benchmark (scripts/bench/customers-bench.ts), so each
 * side's peak resident memory is its own: `server` serves a Cassa sync database holding the
 * chain's customers; `till` pairs a fresh real till with it and times its first pull (every
 * stream, the customers stream being the one with rows), reporting its peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSyncServer } from '@cassa/sync-server';
import { createPrinterPort, createTillCore } from '@cassa/desktop/core';

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

const [mode, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson ?? '{}') as Record<string, string | number>;

if (mode === 'server') {
  const server = await createSyncServer({ sqlitePath: String(config.sqlitePath), log: () => undefined });
  const listening = await server.listen(0, '127.0.0.1');
  const { code } = await server.admin.createPairingCode(String(config.organisationId), String(config.storeId));
  say({ port: listening.port, code });
  process.stdin.resume();
  process.stdin.on('end', () => {
    say({ peakRssMb: peakRssMb() });
    Promise.all([listening.close(), server.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else if (mode === 'till') {
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-bench-customers-'));
  const core = createTillCore({ dataDir, printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } });
  const rssBeforeMb = peakRssMb();
  const started = performance.now();
  await core.services.sync.pair(String(config.url), String(config.code));
  await core.services.sync.syncNow();
  const ms = performance.now() - started;
  const customers = (core.services.context.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
  say({ ms, customers, peakRssMb: peakRssMb(), rssBeforeMb, state: core.services.sync.state().lastError });
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
