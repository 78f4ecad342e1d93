/**
 * The till process the sync proofs kill: opens the real core on a data folder, pairs it when told
 * to, and sells until the folder holds `target` sales, printing `done <saleId>` after each commit,
 * then pushes (and pulls) until its outbox is empty and prints `synced`. Modes:
 * - `sell`: just that;
 * - `checkpoint`: also runs `PRAGMA wal_checkpoint(TRUNCATE)` after every sale, so a SIGKILL
 *   lands inside checkpoints too;
 * - `kill-in-pull`: SIGKILLs itself in the middle of applying a pulled catalogue page (once
 *   `killAfterUpserts` products were written, one by one or in a bulk write, inside the page's
 *   transaction).
 */
import { writeSync } from 'node:fs';
import { openTill, sellOne } from './till-kit';

interface ChildConfig {
  readonly dataDir: string;
  readonly target: number;
  readonly pair?: { readonly url: string; readonly code: string };
  readonly mode?: 'sell' | 'checkpoint' | 'kill-in-pull';
  readonly killAfterUpserts?: number;
  /** Sales per burst before letting the sync client run. */
  readonly burst?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const core = await openTill(config.dataDir, { pullIntervalMs: 1_000 });
say(`device ${core.services.context.deviceId}`);
if (config.mode === 'kill-in-pull') {
  const catalogue = core.services.catalogue;
  const upsert = catalogue.upsertProduct.bind(catalogue);
  const insertNew = catalogue.insertNewProducts.bind(catalogue);
  let count = 0;
  const written = (products: number) => {
    count += products;
    if (products > 0 && count >= (config.killAfterUpserts ?? 1)) {
      say('killing myself mid-page');
      process.kill(process.pid, 'SIGKILL');
    }
  };
  catalogue.upsertProduct = (product) => {
    upsert(product);
    written(1);
  };
  // A first pull writes a page of new products in one go: killed right after it, the page's
  // products are written and its cursor is not.
  catalogue.insertNewProducts = (products) => {
    const done = insertNew(products);
    written(done ? products.length : 0);
    return done;
  };
}
if (config.pair && !core.services.sync.pairing.current()) {
  await core.services.sync.pair(config.pair.url, config.pair.code);
  say('paired');
}
say('ready');

const salesCount = () => (core.store.db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
let n = salesCount();
const burst = config.burst ?? 3;
while (n < config.target) {
  for (let i = 0; i < burst && n < config.target; i++) {
    say(`done ${sellOne(core, n)}`);
    n++;
    if (config.mode === 'checkpoint') core.store.db.pragma('wal_checkpoint(TRUNCATE)');
  }
  // Let the sync client push between bursts, as a real till does between customers.
  await new Promise((resolve) => setTimeout(resolve, 2));
}
for (;;) {
  // A paired folder's sync client starts as the core opens: until it runs, syncNow does nothing.
  const started = core.services.sync.state().paired;
  const state = await core.services.sync.syncNow();
  if (process.env.CASSA_SYNC_FAULT_VERBOSE) say(`state ${new Date().toISOString()} ${JSON.stringify(state)}`);
  if (state.pending === 0 && (started || !core.services.sync.pairing.current())) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
say('synced');
await core.close();
process.exit(0);
