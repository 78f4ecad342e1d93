/**
 * @module
 * Faults a test injects into the emulated device (fiscal-rt.md §5.4–5.5, §5.7). Conditions (paper
 * end, cover open, journal full…) refuse the operations they would stop on a real RT, with each
 * brand's code from `brandCodes`; they last `count` refused requests, or until cleared. The
 * after-print faults let the document be committed and then spoil the reply once: late, dropped, or
 * "no answer", which is the hazard the till's recovery (query 1387, adopt) exists for.
 */
import type { RefusalReason } from './emulator-refusal';

export const conditionFaults = [
  'paper-end',
  'cover-open',
  'journal-near-full',
  'journal-full',
  'fiscal-memory-full',
  'clock-behind',
  'not-in-service',
  'busy',
  'closure-needed',
  'second-z',
  'certificate-expired',
] as const;
export type ConditionFault = (typeof conditionFaults)[number];

export const afterPrintFaults = ['reply-after-timeout', 'drop-after-print', 'no-answer-after-print'] as const;
export type AfterPrintFault = (typeof afterPrintFaults)[number];

export type FaultName = ConditionFault | AfterPrintFault;
export const faultNames: readonly FaultName[] = [...conditionFaults, ...afterPrintFaults];

/** What a request asks of the device; faults refuse by operation. */
export type Operation = 'document' | 'x-report' | 'z-report' | 'query';

/**
 * Which conditions refuse which operation, in the order they are checked. Journal near full only
 * shows in the status (it warns, it does not stop). ASSUMPTION [U]: fiscal memory full, certificate
 * expired and not in service stop documents and closures alike; the reference names the codes only.
 */
const refusals: Readonly<Record<Operation, readonly Exclude<ConditionFault, 'journal-near-full'>[]>> = {
  document: ['busy', 'not-in-service', 'paper-end', 'cover-open', 'journal-full', 'fiscal-memory-full', 'certificate-expired', 'clock-behind', 'closure-needed'],
  'x-report': ['busy', 'paper-end', 'cover-open'],
  'z-report': ['busy', 'not-in-service', 'paper-end', 'cover-open', 'journal-full', 'fiscal-memory-full', 'certificate-expired', 'clock-behind', 'second-z'],
  query: ['busy'],
};

interface ActiveFault {
  /** Requests left to spoil; null = until cleared. */
  remaining: number | null;
  readonly delayMs: number;
}

export interface FaultRequest {
  readonly fault: FaultName | 'none';
  readonly count?: number;
  /** For reply-after-timeout: how long to hold the reply (default 5000 ms). */
  readonly delayMs?: number;
}

export class FaultBoard {
  private readonly active = new Map<FaultName, ActiveFault>();

  /** Sets a fault; `none` clears them all. After-print faults default to one request, conditions to "until cleared". */
  set(request: FaultRequest): void {
    if (request.fault === 'none') {
      this.active.clear();
      return;
    }
    const afterPrint = (afterPrintFaults as readonly string[]).includes(request.fault);
    const count = request.count ?? (afterPrint ? 1 : null);
    if (count !== null && (!Number.isInteger(count) || count < 1)) throw new Error('count must be a positive integer');
    const delayMs = request.delayMs ?? 5000;
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) throw new Error('delayMs must be 0…600000');
    this.active.set(request.fault, { remaining: count, delayMs });
  }

  clear(): void {
    this.active.clear();
  }

  has(fault: FaultName): boolean {
    return this.active.has(fault);
  }

  /** The condition that refuses this operation now, if any, spending one of its count. */
  refusalFor(operation: Operation): RefusalReason | undefined {
    for (const fault of refusals[operation]) {
      if (!this.active.has(fault)) continue;
      this.spend(fault);
      return fault;
    }
    return undefined;
  }

  /** The after-print fault to apply to a committed document's reply, if any, spending it. */
  takeAfterPrint(): { fault: AfterPrintFault; delayMs: number } | undefined {
    for (const fault of afterPrintFaults) {
      const entry = this.active.get(fault);
      if (!entry) continue;
      this.spend(fault);
      return { fault, delayMs: entry.delayMs };
    }
    return undefined;
  }

  private spend(fault: FaultName): void {
    const entry = this.active.get(fault);
    if (!entry || entry.remaining === null) return;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.active.delete(fault);
  }

  snapshot(): Record<string, { remaining: number | null; delayMs?: number }> {
    return Object.fromEntries(
      [...this.active].map(([name, entry]) => [name, (afterPrintFaults as readonly string[]).includes(name) ? { remaining: entry.remaining, delayMs: entry.delayMs } : { remaining: entry.remaining }]),
    );
  }
}
