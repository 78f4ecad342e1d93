/**
 * @module
 * A till on a real SQLite database in a temp folder (a file in Node; in the browser, memory kept
 * as honestly as a file), with a settable clock and a scriptable printer port, for the core's
 * tests. The printer port is the boundary fake; the drivers' own tests drive real byte streams.
 */
import { getPrinterProfile } from '@cassa/drivers/portable';
import type { FiscalDevice } from '@cassa/drivers/portable';
import type { ApiResult, InputOf, OutputOf, TillContract, TillProcedure } from '@cassa/shared';
import type { Clock } from '../clock';
import { setPinHashCostForTests } from '../auth/pin-hash';
import { seedDemoShop } from '../demo/seed-demo';
import type { PrinterPort, PrinterState, PrintOutcome } from '../printing/print-service';
import type { TillCore, TillCoreOnOptions } from '../till-core';
// Node's temp folders and better-sqlite3, or (core-chromium's alias) the browser's names and sqlite-wasm.
import { createTestFolder, removeTestFolder, startTestTillCore } from './test-till-platform';

export { createTestFolder, removeTestFolder };

// New PINs at a cheap scrypt cost (each test till seeds three demo users); CASSA_FULL_HASH_COST=1
// keeps production's. Read through globalThis: this module also runs in the browser.
const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
setPinHashCostForTests(environment?.['CASSA_FULL_HASH_COST'] === '1' ? 'production' : 'cheap');

export class SettableClock implements Clock {
  constructor(private current = new Date('2026-11-26T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class ScriptedPrinter implements PrinterPort {
  readonly connection = 'test:printer';
  readonly profile = getPrinterProfile('generic-80mm');
  readonly printed: { jobId: string; bytes: Uint8Array }[] = [];
  /** Outcomes to return for the next print calls, in order; 'printed' once it runs out. */
  readonly outcomes: PrintOutcome[] = [];
  drawerKicks = 0;
  readonly preview = undefined;
  private current: PrinterState = 'ready';
  private readonly listeners = new Set<() => void>();

  /** A printed job's bytes as Latin-1 text, one character per byte: the words on the paper. */
  printedText(index = 0): string {
    const job = this.printed[index];
    if (!job) throw new Error(`nothing printed at ${index}`);
    return Array.from(job.bytes, (byte) => String.fromCharCode(byte)).join('');
  }
  state() {
    return { state: this.current, detail: this.current === 'ready' ? null : `printer ${this.current}` };
  }
  setState(state: PrinterState): void {
    this.current = state;
    for (const listener of this.listeners) listener();
  }
  async print(jobId: string, bytes: Uint8Array): Promise<PrintOutcome> {
    const outcome = this.outcomes.shift() ?? 'printed';
    if (outcome === 'printed') this.printed.push({ jobId, bytes });
    if (outcome !== 'printed') this.current = 'offline';
    return outcome;
  }
  async openDrawer(): Promise<void> {
    this.drawerKicks++;
  }
  onStateChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {}
}

export interface TestTill {
  readonly core: TillCore;
  readonly dir: string;
  readonly clock: SettableClock;
  readonly printer: ScriptedPrinter;
  /** Calls a procedure as a screen would; throws with the error code when it fails. */
  call<N extends TillProcedure>(name: N, input: InputOf<TillContract, N>, token?: string): Promise<OutputOf<TillContract, N>>;
  raw(name: string, input: unknown, token?: string): Promise<ApiResult<unknown>>;
  /** Logs in a demo user and returns the session token. */
  login(userId: string, pin: string): Promise<string>;
  reopen(): TestTill;
  dispose(): Promise<void>;
}

/** A fixed PIN sealing key: test tills seal their PIN hashes like a real one. */
export const testPinKey: Uint8Array = new Uint8Array(32).fill(7);

/** `timeZone: null` leaves the zone to the till's own rule (setting, else Rome), as a real start does. */
export function createTestTill(
  options: {
    demo?: boolean;
    dir?: string;
    clock?: SettableClock;
    pinKey?: Uint8Array | null;
    timeZone?: string | null;
    /** An Italian fiscal device (a fake in core tests); none by default, whatever CASSA_FISCAL says. */
    fiscalDevice?: FiscalDevice;
    /** Every request the till makes to head office (pairing, sync, chain calls): a test partitions it here. */
    fetch?: typeof fetch;
  } = {},
): TestTill {
  const dir = options.dir ?? createTestFolder();
  const clock = options.clock ?? new SettableClock();
  const printer = new ScriptedPrinter();
  const pinKey = options.pinKey === undefined ? testPinKey : options.pinKey;
  const timeZone = options.timeZone === undefined ? 'Europe/Rome' : options.timeZone;
  const coreOptions: TillCoreOnOptions = {
    printer,
    clock,
    ...(timeZone === null ? {} : { timeZone }),
    logger: { error: () => undefined },
    ...(pinKey ? { pinKey } : {}),
    // Blocked fiscal jobs wait for the test's retry(), not a timer.
    fiscal: { device: options.fiscalDevice ?? null, queue: { backoff: null } },
    ...(options.fetch ? { fetch: options.fetch, sync: { fetch: options.fetch } } : {}),
  };
  const core = startTestTillCore(dir, coreOptions);
  if (options.demo !== false) seedDemoShop(core.services);
  let closed = false;
  const raw = (name: string, input: unknown, token?: string) => core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
  const till: TestTill = {
    core,
    dir,
    clock,
    printer,
    raw,
    async call(name, input, token) {
      const result = await raw(name, input, token);
      if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
      return result.data as never;
    },
    async login(userId, pin) {
      const session = await till.call('session.login', { userId, pin });
      return session.token;
    },
    reopen() {
      return createTestTill({
        demo: false,
        dir,
        clock,
        pinKey,
        ...(options.fiscalDevice ? { fiscalDevice: options.fiscalDevice } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    },
    async dispose() {
      if (!closed) {
        closed = true;
        await core.close();
      }
      if (!options.dir) removeTestFolder(dir);
    },
  };
  return till;
}
