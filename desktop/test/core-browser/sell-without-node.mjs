// Runs the browser bundle of the till core in a Node process stripped of what browsers lack
// (Buffer, process, require, setImmediate), and completes a sale through its dispatcher.
// Prints one line, `CORE-BROWSER {json}`, for core-browser-bundle.test.ts.
//
// Usage: sell-without-node.mjs <bundle>. The database is SQLite in WebAssembly through the
// bundle's own `openWasmTillDatabase`, as on a phone.
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);
// SQLite is loaded before the globals go, as a page loads it before the worker runs the core.
const sqlite3 = await (await import('@sqlite.org/sqlite-wasm')).default();
const write = process.stdout.write.bind(process.stdout);
const hidden = ['Buffer', 'process', 'require', 'global', 'setImmediate', 'clearImmediate'];
for (const name of hidden) delete globalThis[name];
const stillThere = hidden.filter((name) => name in globalThis);

const core = await import(pathToFileURL(bundle).href);
const report = { stillThere };
const started = performance.now();
const store = core.openWasmTillDatabase(sqlite3, ':memory:');
const db = store.db;
report.engine = 'wasm';
const till = core.createTillCoreOn(store, {
  printer: core.noPrinterPort(),
  logger: { error: () => undefined },
  fetch: () => Promise.reject(new TypeError('offline')),
  pinKey: new Uint8Array(32).fill(9),
});
core.seedDemoShop(till.services);
async function call(name, input, token) {
  const result = await till.dispatcher.dispatch(name, input, { token, trustedLocal: true });
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.data;
}
const { token } = await call('session.login', { userId: 'user-giulia', pin: '1111' });
await call('shift.open', { floatCents: 0 }, token);
await call('sale.scan', { code: core.demoEan(1) }, token);
const ticket = await call('sale.scan', { code: core.demoEan(1) }, token);
await call('sale.addPayment', { method: 'cash', amountCents: 10_000 }, token);
const sale = await call('sale.complete', { printReceipt: true }, token);
// An audited action: its entry is hashed (SHA-256 from @noble) into the chain.
await call('drawer.open', { reason: 'Cambio monete' }, token);
report.sale = { saleId: sale.saleId, lines: ticket.lines.length, totalCents: ticket.totalCents };
report.saleRow = db.prepare('SELECT total_cents AS totalCents, document_number AS documentNumber FROM sales WHERE id = ?').get(sale.saleId) ?? null;
report.pinsSealed = db.prepare("SELECT count(*) AS n FROM users WHERE pin_hash LIKE 'sealed1$%'").get().n;
report.audit = core.verifyAuditChain(db, till.services.context.deviceId);
report.printer = till.services.printing.status();
report.uuid = core.uuidv7();
report.ms = Math.round(performance.now() - started);
await till.close();
write(`CORE-BROWSER ${JSON.stringify(report)}\n`);
