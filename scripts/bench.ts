/**
 * `npm run bench [-- GROUP]`: benchmarks, one JSON line per figure on stdout
 * (`{"group","name","value","unit"}`), progress on stderr. Targets are in each group's notes and
 * in the README; they are measured here, never asserted in unit tests.
 */
import type { BenchGroup } from './bench/bench-kit';

const groups: Record<string, () => Promise<{ default: BenchGroup }>> = {
  core: () => import('./bench/core-bench'),
  drivers: () => import('./bench/drivers-bench'),
  sync: () => import('./bench/sync-bench'),
  server: () => import('./bench/server-bench'),
  ui: () => import('./bench/ui-bench'),
  // Issue 17: first pull of 100,000 customers to a fresh till.
  customers: () => import('./bench/customers-bench'),
  // Issue 17, ledger at the till: a voucher payment as the cashier waits on it.
  'ledger-till': () => import('./bench/ledger-till-bench'),
  // Issue 17, ledger area: the reservation round trip.
  ledger: () => import('./bench/ledger-bench'),
  // Issue 18: a till's sale to the channels' quantity, the first link, orders imported.
  channels: () => import('./bench/channels-bench'),
  // Issue 19: a 10,000-row ERP items file, dry run and import, through head office's API.
  'erp-imports': () => import('./bench/erp-imports-bench'),
  // Issue 20: PIN hashing with @noble's scrypt (portable core) next to Node's native scrypt.
  'pin-hash': () => import('./bench/pin-hash-bench'),
  // Issue 20: a sale's commit on SQLite in WebAssembly next to better-sqlite3, same run.
  'sqlite-wasm': () => import('./bench/sqlite-wasm-bench'),
  // Issue 20: the mobile till in Chromium over OPFS, 100,000 products (cold start, scan, commit, storage).
  mobile: () => import('./bench/mobile-bench'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((g) => !groups[g]);
if (unknown.length > 0) {
  console.error(`Unknown benchmark group ${unknown.join(', ')}; groups: ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(groups)) {
  const group = (await groups[name]!()).default;
  console.error(`\n── ${name} ──`);
  await group({
    emit: (figure, value, unit) => console.log(JSON.stringify({ group: name, name: figure, value: Math.round(value * 1000) / 1000, unit })),
    progress: (message) => console.error(`[${name}] ${message}`),
  });
}
