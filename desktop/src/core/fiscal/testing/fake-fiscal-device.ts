/**
 * @module
 * An in-memory fiscal device (RT) for the core's tests: it numbers documents as a device does
 * (Z, then the number within it, from 1, reset by the Z), keeps a journal of what it issued with
 * the request, totals its day, and answers the pre-check from that journal. Faults are told to it:
 * a definite failure, a reply lost AFTER the document was recorded (the core hazard) or before the
 * request reached it, a request that hangs until the test releases it (a till killed meanwhile).
 * The RT emulator slice replaces it with the real endpoints behind the same interface.
 */
import type { FiscalBrand, FiscalDevice } from '@cassa/drivers/portable';
import { FiscalDeviceError } from '@cassa/drivers/portable';
import type { Department, FiscalClosure, FiscalDocument, FiscalFailure, FiscalReference, FiscalRequest, FiscalStatus } from '@cassa/shared';
import { fiscalRequestSchema, fiscalRequestTotalCents } from '@cassa/shared';

export type IssueFault =
  | { readonly kind: 'fail'; readonly failure: Exclude<FiscalFailure, 'outcome-unknown'> }
  /** The document is recorded and printed, then the reply never arrives. */
  | { readonly kind: 'lose-reply-after-issue' }
  /** The request never reached the device. */
  | { readonly kind: 'lose-reply-before-issue' }
  /** The call hangs until the test calls the release it gets back from `hangNextIssue`. */
  | { readonly kind: 'hang'; readonly issueFirst: boolean; readonly gate: Promise<void> };

export interface JournalEntry {
  readonly document: FiscalDocument;
  readonly request: FiscalRequest;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class FakeFiscalDevice implements FiscalDevice {
  readonly brand: FiscalBrand = 'epson';
  readonly journal: JournalEntry[] = [];
  readonly closures: FiscalClosure[] = [];
  /** Consumed one per `issue` call, in order. */
  readonly issueFaults: IssueFault[] = [];
  /**
   * Consumed one per `zClosure` call, as `issueFaults` are: for a Z, "after issue" means the day
   * was closed and the reply then lost, "before" that the request never reached the device.
   */
  readonly zFaults: IssueFault[] = [];
  /** Consumed one per `lastDocument` call. */
  readonly lastDocumentFaults: FiscalFailure[] = [];
  /** Every call fails with this until cleared (paper out until the roll is changed). */
  persistentFailure: FiscalFailure | null = null;
  /** The brand's pre-check: null where it has none. */
  supportsPreCheck = true;
  readonly calls = { issue: 0, lastDocument: 0, checkReference: 0, xReading: 0, zClosure: 0, status: 0 };
  private zNumber = 1;
  private documentNumber = 0;
  private dailyAmountCents = 0;

  constructor(
    readonly serial = '99MEY012345',
    private readonly now: () => Date = () => new Date('2026-11-26T09:00:00.000Z'),
  ) {}

  /** The next issue hangs; the returned function lets it go on (it then answers outcome-unknown). */
  hangNextIssue(issueFirst: boolean): () => void {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.issueFaults.push({ kind: 'hang', issueFirst, gate });
    return release;
  }

  /** The next Z hangs (after closing the day when `closeFirst`); the returned function lets it go on (outcome-unknown). */
  hangNextZ(closeFirst: boolean): () => void {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.zFaults.push({ kind: 'hang', issueFirst: closeFirst, gate });
    return release;
  }

  /** Documents issued for requests of this total. */
  documentsOf(totalCents: number): JournalEntry[] {
    return this.journal.filter((e) => e.document.amountCents === totalCents);
  }

  async status(): Promise<FiscalStatus> {
    this.calls.status++;
    this.failIfBroken();
    return {
      printer: 'ok',
      journal: 'ok',
      inService: true,
      training: false,
      documentOpen: false,
      closureNeeded: false,
      filesPending: this.closures.length,
      filesOld: 0,
      filesRejected: 0,
      certificateExpiry: null,
    };
  }

  async issue(request: FiscalRequest): Promise<FiscalDocument> {
    this.calls.issue++;
    this.failIfBroken();
    const fault = this.issueFaults.shift();
    if (fault?.kind === 'fail') throw new FiscalDeviceError(fault.failure, `fake device: ${fault.failure}`, { deviceCode: 'FAKE' });
    if (fault?.kind === 'lose-reply-before-issue') throw new FiscalDeviceError('outcome-unknown', 'fake device: no answer (request lost)');
    if (fault?.kind === 'hang') {
      if (fault.issueFirst) this.record(request);
      await fault.gate;
      throw new FiscalDeviceError('outcome-unknown', 'fake device: no answer (hung)');
    }
    const document = this.record(request);
    if (fault?.kind === 'lose-reply-after-issue') throw new FiscalDeviceError('outcome-unknown', 'fake device: printed, reply lost');
    return document;
  }

  async lastDocument(): Promise<FiscalDocument | null> {
    this.calls.lastDocument++;
    this.failIfBroken();
    const fault = this.lastDocumentFaults.shift();
    if (fault) throw new FiscalDeviceError(fault, `fake device: ${fault}`);
    return this.journal.at(-1)?.document ?? null;
  }

  async checkReference(_kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null> {
    this.calls.checkReference++;
    this.failIfBroken();
    // Only its own journal can be checked; what a real RT answers for another serial is [U] (fiscal-rt.md §4).
    if (!this.supportsPreCheck || original.serial !== this.serial) return null;
    return this.journal.some(
      (e) =>
        e.request.kind === 'sale' &&
        e.document.serial === original.serial &&
        e.document.zNumber === original.zNumber &&
        e.document.documentNumber === original.documentNumber &&
        e.document.date === original.date,
    );
  }

  async xReading(): Promise<FiscalClosure> {
    this.calls.xReading++;
    this.failIfBroken();
    return this.closure();
  }

  async zClosure(): Promise<FiscalClosure> {
    this.calls.zClosure++;
    this.failIfBroken();
    const fault = this.zFaults.shift();
    if (fault?.kind === 'fail') throw new FiscalDeviceError(fault.failure, `fake device: ${fault.failure}`, { deviceCode: 'FAKE' });
    if (fault?.kind === 'lose-reply-before-issue') throw new FiscalDeviceError('outcome-unknown', 'fake device: no answer (request lost)');
    if (fault?.kind === 'hang') {
      if (fault.issueFirst) this.closeDay();
      await fault.gate;
      throw new FiscalDeviceError('outcome-unknown', 'fake device: no answer (hung)');
    }
    const closure = this.closeDay();
    if (fault?.kind === 'lose-reply-after-issue') throw new FiscalDeviceError('outcome-unknown', 'fake device: day closed, reply lost');
    return closure;
  }

  private closeDay(): FiscalClosure {
    const closure = this.closure();
    this.closures.push(closure);
    this.zNumber++;
    this.documentNumber = 0;
    this.dailyAmountCents = 0;
    return closure;
  }

  async departments(): Promise<Department[] | null> {
    this.failIfBroken();
    return null;
  }

  private closure(): FiscalClosure {
    const { date, time } = this.stamp();
    return { serial: this.serial, zNumber: this.zNumber, dailyAmountCents: this.dailyAmountCents, date, time };
  }

  private record(request: FiscalRequest): FiscalDocument {
    if (!fiscalRequestSchema.safeParse(request).success) throw new FiscalDeviceError('bad-request', 'fake device: malformed request');
    const amountCents = fiscalRequestTotalCents(request);
    this.documentNumber++;
    this.dailyAmountCents += request.kind === 'sale' ? amountCents : -amountCents;
    const document: FiscalDocument = { serial: this.serial, zNumber: this.zNumber, documentNumber: this.documentNumber, amountCents, ...this.stamp() };
    this.journal.push({ document, request });
    return document;
  }

  private stamp(): { date: string; time: string } {
    const at = this.now();
    return { date: `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`, time: `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}` };
  }

  private failIfBroken(): void {
    if (this.persistentFailure) throw new FiscalDeviceError(this.persistentFailure, `fake device: ${this.persistentFailure}`);
  }
}
