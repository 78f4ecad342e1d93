/**
 * @module
 * Sends the fiscal jobs to the one device, one at a time and in the order the sales were made,
 * so that every sale gets exactly one documento commerciale (reference/fiscal-rt.md, "The core
 * hazard"; issue 16 item 3):
 *
 * 1. Before a request leaves, the job is marked `sending` (uncertain) in a committed transaction,
 *    with the device's last document as it stood (the baseline).
 * 2. An answer: the document is stored with the job and a `fiscal-document` record is queued
 *    for head office, in one transaction.
 * 3. A definite refusal (paper out, cover open, closure needed…): the job is `blocked` with the
 *    failure, and the queue waits for `retry()` or its backoff timer. Nothing was issued.
 * 4. No answer (`outcome-unknown`, or any error that is not a device's definite refusal): the
 *    queue asks `lastDocument()` and adopts it when it is newer than the baseline and of the
 *    request's total; otherwise it sends again, at most `maxUnknownRetries` times, each time
 *    after the same check. Past that the job is blocked, still uncertain.
 * 5. A job still uncertain (a till killed between request and reply, or blocked after a lost
 *    answer) goes through step 4's check before anything else is sent.
 */
import type { FiscalDevice } from '@cassa/drivers/portable';
import { FiscalDeviceError } from '@cassa/drivers/portable';
import type { FiscalDocument, FiscalFailure, FiscalRequest, FiscalStatus } from '@cassa/shared';
import type { Logger } from '../api/dispatcher';
import type { BackoffPolicy } from '../sync/backoff';
import { backoffDelay } from '../sync/backoff';
import type { TillContext } from '../till-context';
import { recordIssuedDocument } from './fiscal-documents';
import { documentTotals, isAdoptable } from './fiscal-recovery';
import type { FiscalBaseline, FiscalJobRow, FiscalStore } from './fiscal-store';
import { parseBaseline } from './fiscal-store';

export interface FiscalQueueOptions {
  /** Sends after a lost answer, each preceded by the last-document check; then the job blocks. */
  readonly maxUnknownRetries?: number;
  /** Backoff of the automatic retry of a blocked job; `null` turns the timer off (tests call `retry()`). */
  readonly backoff?: BackoffPolicy | null;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Told each status the device reports, whoever asked (the screens, a blocked job, the Z): head office hears of changes. */
  readonly onStatus?: (status: FiscalStatus) => void;
  /** Called after the queue's jobs or the device's status changed (the screens' `fiscal.changed`). */
  readonly onChange?: () => void;
}

export const DEFAULT_FISCAL_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000 };

/** A job as the screens show it: what is waiting and why. */
export interface FiscalJobView {
  readonly jobId: string;
  readonly saleId: string;
  readonly kind: FiscalRequest['kind'];
  readonly state: 'pending' | 'sending' | 'blocked';
  /** The request may have been issued without the till hearing back: it is checked before any resend. */
  readonly uncertain: boolean;
  readonly failure: FiscalFailure | null;
  readonly failureMessage: string | null;
  readonly attempts: number;
  readonly totalCents: number;
  readonly createdAt: string;
}

export interface FiscalQueueState {
  readonly jobs: readonly FiscalJobView[];
  readonly status: FiscalStatus | null;
  readonly statusAt: string | null;
  /** Why the last status query failed, when it did. */
  readonly statusFailure: FiscalFailure | null;
}

type Step = 'done' | 'again' | 'stop';

function failureOf(error: unknown): { failure: FiscalFailure; message: string } {
  if (error instanceof FiscalDeviceError) return { failure: error.failure, message: error.message };
  // Anything else (a bug in an adapter, a socket error it did not map) may have reached the device.
  return { failure: 'outcome-unknown', message: error instanceof Error ? error.message : String(error) };
}

export function jobView(row: FiscalJobRow): FiscalJobView {
  return {
    jobId: row.id,
    saleId: row.sale_id,
    kind: row.kind,
    state: row.state === 'issued' ? 'pending' : row.state,
    uncertain: row.uncertain === 1,
    failure: row.failure,
    failureMessage: row.failure_message,
    attempts: row.attempts,
    totalCents: row.total_cents,
    createdAt: row.created_at,
  };
}

export class FiscalQueue {
  private running: Promise<void> | null = null;
  /**
   * True from a kick until the loop decides to stop, cleared in the same synchronous step as that
   * decision. `running` alone is not enough: its promise settles a few microtasks after the loop
   * returned, and a kick in between was taken as "go again" by a loop already gone.
   */
  private active = false;
  private again = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private blockedRounds = 0;
  /** Lost answers in a row per job, this run. */
  private readonly unknownStreak = new Map<string, number>();
  private status: FiscalStatus | null = null;
  private statusAt: string | null = null;
  private statusFailure: FiscalFailure | null = null;
  private readonly maxUnknownRetries: number;

  constructor(
    private readonly ctx: TillContext,
    private readonly store: FiscalStore,
    private readonly device: FiscalDevice,
    private readonly options: FiscalQueueOptions = {},
  ) {
    this.maxUnknownRetries = options.maxUnknownRetries ?? 3;
  }

  /** Starts sending what is waiting (jobs left `sending` by a killed till are recovered first). */
  kick(): void {
    if (this.closed) return;
    if (this.active) {
      this.again = true;
      return;
    }
    this.changed(); // a job was just written, or is about to be sent
    this.active = true;
    const run: Promise<void> = this.loop().finally(() => {
      if (this.running === run) this.running = null;
      this.changed();
    });
    this.running = run;
  }

  /** Resolves once the queue has nothing it can send: every job issued, or the oldest blocked. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Blocked jobs go back in line (an uncertain one is checked first) and the queue runs; resolves when idle. */
  async retry(): Promise<void> {
    if (this.closed) return;
    this.clearTimer();
    this.ctx.store.write(() => this.store.unblockAll());
    this.kick();
    await this.idle();
  }

  state(): FiscalQueueState {
    return {
      jobs: this.store.openJobs().map(jobView),
      status: this.status,
      statusAt: this.statusAt,
      statusFailure: this.statusFailure,
    };
  }

  /** Asks the device how it is (paper, cover, journal, files to send); kept for `state()`. */
  async refreshStatus(): Promise<FiscalStatus | null> {
    try {
      this.status = await this.device.status();
      this.statusFailure = null;
    } catch (error) {
      this.statusFailure = failureOf(error).failure;
    }
    this.statusAt = this.ctx.clock.now().toISOString();
    if (this.status && this.statusFailure === null) this.options.onStatus?.(this.status);
    this.changed();
    return this.status;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.idle();
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.closed) return;
          const job = this.store.head();
          if (!job || job.state === 'blocked') break;
          try {
            if ((await this.step(job)) === 'stop') break;
          } catch (error) {
            // The database failing under us (disk full): leave the job as it is, durable, for the next kick.
            this.options.logger?.error('Fiscal queue stopped on an unexpected failure', error);
            return;
          }
        }
      } while (this.again && !this.closed);
    } finally {
      // Synchronous with the decision to stop: a kick from here on starts a new pass.
      this.active = false;
    }
  }

  /** One attempt at the oldest waiting job. */
  private async step(job: FiscalJobRow): Promise<Step> {
    if (job.uncertain === 1) {
      const recovered = await this.recover(job);
      if (recovered !== 'not-issued') return recovered === 'adopted' ? 'done' : 'stop';
    }
    const request = JSON.parse(job.request) as FiscalRequest;
    if (!(await this.referenceAccepted(job, request))) return 'stop';
    const baseline = await this.baseline(job);
    if (baseline === null) return 'stop';
    this.ctx.store.write(() => this.store.markSending(job.id, baseline));
    try {
      const document = await this.device.issue(request);
      this.issued(job, document, 'device');
      return 'done';
    } catch (error) {
      const { failure, message } = failureOf(error);
      if (failure !== 'outcome-unknown') {
        this.block(job, failure, message, false);
        return 'stop';
      }
      const streak = (this.unknownStreak.get(job.id) ?? 0) + 1;
      this.unknownStreak.set(job.id, streak);
      if (streak > this.maxUnknownRetries) {
        this.block(job, failure, message, true);
        return 'stop';
      }
      // Still `sending` and uncertain: the next step checks the device's last document first.
      return 'again';
    }
  }

  /** The check after a lost answer: adopt the device's last document, or prove the job was not issued. */
  private async recover(job: FiscalJobRow): Promise<'adopted' | 'not-issued' | 'blocked'> {
    let last: FiscalDocument | null;
    try {
      last = await this.device.lastDocument();
    } catch (error) {
      const { failure, message } = failureOf(error);
      this.block(job, failure, message, true);
      return 'blocked';
    }
    if (isAdoptable(last, parseBaseline(job.baseline), documentTotals(JSON.parse(job.request) as FiscalRequest, job.total_cents))) {
      this.issued(job, last!, 'recovered');
      return 'adopted';
    }
    this.ctx.store.write(() => this.store.markNotIssued(job.id));
    return 'not-issued';
  }

  /** The device's last document before the first request, when the till has never learnt one. */
  private async baseline(job: FiscalJobRow): Promise<FiscalBaseline | null> {
    const known = this.store.lastKnown();
    if (known !== null) return known;
    try {
      const last = (await this.device.lastDocument()) ?? 'none';
      this.ctx.store.write(() => this.store.setLastKnown(last));
      return last;
    } catch (error) {
      const { failure, message } = failureOf(error);
      // A device that answers but will not name a last document (the RCH adapter while its journal
      // holds no documento commerciale: it never says "none issued", rch-fiscal-device.ts) is sent to
      // without a baseline: a lost reply is then decided by the amount alone, as fiskaltrust does
      // without one (reference/fiscal-rt.md §1 "The core hazard", step 2), and a recovery read that
      // still refuses leaves the job uncertain, never resent. Not kept as the last known document.
      if (failure === 'refused') return 'none';
      // Nothing was sent: a failed query leaves the job certain.
      this.block(job, failure === 'outcome-unknown' ? 'offline' : failure, message, false);
      return null;
    }
  }

  /** A return or void the device's pre-check refuses is blocked before anything is issued. */
  private async referenceAccepted(job: FiscalJobRow, request: FiscalRequest): Promise<boolean> {
    const original = request.kind === 'sale' ? null : request.original;
    if (request.kind === 'sale' || original === null) return true;
    try {
      const accepted = await this.device.checkReference(request.kind, original);
      if (accepted !== false) return true;
      this.block(job, 'refused', `The device refuses a ${request.kind} of document ${original.zNumber}-${original.documentNumber} (${original.serial})`, false);
    } catch (error) {
      const { failure, message } = failureOf(error);
      this.block(job, failure === 'outcome-unknown' ? 'offline' : failure, message, false);
    }
    return false;
  }

  private issued(job: FiscalJobRow, document: FiscalDocument, source: 'device' | 'recovered'): void {
    this.ctx.store.write(() => {
      // A job already holds its document only if a manager typed it in meanwhile: never a second record.
      if (this.store.job(job.id)?.state === 'issued') return;
      recordIssuedDocument(this.ctx, this.store, job, document, source, null);
    });
    this.unknownStreak.delete(job.id);
    this.blockedRounds = 0;
    this.changed();
  }

  private block(job: FiscalJobRow, failure: FiscalFailure, message: string, uncertain: boolean): void {
    this.ctx.store.write(() => this.store.markBlocked(job.id, failure, message, uncertain));
    this.unknownStreak.delete(job.id);
    this.changed();
    void this.refreshStatus();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const policy = this.options.backoff === undefined ? DEFAULT_FISCAL_BACKOFF : this.options.backoff;
    if (policy === null || this.closed || this.timer) return;
    this.blockedRounds += 1;
    const delay = backoffDelay(this.blockedRounds, policy, this.options.random ?? Math.random);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retry();
    }, delay);
    this.timer.unref?.();
  }
}
