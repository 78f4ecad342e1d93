/**
 * Kill test of issue 16 item 9: a real till process (its own SQLite file, a real fiscal adapter
 * reaching the RT emulator: Epson, Custom and RCH over HTTP, RCH also over its native TCP frames) is SIGKILLed at exact points of a document request, many
 * times, on the same database: when the request arrives (the device never sees it), once the
 * device has printed but before the till hears back, right after the reply left, right after a
 * sale and its intent were committed, and at random moments. The till also makes returns and
 * post-voids of its last sale. The emulator loses replies on its own now and then (a dropped
 * connection, "no answer" after printing, a reply only after the client's timeout). Each restart recovers
 * (the queue asks the device's last document before sending anything). At the end every sale the
 * till holds has exactly one document in the emulator's journal and one issued job, none twice,
 * none missing, amounts equal, in the order the sales were made.
 *
 * Seeded (CASSA_FISCAL_KILL_SEED); CASSA_FISCAL_KILL_ROUNDS scales the rounds per brand;
 * CASSA_FISCAL_PROOF_BRANDS=epson,custom,rch (the default: all) narrows the brands.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '@cassa/drivers';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import type { FaultName, RtEmulator } from '@cassa/drivers/testing';
import { bundleNodeScript } from '../../test-support/bundle-node-script';
import { KillProxy } from './fiscal/kill-proxy';
import type { KillPoint, KillSwitch } from './fiscal/kill-proxy';
import { KillTcpProxy } from './fiscal/kill-tcp-proxy';

const seed = Number(process.env.CASSA_FISCAL_KILL_SEED ?? 20261204);
const scale = Number(process.env.CASSA_FISCAL_KILL_ROUNDS ?? 1);
const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'cassa-fiscal-kill-'));
let childBundle: { path: string; remove(): void } | null = null;

beforeAll(async () => {
  // Bundled once so each restart costs a Node start, not a TypeScript compile.
  childBundle = await bundleNodeScript(join(here, 'fiscal', 'fiscal-kill-child.ts'), 'fiscal-kill-child');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  childBundle?.remove();
});

const killPoints: readonly KillPoint[] = ['request-arrived', 'device-printed', 'reply-sent'];

type Plan =
  | { readonly point: KillPoint; readonly nth: number; readonly fault: FaultName | 'none' }
  | { readonly point: 'sale-committed'; readonly nth: number; readonly fault: FaultName | 'none' }
  | { readonly point: 'timer'; readonly delayMs: number; readonly fault: FaultName | 'none' };

const planArbitrary: fc.Arbitrary<Plan> = fc.oneof(
  fc.record({
    point: fc.constantFrom<KillPoint>('request-arrived', 'device-printed', 'reply-sent'),
    nth: fc.integer({ min: 1, max: 3 }),
    fault: fc.constantFrom<FaultName | 'none'>('none', 'none', 'none', 'none', 'drop-after-print', 'no-answer-after-print', 'reply-after-timeout'),
  }),
  fc.record({ point: fc.constant('sale-committed' as const), nth: fc.integer({ min: 1, max: 3 }), fault: fc.constant('none' as const) }),
  fc.record({ point: fc.constant('timer' as const), delayMs: fc.integer({ min: 0, max: 120 }), fault: fc.constant('none' as const) }),
);

interface RunResult {
  readonly done: string[];
  readonly finished: number | null;
  /** Why the oldest job still waits (finish mode), as the child saw it. */
  readonly why: string;
  readonly killed: boolean;
}

/**
 * A kill the plan did not place (an emulator fault used the request up): the run still ends this
 * long after its start or its last document request up to the planned one. Counted from that
 * progress, not from the start only: on a loaded machine a fixed 1.5 s from "ready" fired before
 * the child reached its nth request, so no kill landed at that point and the hazard check failed.
 */
const watchdogMs = 1500;

function runChild(dataDir: string, connection: string, childSeed: number, plan: Plan | 'finish', proxy: KillSwitch): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = [childBundle!.path, dataDir, connection, String(childSeed), ...(plan === 'finish' ? ['finish'] : [])];
    const child = spawn(process.execPath, args, { cwd: join(here, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    let output = '';
    let errors = '';
    const timers: NodeJS.Timeout[] = [];
    let watchdog: NodeJS.Timeout | null = null;
    // Only requests up to the planned one are progress towards it: past it, the kill cannot land.
    const restartWatchdog = (nth: number): void => {
      if (watchdog === null || plan === 'finish' || plan.point === 'timer' || nth > plan.nth) return;
      clearTimeout(watchdog);
      watchdog = setTimeout(kill, watchdogMs);
    };
    let doneLines = 0;
    if (plan !== 'finish' && plan.point !== 'timer' && plan.point !== 'sale-committed') proxy.arm({ point: plan.point, nth: plan.nth, kill }, restartWatchdog);
    else proxy.arm(null, restartWatchdog);
    child.stdout.on('data', (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      if (plan === 'finish') return;
      if (!before.includes('ready\n') && output.includes('ready\n')) {
        if (plan.point === 'timer') timers.push(setTimeout(kill, plan.delayMs));
        else watchdog = setTimeout(kill, watchdogMs);
      }
      if (plan.point === 'sale-committed') {
        doneLines = output.split('\n').filter((line) => line.startsWith('done ')).length;
        if (doneLines >= plan.nth) kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      if (watchdog !== null) clearTimeout(watchdog);
      watchdog = null;
      proxy.arm(null);
      const lines = output.split('\n');
      const finishedLine = lines.find((line) => line.startsWith('finished '));
      if (plan === 'finish' ? code !== 0 : signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code} ${signal}): ${errors}`));
      resolve({
        // Only whole lines count: a line cut by the kill was not reported.
        done: lines.slice(0, -1).filter((line) => line.startsWith('done ')).map((line) => line.split(' ')[1]!),
        finished: finishedLine ? Number(finishedLine.split(' ')[1]) : null,
        why: finishedLine?.split(' ').slice(2).join(' ') ?? '',
        killed: signal === 'SIGKILL',
      });
    });
  });
}

interface JournalDocument {
  readonly kind: string;
  readonly z: number;
  readonly number: number;
  readonly amountCents: number;
}

interface JobRow {
  readonly sale_id: string;
  readonly kind: string;
  readonly state: string;
  readonly total_cents: number;
  readonly source: string | null;
  readonly serial: string | null;
  readonly z_number: number | null;
  readonly document_number: number | null;
  readonly amount_cents: number | null;
}

/** Every sale, return and post-void: one issued job, one journal document of its kind and amount; no document without one. */
function checkExactlyOnce(dbPath: string, journal: readonly JournalDocument[], reported: ReadonlySet<string>, serial: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const sales = db.prepare('SELECT id, kind, total_cents FROM sales ORDER BY rowid').all() as { id: string; kind: string; total_cents: number }[];
    const jobs = db.prepare('SELECT * FROM fiscal_jobs ORDER BY seq').all() as JobRow[];
    const saleIds = new Set(sales.map((s) => s.id));
    for (const id of reported) expect(saleIds.has(id), `reported sale ${id} is missing`).toBe(true);
    // One job per sale, in the sales' order, each issued with the sale's amount (no cash rounding here).
    expect(jobs.map((j) => j.sale_id)).toEqual(sales.map((s) => s.id));
    for (const [i, job] of jobs.entries()) {
      const sale = sales[i]!;
      expect(job.state, `job of ${sale.kind} ${job.sale_id}`).toBe('issued');
      expect(job.kind).toBe(sale.kind === 'sale' ? 'sale' : sale.kind === 'return' ? 'return' : 'void');
      expect(job.total_cents).toBe(Math.abs(sale.total_cents));
      expect(job.amount_cents).toBe(job.total_cents);
      expect(job.serial).toBe(serial);
    }
    // The device's journal: exactly these documents, one each, same order, kinds and amounts.
    expect(journal.map((d) => `${d.kind} ${d.z}-${d.number}:${d.amountCents}`)).toEqual(
      jobs.map((j) => `${j.kind} ${j.z_number}-${j.document_number}:${j.total_cents}`),
    );
    return {
      sales: sales.length,
      recovered: jobs.filter((j) => j.source === 'recovered').length,
      returns: jobs.filter((j) => j.kind === 'return').length,
      voids: jobs.filter((j) => j.kind === 'void').length,
    };
  } finally {
    db.close();
  }
}

/** The adapter's timeout; it waits 2000 ms of grace beyond it before the outcome is unknown. */
const timeoutMs = 300;
const lateReplyMs = timeoutMs + 2000 + 200;
/**
 * One row per adapter and transport, each device with a serial of its maker (an RCH adapter reads
 * only `72…` serials: rch-driver-js `Utils.toRtFormat`; drivers/src/fiscal/contract/testing/contract-brands.ts).
 */
interface BrandRow {
  readonly brand: string;
  readonly rounds: number;
  /** Added to the seed: each row draws its own plans (the RCH service.cgi row keeps the draws it had as `rch`). */
  readonly seedOffset: number;
  readonly serial: string;
  /** The proxy the till goes through: HTTP, or RCH's native frames over TCP to the emulator's native port. */
  readonly proxy: (rt: RtEmulator) => KillSwitch;
  /** The connection string to the proxy's `port`. */
  readonly connection: (port: number) => string;
  /**
   * The printer sold once before the till was connected to it. RCH only: its adapter cannot say
   * "none issued" (rch-fiscal-device.ts), so on a printer that never issued a document a first
   * request lost before the printer saw it stays blocked and uncertain for a manager, never resent
   * blind (desktop/src/core/fiscal/fiscal-queue.test.ts pins that path; the Z property test starts
   * from a new printer). Here the hazard is every later request.
   */
  readonly printedBefore: boolean;
}
const httpProxy = (rt: RtEmulator): KillSwitch => new KillProxy(rt.url);
const allBrands: readonly BrandRow[] = [
  { brand: 'epson', rounds: 24, seedOffset: 5, serial: '99MEY012345', printedBefore: false, proxy: httpProxy, connection: (port) => `epson-rt://127.0.0.1:${port}?timeoutMs=${timeoutMs}` },
  { brand: 'custom', rounds: 24, seedOffset: 6, serial: 'STMTE770207', printedBefore: false, proxy: httpProxy, connection: (port) => `custom-rt://cassa:segreta@127.0.0.1:${port}?timeoutMs=${timeoutMs}` },
  { brand: 'rch http', rounds: 16, seedOffset: 3, serial: '72MU1234567', printedBefore: true, proxy: httpProxy, connection: (port) => `rch-rt+http://127.0.0.1:${port}?timeoutMs=${timeoutMs}` },
  {
    brand: 'rch native tcp',
    rounds: 24,
    seedOffset: 10,
    serial: '72MU1234567',
    printedBefore: true,
    proxy: (rt) => new KillTcpProxy(rt.rchNativePort ?? 0),
    connection: (port) => `rch-rt://127.0.0.1:${port}?timeoutMs=${timeoutMs}`,
  },
];
/** All brands by default; CASSA_FISCAL_PROOF_BRANDS=epson,custom narrows them (`rch` is both RCH transports). */
const chosen = (process.env.CASSA_FISCAL_PROOF_BRANDS ?? 'epson,custom,rch').split(',').map((b) => b.trim());
const brands = allBrands.filter((b) => chosen.includes(b.brand) || chosen.includes(b.brand.split(' ')[0]!));

describe.each(brands)('a till killed around its $brand document requests', ({ brand, rounds, seedOffset, serial, printedBefore, proxy: proxyFor, connection }) => {
  it('ends with exactly one document per sale', { timeout: 120_000 }, async () => {
    const count = Math.max(1, Math.round(rounds * scale));
    const brandSeed = seed + seedOffset;
    const drawn = fc.sample(planArbitrary, { numRuns: count, seed: brandSeed });
    // Then each point once without a fault: a fault drawn with a point's plan may use its request
    // up (a dropped or late reply) or not, by timing, so on a loaded machine a brand's draws alone
    // sometimes placed no kill at a point and the hazard check below failed.
    const plans: Plan[] = [...drawn, ...killPoints.map((point) => ({ point, nth: 1, fault: 'none' as const }))];
    const rt: RtEmulator = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00'), serial, customUser: 'cassa', customPassword: 'segreta', rchNativePort: 0 });
    const proxy = proxyFor(rt);
    const port = await proxy.start();
    const dataDir = join(work, brand.replaceAll(' ', '-'));
    const reported = new Set<string>();
    try {
      if (printedBefore) {
        const line = { description: 'VENDITA PRECEDENTE', quantityMilli: 1000, unitPriceCents: 100, department: 1, discountCents: 0 };
        const earlier = { kind: 'sale' as const, lines: [line], tenders: [{ kind: 'cash' as const, amountCents: 100 }], roundingCents: 0, lotteryCode: null, customerTaxId: null };
        await createFiscalDevice(connection(port)).issue(earlier);
      }
      for (const [round, plan] of plans.entries()) {
        // A drawn fault no request used stays armed on the emulator: not into the faultless runs.
        if (round === drawn.length) await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault: 'none' }) });
        if (plan.fault !== 'none') {
          // A late reply comes after the client's timeout and grace (timeoutMs + 2000 ms): the adapter has given up.
          const response = await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault: plan.fault, delayMs: lateReplyMs }) });
          expect(response.ok).toBe(true);
        }
        const run = await runChild(dataDir, connection(port), brandSeed * 1000 + round, plan, proxy);
        for (const id of run.done) reported.add(id);
      }
      await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault: 'none' }) });
      const last = await runChild(dataDir, connection(port), 0, 'finish', proxy);
      expect(last.finished, last.why).toBe(0);

      const state = (await (await fetch(`${rt.url}/__mock/state`)).json()) as { journal: JournalDocument[] };
      const { sales, recovered, returns, voids } = checkExactlyOnce(join(dataDir, 'till.db'), state.journal.slice(printedBefore ? 1 : 0), reported, serial);
      // The runs met the hazards they are about: many sales, documents adopted after a lost reply,
      // and kills at each point of a request.
      expect(sales).toBeGreaterThanOrEqual(count);
      expect(recovered).toBeGreaterThan(0);
      expect(returns).toBeGreaterThan(0);
      expect(voids).toBeGreaterThan(0);
      for (const point of killPoints) expect(proxy.landed[point], `kills at ${point}`).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await rt.close();
    }
  });
});
