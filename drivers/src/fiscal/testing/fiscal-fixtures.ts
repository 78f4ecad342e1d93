/**
 * @module
 * Test fixtures every fiscal brand's tests share: sample lines, requests and an original document,
 * the golden-file check (`UPDATE_GOLDEN=1` rewrites), the FiscalDeviceError catchers, and a small
 * HTTP printer on 127.0.0.1 that records what it was sent. Test use only (the layer rule keeps
 * helpers in `testing/` folders); not exported from the package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FiscalLine, FiscalReference, FiscalRequest, FiscalTender } from '@cassa/shared';
import { afterEach, beforeEach, expect } from 'vitest';
import { ManualClock } from '../emulator/emulator-clock';
import type { RtEmulator, RtEmulatorOptions } from '../emulator/rt-emulator-server';
import { startRtEmulator } from '../emulator/rt-emulator-server';
import { FiscalDeviceError } from '../fiscal-device';

export function fiscalLine(description: string, quantityMilli: number, unitPriceCents: number, department = 1, discountCents = 0): FiscalLine {
  return { description, quantityMilli, unitPriceCents, department, discountCents };
}

type SaleRequest = Extract<FiscalRequest, { kind: 'sale' }>;

/** Two T-SHIRT M at 9.90 for 19.80 cash, unless `overrides` says otherwise. */
export function sampleSale(overrides: Partial<SaleRequest> = {}): FiscalRequest {
  return {
    kind: 'sale',
    lines: [fiscalLine('T-SHIRT M', 2000, 990)],
    tenders: [{ kind: 'cash', amountCents: 1980 }],
    roundingCents: 0,
    lotteryCode: null,
    customerTaxId: null,
    ...overrides,
  };
}

/** The original of the golden returns and voids: Z 12, document 34 of 1 December 2026. */
export function sampleOriginal(serial: string): FiscalReference {
  return { serial, zNumber: 12, documentNumber: 34, date: '2026-12-01' };
}

/** Every tender kind at once, electronic apart, for the multi-tender golden files. */
export function everyTender(cardDescription: string): FiscalTender[] {
  return [
    { kind: 'voucher', amountCents: 2000 },
    { kind: 'meal-ticket', amountCents: 800 },
    { kind: 'electronic', amountCents: 8000, description: cardDescription },
    { kind: 'not-collected', amountCents: 190 },
    { kind: 'cheque', amountCents: 1000 },
    { kind: 'cash', amountCents: 1000 },
  ];
}

/** A weighed line and a discounted one, rounded down 2 cents in cash: 17.25 (the discount golden). */
export function sampleDiscountSale(): FiscalRequest {
  return sampleSale({ lines: [fiscalLine('Formaggio al kg', 375, 2480, 2, 93), fiscalLine('T-SHIRT M', 1000, 990, 1, 100)], tenders: [{ kind: 'cash', amountCents: 1725 }], roundingCents: -2 });
}

/** `text` must equal `golden/<file>`; with UPDATE_GOLDEN=1 the file is written from it first. */
export function expectGolden(file: string, text: string): void {
  const path = fileURLToPath(new URL(`../golden/${file}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** The FiscalDeviceError a call ends in (a test fails if it succeeds or throws anything else). */
export async function deviceFailure(promise: Promise<unknown>): Promise<FiscalDeviceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FiscalDeviceError);
  return error as FiscalDeviceError;
}

/** The failure name a synchronous parser throws. */
export function parseFailure(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof FiscalDeviceError) return error.failure;
    throw error;
  }
  throw new Error('did not throw');
}

/** What a test printer saw: one entry per request, with the moments it started and finished. */
export interface SeenRequest {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly startedAt: number;
  finishedAt: number;
}

export type PrinterAnswer = (body: string, res: ServerResponse) => void | Promise<void>;

export interface HttpTestPrinter {
  readonly port: number;
  readonly seen: SeenRequest[];
  /** The most requests it ever had in hand at once (one per device is the rule). */
  maxInFlight(): number;
  /** Stops it now (a printer switched off: the next connection is refused). */
  close(): Promise<void>;
}

async function closeServer(server: Server): Promise<void> {
  const at = servers.indexOf(server);
  if (at !== -1) servers.splice(at, 1);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const servers: Server[] = [];

/** A small HTTP printer on 127.0.0.1 that answers each body through `answer`; close with `closeHttpTestPrinters`. */
export async function startHttpTestPrinter(answer: PrinterAnswer): Promise<HttpTestPrinter> {
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const entry: SeenRequest = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), startedAt: performance.now(), finishedAt: 0 };
      seen.push(entry);
      res.on('close', () => {
        inFlight--;
        entry.finishedAt = performance.now();
      });
      void Promise.resolve(answer(entry.body, res));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, maxInFlight: () => maxInFlight, close: () => closeServer(server) };
}

/** For afterEach: closes every printer started so far. */
export async function closeHttpTestPrinters(): Promise<void> {
  for (const server of [...servers]) await closeServer(server);
}

export interface EmulatorSession {
  /** The emulator of the running test (a fresh one per test). */
  readonly rt: RtEmulator;
  /** Its clock, starting at 2026-12-03 09:00:00 each test. */
  readonly clock: ManualClock;
}

/**
 * A fresh RT emulator on a free port for every test of the calling file, closed after it; call at
 * the top level of a test file.
 */
export function useRtEmulator(options: Omit<RtEmulatorOptions, 'clock' | 'port'> = {}): EmulatorSession {
  let rt: RtEmulator | undefined;
  let clock: ManualClock | undefined;
  beforeEach(async () => {
    clock = new ManualClock('2026-12-03T09:00:00');
    rt = await startRtEmulator({ ...options, port: 0, clock });
  });
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });
  return {
    get rt(): RtEmulator {
      if (!rt) throw new Error('no emulator outside a test');
      return rt;
    },
    get clock(): ManualClock {
      if (!clock) throw new Error('no emulator clock outside a test');
      return clock;
    },
  };
}
