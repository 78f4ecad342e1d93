/**
 * @module
 * One fresh emulator and one real adapter per test, talking HTTP on 127.0.0.1, plus the emulator's
 * journal read through its control API (/__mock/state) as an outsider would. Nothing here knows
 * a wire format: the adapter speaks its brand, the emulator answers it, the test compares.
 */
import type { FiscalFailure, FiscalLine, FiscalReference, FiscalRequest, FiscalStatus, FiscalTender } from '@cassa/shared';
import { ManualClock, startRtEmulator } from '../../../testing';
import type { FaultName, RtEmulator } from '../../../testing';
import { createFiscalDevice } from '../../create-fiscal-device-node';
import { FiscalDeviceError } from '../../fiscal-device';
import type { FiscalDevice } from '../../fiscal-device';
import type { ContractBrand } from './contract-brands';

/** A document as the emulator's journal holds it (the fields the contract compares). */
export interface JournalEntry {
  readonly kind: 'sale' | 'return' | 'void';
  readonly z: number;
  readonly number: number;
  readonly date: string;
  readonly time: string;
  readonly amountCents: number;
  readonly changeCents: number;
  readonly lines: readonly { readonly type: 'item' | 'adjustment'; readonly description: string; readonly department: number; readonly amountCents: number }[];
  readonly tenders: readonly { readonly kind: string; readonly amountCents: number }[];
  readonly reference?: { readonly serial: string; readonly z: number; readonly number: number; readonly date: string };
  readonly lotteryCode?: string;
  readonly customerTaxId?: string;
}

export interface EmulatorState {
  readonly serial: string;
  readonly z: number;
  readonly documentsToday: number;
  readonly dailyAmountCents: number;
  readonly journal: readonly JournalEntry[];
  readonly closures: readonly { readonly z: number; readonly dailyAmountCents: number; readonly documents: number }[];
}

export interface ContractRig {
  readonly rt: RtEmulator;
  readonly device: FiscalDevice;
  readonly clock: ManualClock;
  readonly serial: string;
  readonly brand: ContractBrand;
  state(): Promise<EmulatorState>;
  /** Injects a fault through the control API, as a test outside the process would. */
  fault(fault: FaultName | 'none', extra?: { count?: number; delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The client's timeout (the adapter waits this long, no grace). Default 2000 ms. */
  readonly timeoutMs?: number;
  /** How long the emulator keeps printing a document (default 0). */
  readonly printMs?: number;
}

/** The device's wall time (UTC fields) as a local Date, for the adapter's own clock. */
function localDateOf(clock: ManualClock): Date {
  const wall = new Date(clock.now());
  return new Date(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
}

export async function startRig(brand: ContractBrand, options: RigOptions = {}): Promise<ContractRig> {
  const clock = new ManualClock('2026-12-03T09:00:00');
  const rt = await startRtEmulator({ port: 0, clock, serial: brand.serial, printMs: options.printMs ?? 0, ...brand.emulator });
  const timeoutMs = options.timeoutMs ?? 2000;
  // RCH's adapter waits each command's own bound from rch-driver-js (up to minutes for `=x`, `=k`);
  // the emulator answers at once, so the rig bounds every command by the client's timeout.
  const device = createFiscalDevice(brand.connection(rt, timeoutMs), { replyGraceMs: 0, commandTimeoutMs: () => timeoutMs, now: () => localDateOf(clock) });
  return {
    rt,
    device,
    clock,
    serial: brand.serial,
    brand,
    state: async () => (await (await fetch(`${rt.url}/__mock/state`)).json()) as EmulatorState,
    fault: async (fault, extra = {}) => {
      const response = await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault, ...extra }), headers: { 'content-type': 'application/json' } });
      if (!response.ok) throw new Error(`fault ${fault}: HTTP ${response.status} ${await response.text()}`);
    },
    close: () => rt.close(),
  };
}

export function line(description: string, quantityMilli: number, unitPriceCents: number, department: number, discountCents = 0): FiscalLine {
  return { description, quantityMilli, unitPriceCents, department, discountCents };
}

export function sale(lines: FiscalLine[], tenders: FiscalTender[], extra: Partial<Pick<Extract<FiscalRequest, { kind: 'sale' }>, 'roundingCents' | 'lotteryCode' | 'customerTaxId'>> = {}): FiscalRequest {
  return { kind: 'sale', lines, tenders, roundingCents: extra.roundingCents ?? 0, lotteryCode: extra.lotteryCode ?? null, customerTaxId: extra.customerTaxId ?? null };
}

/** A one-line cash sale of `cents` (department 1). */
export function cashSale(cents: number, description = 'ARTICOLO'): FiscalRequest {
  return sale([line(description, 1000, cents, 1)], [{ kind: 'cash', amountCents: cents }]);
}

export function referenceOf(document: { serial: string; zNumber: number; documentNumber: number; date: string }): FiscalReference {
  return { serial: document.serial, zNumber: document.zNumber, documentNumber: document.documentNumber, date: document.date };
}

/** `HH:MM:SS` as the brand's document shows it (RCH's journal text has no seconds). */
export function timeAsShown(brand: ContractBrand, hhmmss: string): string {
  return brand.wire.seconds ? hhmmss : hhmmss.slice(0, 5);
}

/**
 * Expects `status` to show each field of `expected` the brand can read; fields its protocol gives no
 * reading of (`wire.unreadableStatus`) are left out, never loosened.
 */
export function readableStatus<T extends Partial<Record<keyof FiscalStatus, unknown>>>(brand: ContractBrand, expected: T): Partial<T> {
  return Object.fromEntries(Object.entries(expected).filter(([key]) => !(brand.wire.unreadableStatus as readonly string[]).includes(key))) as Partial<T>;
}

/** The failure a device call ends in, or `none` when it succeeds. */
export async function failureOf(promise: Promise<unknown>): Promise<FiscalFailure | 'none'> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (!(error instanceof FiscalDeviceError)) throw error;
    return error.failure;
  }
}
