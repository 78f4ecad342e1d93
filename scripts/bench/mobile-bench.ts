/**
 * The mobile till in Chromium (issue 20), 100,000 products in its OPFS database:
 * - getting the catalogue in: head office's bulk write, then the paired till's first pull through
 *   its worker and core (reported, not a target);
 * - cold start: the browser launched on its profile, the page opened, to the sale screen taking
 *   scans (target < 2 s), the person's typing of the PIN left out as in the `ui` group;
 * - scan (a keyboard-wedge burst) to the ticket line painted, p50/p99 (target p99 < 50 ms),
 *   timed by the page's own clock from the Enter to the frame after the line reached the DOM;
 * - sale commit (`sale.complete` through the worker, as the page's transport calls it) p50/p99;
 * - storage per 10,000 sales: the database file in OPFS and `navigator.storage.estimate()`,
 *   before and after `CASSA_BENCH_MOBILE_SALES` sales (default 2,000), scaled to 10,000.
 * The desktop peers are printed beside them where the same run can take them: none is run here
 * (the `ui` group's browser host on 1,000,000 products and the `sqlite-wasm` group's commit are).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { Product } from '@cassa/shared';
import { parsePairingUri } from '@cassa/shared';
import { createTestTill } from '@cassa/desktop/testing';
import { callTill, launchPersistentChromium, pairFirstRun, poolFileSizes, waitForTill } from '../../test-support/persistent-chromium';
import { ownerSession } from '../../test-support/head-office-session';
import { scannerBurst } from '../../test-support/scanner-burst';
import { seededRandom } from '../../test-support/seeded-random';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import { benchBarcodeCount, benchEan, benchProducts } from './bench-catalogue';
import type { BenchContext } from './bench-kit';
import { percentile, repoRoot } from './bench-kit';

const productCount = 100_000;
const sales = Number(process.env.CASSA_BENCH_MOBILE_SALES ?? 2_000);
const POOL_DIRECTORY = '/cassa-till';

interface LineProbe {
  lines: number;
  enterAt: number | null;
  paintedAt: number | null;
}

async function loadHeadOffice(ctx: BenchContext, server: Awaited<ReturnType<typeof startRestartableServer>>): Promise<string> {
  const owner = await ownerSession(server.url);
  const store = await owner.client.call('stores.save', { name: 'Bench mobile' });
  // Asked before the long write: the session's idle keep-alive connection would not survive it.
  const { qrText } = await owner.client.call('registers.issuePairingCode', { storeId: store.id });
  const started = performance.now();
  let batch: Product[] = [];
  for (const product of benchProducts(productCount)) {
    batch.push(product);
    if (batch.length === 5_000) {
      await server.server.admin.upsertProducts(owner.organisationId, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await server.server.admin.upsertProducts(owner.organisationId, batch);
  ctx.emit(`head office: ${productCount} products written (admin.upsertProducts)`, (performance.now() - started) / 1000, 's');
  const seedTill = createTestTill();
  await server.server.admin.upsertUsers(owner.organisationId, seedTill.core.services.users.exportAll());
  await seedTill.dispose();
  return qrText;
}

async function pairAndPull(ctx: BenchContext, page: Page, baseUrl: string, qrText: string): Promise<void> {
  await page.goto(`${baseUrl}/till/`);
  await waitForTill(page, 60_000);
  const qr = parsePairingUri(qrText);
  if (!qr.ok) throw new Error(`pairing QR: ${qr.problem}`);
  const started = performance.now();
  await pairFirstRun(page, qr.serverUrl, qr.code);
  // Users come down with the first pull, after pairing has answered.
  let giulia: { id: string } | undefined;
  while (!(giulia = (await callTill<{ id: string; name: string }[]>(page, 'session.users')).find((u) => u.name === 'Giulia'))) {
    if (performance.now() - started > 30 * 60_000) throw new Error('no users came down in 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const token = (await callTill<{ token: string }>(page, 'session.login', { userId: giulia.id, pin: '1111' })).token;
  const lastEan = benchEan(benchBarcodeCount(productCount));
  for (;;) {
    const found = await callTill<unknown[]>(page, 'catalogue.search', { query: lastEan, limit: 1 }, token);
    if (found.length > 0) break;
    if (performance.now() - started > 30 * 60_000) throw new Error('the first pull did not finish in 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  ctx.emit(`mobile till: first pull of ${productCount} products through the worker (pairing included)`, (performance.now() - started) / 1000, 's');
  // Yesterday's shift is still open, as on most mornings: a start goes from the PIN straight to selling.
  await callTill(page, 'shift.open', { floatCents: 0 }, token);
}

/** What the page's own clock saw of a start (ms since the navigation began, the page's time origin). */
interface StartProbe {
  loginShownAt: number | null;
  pinSubmittedAt: number | null;
  saleReadyAt: number | null;
}

/**
 * Installed before the page's scripts: notes, on the page's clock, when the login screen shows a
 * cashier, when the PIN is submitted and when the sale screen's scan field is there. The page's
 * clock starts with the navigation, so the figures leave out only what a phone does not have:
 * the bench's DevTools connection opening a tab.
 */
const startProbeScript = function () {
  const probe: StartProbe = { loginShownAt: null, pinSubmittedAt: null, saleReadyAt: null };
  (window as unknown as { __start: StartProbe }).__start = probe;
  // No named function inside: tsx's keep-names helper (__name) does not exist in the page.
  new MutationObserver(() => {
    if (probe.loginShownAt === null && [...document.querySelectorAll('button')].some((b) => b.textContent?.includes('Giulia'))) probe.loginShownAt = performance.now();
    if (probe.saleReadyAt === null && probe.pinSubmittedAt !== null && document.querySelector('[role="combobox"]')) probe.saleReadyAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
  window.addEventListener('submit', () => (probe.pinSubmittedAt ??= performance.now()), true);
  window.addEventListener('click', (e) => {
    if (probe.loginShownAt !== null && (e.target as HTMLElement | null)?.closest?.('button')?.textContent?.match(/^(Accedi|Log in)$/)) probe.pinSubmittedAt ??= performance.now();
  }, true);
};

/**
 * One start of the installed app on a browser whose process is not running: Chromium launched
 * on the profile, the till opened, its login screen, the PIN typed at once, the sale screen taking
 * scans. `label` names the start in the figures. CASSA_BENCH_MOBILE_TRACE=<file> writes a Chrome
 * trace of the last start (threads, V8 compile and CPU samples) for a profile.
 */
async function coldStart(ctx: BenchContext, profile: string, baseUrl: string, label: string) {
  const launched = performance.now();
  const chromium = await launchPersistentChromium(profile);
  const browserUp = performance.now();
  const page = await chromium.context.newPage();
  const trace = process.env.CASSA_BENCH_MOBILE_TRACE;
  if (trace) await chromium.browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'disabled-by-default-v8.compile', 'disabled-by-default-v8.cpu_profiler', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed'] });
  await page.setViewportSize({ width: 360, height: 740 });
  // Before the app's own scripts, so this listener hears each Enter first (the keyboard wedge's
  // capture listener stops the event once it has read a scan).
  await page.addInitScript(() => {
    const probe: LineProbe = { lines: 0, enterAt: null, paintedAt: null };
    (window as unknown as { __probe: LineProbe }).__probe = probe;
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') probe.enterAt = performance.now();
    }, true);
  });
  await page.addInitScript(startProbeScript);
  await page.goto(`${baseUrl}/till/`);
  await waitForTill(page, 60_000);
  await page.getByRole('button', { name: 'Giulia' }).click({ timeout: 60_000 });
  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
  const scanField = page.getByRole('combobox', { name: /Scansiona o cerca|Scan or search/ });
  const openShift = page.getByRole('button', { name: /Apri turno|Open shift/ });
  await scanField.or(openShift).first().waitFor({ timeout: 60_000 });
  if (await openShift.isVisible()) throw new Error('The bench till has no open shift: the start would include opening one');
  const probe = await page.evaluate(() => (window as unknown as { __start: StartProbe }).__start);
  if (probe.loginShownAt === null || probe.pinSubmittedAt === null || probe.saleReadyAt === null) throw new Error(`The start probe missed a step: ${JSON.stringify(probe)}`);
  if (trace) await chromium.browser.stopTracing();
  const toLogin = probe.loginShownAt;
  const toSale = probe.saleReadyAt - probe.pinSubmittedAt;
  ctx.emit(`mobile ${label}: Chromium's own process start (not the app's; a phone's browser is often running)`, browserUp - launched, 'ms');
  ctx.emit(`mobile ${label}: app opened to login screen (${productCount} products)`, toLogin, 'ms');
  ctx.emit(`mobile ${label}: PIN submitted to sale screen taking scans`, toSale, 'ms');
  ctx.emit(`mobile ${label}: app opened to sale screen taking scans, excluding the person typing (target < 2000)`, toLogin + toSale, 'ms');
  ctx.emit(`mobile ${label}: the same with Chromium's process start`, browserUp - launched + toLogin + toSale, 'ms');
  return { chromium, page };
}

async function scanToPaint(ctx: BenchContext, page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = (window as unknown as { __probe: LineProbe }).__probe;
    probe.lines = document.querySelectorAll('tr.line').length;
    new MutationObserver(() => {
      const count = document.querySelectorAll('tr.line').length;
      if (count > probe.lines && probe.paintedAt === null && probe.enterAt !== null) requestAnimationFrame(() => (probe.paintedAt = performance.now()));
      probe.lines = count;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const random = seededRandom(20);
  const barcodes = benchBarcodeCount(productCount);
  const samples: number[] = [];
  for (let i = 0; i < 110; i++) {
    await page.evaluate(() => {
      const probe = (window as unknown as { __probe: LineProbe }).__probe;
      probe.enterAt = null;
      probe.paintedAt = null;
    });
    await scannerBurst(page, benchEan(1 + Math.floor(random() * barcodes)));
    await page.waitForFunction(() => {
      const probe = (window as unknown as { __probe: LineProbe }).__probe;
      return probe.paintedAt !== null && probe.enterAt !== null;
    }, undefined, { timeout: 10_000 });
    const probe = await page.evaluate(() => (window as unknown as { __probe: LineProbe }).__probe);
    if (i >= 10) samples.push(probe.paintedAt! - probe.enterAt!);
  }
  ctx.emit(`mobile scan (keyboard-wedge burst) to ticket line painted p50, ${productCount} products, 360 px`, percentile(samples, 50), 'ms');
  ctx.emit(`mobile scan (keyboard-wedge burst) to ticket line painted p99, ${productCount} products, 360 px (target < 50)`, percentile(samples, 99), 'ms');
}

/** `sales` sales through the worker; the commit of each timed by the page's clock. */
async function commitSales(ctx: BenchContext, page: Page, token: string): Promise<void> {
  const barcodes = benchBarcodeCount(productCount);
  // No named function inside: tsx's keep-names helper (__name) does not exist in the page.
  const timings = await page.evaluate(
    async ({ count, eans, tok }) => {
      const call = (window as unknown as { __cassaCall(m: string, i: unknown, t: string): Promise<{ ok: boolean; data: { remainingCents: number }; error?: { message: string } }> }).__cassaCall;
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const steps: [string, unknown][] = [['sale.scan', { code: eans[i % eans.length] }], ['sale.scan', { code: eans[(i * 7 + 3) % eans.length] }]];
        let remaining = 0;
        for (const [method, input] of steps) {
          const result = await call(method, input, tok);
          if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
          remaining = result.data.remainingCents;
        }
        const paid = await call('sale.addPayment', { method: 'card', amountCents: remaining }, tok);
        if (!paid.ok) throw new Error(`sale.addPayment: ${paid.error?.message}`);
        const before = performance.now();
        const done = await call('sale.complete', { printReceipt: false }, tok);
        out.push(performance.now() - before);
        if (!done.ok) throw new Error(`sale.complete: ${done.error?.message}`);
      }
      return out;
    },
    { count: sales, eans: Array.from({ length: 500 }, (_, i) => benchEan(1 + ((i * 7919) % barcodes))), tok: token },
  );
  ctx.emit(`mobile sale commit (sale.complete through the worker) p50, ${sales} sales`, percentile(timings, 50), 'ms');
  ctx.emit(`mobile sale commit (sale.complete through the worker) p99, ${sales} sales`, percentile(timings, 99), 'ms');
}

async function storageFigures(page: Page, baseUrl: string): Promise<{ file: number; estimate: number }> {
  await page.goto(`${baseUrl}/api/health`).catch(() => undefined);
  const sizes = await poolFileSizes(page, POOL_DIRECTORY);
  const estimate = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  return { file: sizes['/till.db'] ?? 0, estimate };
}

export default async function mobileBench(ctx: BenchContext): Promise<void> {
  ctx.progress('building the mobile till if stale');
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-if-stale.mjs'), 'mobile'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  const work = mkdtempSync(join(tmpdir(), 'cassa-mobile-bench-'));
  const profile = join(work, 'profile');
  const server = await startRestartableServer({ engine: 'sqlite', serverOptions: { headOffice: { webRoot: false, mobileTillRoot: join(repoRoot, 'desktop', 'dist-mobile') } } });
  try {
    ctx.progress(`head office: writing ${productCount} products`);
    const qrText = await loadHeadOffice(ctx, server);
    ctx.progress('pairing the mobile till and pulling the catalogue');
    const first = await launchPersistentChromium(profile);
    let before: { file: number; estimate: number };
    try {
      const firstPage = await first.context.newPage();
      await pairAndPull(ctx, firstPage, server.url, qrText);
      before = await storageFigures(firstPage, server.url);
      ctx.emit(`mobile OPFS database file with ${productCount} products`, before.file / 1e6, 'MB');
    } finally {
      await first.close();
    }

    // The first start after pairing compiles every script; Chrome keeps the compiled code (V8's
    // code cache) for the starts after it, as on a phone that opens the till every morning.
    ctx.progress('cold start (first after pairing)');
    await (await coldStart(ctx, profile, server.url, 'first start after pairing')).chromium.close();
    ctx.progress('cold start (a later day)');
    const { chromium, page } = await coldStart(ctx, profile, server.url, 'later start (code cache kept)');
    try {
      ctx.progress('scanning');
      await scanToPaint(ctx, page);
      const users = await callTill<{ id: string; name: string }[]>(page, 'session.users');
      const token = (await callTill<{ token: string }>(page, 'session.login', { userId: users.find((u) => u.name === 'Giulia')!.id, pin: '1111' })).token;
      // The scanned ticket is sold too (untimed), so the timed sales start from an empty ticket.
      const open = await callTill<{ remainingCents: number } | null>(page, 'sale.current', {}, token);
      if (open && open.remainingCents > 0) {
        await callTill(page, 'sale.addPayment', { method: 'card', amountCents: open.remainingCents }, token);
        await callTill(page, 'sale.complete', { printReceipt: false }, token);
      }
      ctx.progress(`${sales} sales`);
      await commitSales(ctx, page, token);
      const after = await storageFigures(page, server.url);
      const scale = 10_000 / sales;
      ctx.emit(`mobile OPFS database growth per 10,000 sales (2 lines each; measured over ${sales})`, ((after.file - before.file) * scale) / 1e6, 'MB');
      ctx.emit(`mobile origin storage (navigator.storage.estimate) growth per 10,000 sales (measured over ${sales})`, ((after.estimate - before.estimate) * scale) / 1e6, 'MB');
    } finally {
      await chromium.close();
    }
  } finally {
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
