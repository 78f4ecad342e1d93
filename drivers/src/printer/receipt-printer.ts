/**
 * @module
 * A receipt printer on any Transport. What it promises the till core:
 * - Jobs, status polls and drawer kicks go out one at a time, so DLE EOT is only ever sent
 *   between jobs, never inside another command's bytes.
 * - A job id is sent at most once by this driver. A second `print()` with the same id returns the
 *   first result (marked `duplicate`) and sends nothing, unless the first ended `failed-before-send`
 *   (then nothing went out and the id may be tried again). Nothing is retried behind the caller's
 *   back. The persisted retry queue lives in the core, which uses the outcome to decide:
 *   - `printed`: all bytes written and (if the printer answers status) it reported no problem after;
 *     a printer that answered before the job but not after it (link lost, fell silent) is
 *     `failed-partially-sent`: the bytes may be in a socket buffer, not on paper;
 *   - `failed-before-send`: not one byte of the job left this process: safe to send again;
 *   - `failed-partially-sent`: some or all bytes may have reached the printer: reprint as COPY.
 * - `availability` is `offline` when the link is down or the printer says offline, paper out,
 *   cover open or an error, and `ready` otherwise.
 */
import { DeviceBase } from '../device/device-base';
import type { DeviceEvents, DeviceOptions } from '../device/device-base';
import { DeviceError } from '../device/device-errors';
import { EscPosEncoder } from '../escpos/escpos-encoder';
import type { DleEotRequest, DrawerPolarity, PrinterStatus } from '../escpos/printer-status';
import { StatusStreamParser, dleEotRequest, parseAsbStatus, parseDleEotStatus, sameStatus, statusProblems } from '../escpos/printer-status';
import type { Transport } from '../transport/transport';
import type { DrawerPin, PrinterProfile } from './printer-profile';
import { codePageTable } from './printer-profile';

export type PrintOutcome = 'printed' | 'failed-before-send' | 'failed-partially-sent';

export interface PrintResult {
  readonly jobId: string;
  readonly outcome: PrintOutcome;
  /** Bytes of the job the link confirmed as written. */
  readonly bytesWritten: number;
  readonly totalBytes: number;
  /** The status read after the job (or before it, when it was refused), if the printer answers. */
  readonly status?: PrinterStatus;
  readonly error?: DeviceError;
  /** True when this job id was seen before: this is the earlier result and nothing was sent now. */
  readonly duplicate: boolean;
}

export type PrinterAvailability = 'closed' | 'opening' | 'ready' | 'offline' | 'error';

export interface ReceiptPrinterEvents extends DeviceEvents<PrinterStatus> {
  /** The printer can or cannot print now; `problems` says why not ("paper out", "disconnected"). */
  availability: (availability: PrinterAvailability, problems: readonly string[]) => void;
  /** Every finished job, duplicates excluded. */
  job: (result: PrintResult) => void;
}

export interface ReceiptPrinterOptions extends DeviceOptions {
  /** Which pin-3 level means "drawer open"; depends on the drawer. Default 'open-high'. */
  readonly drawerPolarity?: DrawerPolarity;
  /** Status poll period while idle, when the printer answers DLE EOT; 0 turns polling off. */
  readonly pollIntervalMs?: number;
  /** How long to wait for each DLE EOT reply. */
  readonly statusTimeoutMs?: number;
  /** A job whose bytes are not all written by then fails (a printer that stopped reading). */
  readonly jobTimeoutMs?: number;
  /** Jobs go out in pieces of this size so a failure can tell "nothing sent" from "some sent". */
  readonly chunkSize?: number;
  /** Enable Automatic Status Back (defaults to the profile's `status.asb`). */
  readonly useAsb?: boolean;
  /** How many job ids to remember for the at-most-once guarantee. */
  readonly rememberJobs?: number;
}

export class ReceiptPrinter extends DeviceBase<PrinterStatus, ReceiptPrinterEvents> {
  readonly profile: PrinterProfile;
  readonly #polarity: DrawerPolarity;
  readonly #pollIntervalMs: number;
  readonly #statusTimeoutMs: number;
  readonly #jobTimeoutMs: number;
  readonly #chunkSize: number;
  readonly #useAsb: boolean;
  readonly #rememberJobs: number;
  readonly #parser = new StatusStreamParser();
  readonly #jobs = new Map<string, Promise<PrintResult>>();
  #queue: Promise<unknown> = Promise.resolve();
  #queued = 0;
  #awaitingReply: ((byte: number) => void) | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #availability: PrinterAvailability = 'closed';
  #availabilityKey = '';
  #statusSilent = false;
  #lastByteAt = 0;
  /** Counts every time the link left `ready`: a job whose bytes crossed a drop may be cut short. */
  #linkDrops = 0;

  constructor(transport: Transport, profile: PrinterProfile, options: ReceiptPrinterOptions = {}) {
    super(transport, { ...options, name: options.name ?? `printer ${profile.id}` });
    this.profile = profile;
    this.#polarity = options.drawerPolarity ?? 'open-high';
    this.#pollIntervalMs = options.pollIntervalMs ?? 3000;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.#jobTimeoutMs = options.jobTimeoutMs ?? 60_000;
    this.#chunkSize = options.chunkSize ?? 4096;
    this.#useAsb = options.useAsb ?? profile.status.asb;
    this.#rememberJobs = options.rememberJobs ?? 1000;
    // Subscribed here rather than through onData: status replies must be read while `opening`
    // too (onReady asks for the first status), and the base only forwards data once ready.
    transport.on('data', (chunk) => {
      if (this.state === 'ready' || this.state === 'opening') this.#onBytes(chunk);
    });
    this.on('state', (state) => {
      if (state === 'ready') this.#startPolling();
      else this.#stopPolling();
      if (state !== 'ready') this.#linkDrops += 1;
      if (state !== 'ready' && state !== 'opening') this.#awaitingReply = undefined;
      this.#updateAvailability();
    });
  }

  /** `ready` only when the link is up and the printer reports nothing that stops printing. */
  get availability(): PrinterAvailability {
    return this.#availability;
  }

  /** True when the printer answers status (profile says so and it has not gone silent). */
  get answersStatus(): boolean {
    return this.profile.status.dleEot && !this.#statusSilent;
  }

  /**
   * Sends one job. Resolves (never rejects) with the outcome once the bytes are written and, if
   * the printer answers status, after a status check. Jobs run in call order.
   */
  print(jobId: string, bytes: Uint8Array): Promise<PrintResult> {
    const known = this.#jobs.get(jobId);
    if (known) return known.then((r) => ({ ...r, duplicate: true }));
    const result = this.#run(() => this.#printJob(jobId, bytes));
    this.#jobs.set(jobId, result);
    while (this.#jobs.size > this.#rememberJobs) {
      const oldest = this.#jobs.keys().next().value;
      if (oldest === undefined) break;
      this.#jobs.delete(oldest);
    }
    void result.then((r) => {
      // Nothing of it went out, so the same id may be tried again (the core's retry queue does).
      if (r.outcome === 'failed-before-send' && this.#jobs.get(jobId) === result) this.#jobs.delete(jobId);
      this.emit('job', r);
    });
    return result;
  }

  /** The earlier result for a job id, if this driver has seen it (for the core after a restart of the UI). */
  jobResult(jobId: string): Promise<PrintResult> | undefined {
    return this.#jobs.get(jobId);
  }

  /**
   * Pulses the drawer with the profile's timing (ESC p m t1 t2), after any job already queued.
   * @throws DeviceError if the pin is not wired on this profile or the printer is not ready.
   */
  openDrawer(pin: DrawerPin | undefined = this.profile.drawer.pins[0]): Promise<void> {
    if (pin === undefined || !this.profile.drawer.pins.includes(pin)) {
      return Promise.reject(new DeviceError(`${this.name}: no drawer on pin ${String(pin)} (profile has ${this.profile.drawer.pins.join(', ') || 'none'})`, { code: 'PROTOCOL', locus: 'output' }));
    }
    const { pulseOnMs, pulseOffMs } = this.profile.drawer;
    return this.#run(async () => {
      this.#requireReady();
      await this.send(this.#encoder().drawerKick(pin, pulseOnMs, pulseOffMs).encode());
    });
  }

  /** Asks the printer for its status now (between jobs) and publishes it; undefined if it does not answer. */
  refreshStatus(): Promise<PrinterStatus | undefined> {
    return this.#run(async () => {
      this.#requireReady();
      return this.#queryStatus();
    });
  }

  // ---- DeviceBase hooks -------------------------------------------------------------------------

  protected override async onReady(): Promise<void> {
    this.#parser.reset();
    this.#statusSilent = false;
    if (this.#useAsb) await this.send(new EscPosEncoder({ codePage: this.profile.codePage, codePageTable: codePageTable(this.profile) }).automaticStatusBack(0x0f).encode());
    if (this.profile.status.dleEot) await this.#queryStatus();
  }

  protected override async beforeClose(): Promise<void> {
    this.#stopPolling();
    // Turn ASB off again, but only between jobs (never between two chunks of one) and without
    // letting a printer that stopped reading hold close() up.
    if (this.#useAsb && this.#queued === 0) {
      await Promise.race([this.send(Uint8Array.of(0x1d, 0x61, 0x00)), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    }
  }

  protected override async probe(): Promise<string> {
    if (!this.profile.status.dleEot) return `link ${this.transport.state} (printer does not report status)`;
    const status = await this.refreshStatus();
    if (!status) throw new DeviceError(`${this.name}: no answer to DLE EOT within ${this.#statusTimeoutMs} ms`, { code: 'TIMEOUT', locus: 'health' });
    const problems = statusProblems(status);
    return problems.length === 0 ? (status.paperNearEnd ? 'online, paper near end' : 'online') : problems.join(', ');
  }

  // ---- internals --------------------------------------------------------------------------------

  #encoder(): EscPosEncoder {
    return new EscPosEncoder({ codePage: this.profile.codePage, codePageTable: codePageTable(this.profile) });
  }

  #requireReady(): void {
    if (this.state !== 'ready') {
      throw new DeviceError(`${this.name} is ${this.state}`, { code: 'OFFLINE', locus: 'output', unreachable: this.state === 'offline' });
    }
  }

  /** Runs tasks strictly one after another: the whole point of "DLE EOT only between jobs". */
  #run<T>(task: () => Promise<T>): Promise<T> {
    this.#queued += 1;
    const result = this.#queue.then(task).finally(() => {
      this.#queued -= 1;
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #printJob(jobId: string, bytes: Uint8Array): Promise<PrintResult> {
    const base = { jobId, totalBytes: bytes.length, duplicate: false } as const;
    const before = (error: DeviceError, status?: PrinterStatus): PrintResult => ({
      ...base,
      outcome: 'failed-before-send',
      bytesWritten: 0,
      error,
      ...(status ? { status } : {}),
    });
    if (this.state !== 'ready') {
      return before(new DeviceError(`${this.name} is ${this.state}${this.lastError ? `: ${this.lastError.message}` : ''}`, { code: 'OFFLINE', locus: 'output', unreachable: this.state === 'offline' }));
    }

    let status: PrinterStatus | undefined;
    try {
      // Without DLE EOT answers, only ASB keeps lastStatus fresh; a stale one must not block jobs.
      status = this.answersStatus ? await this.#queryStatus() : this.#useAsb ? this.lastStatus : undefined;
    } catch (cause) {
      return before(this.toDeviceError(cause, 'output'));
    }
    const refused = status ? statusProblems(status) : [];
    if (status && refused.length > 0) {
      return before(new DeviceError(`${this.name}: ${refused.join(', ')}`, { code: 'DEVICE', locus: 'output' }), status);
    }

    let written = 0;
    const dropsBefore = this.#linkDrops;
    try {
      await this.#withTimeout(this.#jobTimeoutMs, `job ${jobId} not accepted by the printer`, async (expired) => {
        for (let offset = 0; offset < bytes.length; offset += this.#chunkSize) {
          // After a timeout the rest of the job is dropped: the core will reprint it as a COPY.
          if (expired()) return;
          const chunk = bytes.subarray(offset, offset + this.#chunkSize);
          await this.send(chunk);
          written += chunk.length;
        }
      });
    } catch (cause) {
      const error = this.toDeviceError(cause, 'output');
      // The base refuses before touching the link when not ready: then truly nothing went out.
      if (written === 0 && error.code === 'OFFLINE') return before(error);
      this.reportError(error);
      return { ...base, outcome: 'failed-partially-sent', bytesWritten: written, error };
    }

    if (!this.answersStatus) return { ...base, outcome: 'printed', bytesWritten: written, ...(this.lastStatus ? { status: this.lastStatus } : {}) };
    // Image data can contain 10 04 n, which the printer answers like a request. Let those replies
    // arrive (and be dropped, nobody is waiting) before asking, so they cannot pass for ours.
    if (containsDleEot(bytes)) await this.#quiet(this.#statusTimeoutMs);
    // "Written" only means the bytes reached the OS (a socket buffer holds a whole receipt): a
    // printer that answered status before the job and cannot answer after it may have stopped at
    // any line. That is a receipt to check and reprint as a copy, never a printed one.
    const uncertain = (error: DeviceError): PrintResult => {
      this.reportError(error);
      return { ...base, outcome: 'failed-partially-sent', bytesWritten: written, error };
    };
    let after: PrinterStatus | undefined;
    try {
      after = (await this.#queryStatus()) ?? (await this.#queryStatusAgain());
    } catch (cause) {
      const error = this.toDeviceError(cause, 'output');
      return uncertain(new DeviceError(`${this.name}: link lost after job ${jobId} (${error.message}): the receipt may be incomplete`, { code: error.code, locus: 'output', cause }));
    }
    // The link went down and came back (a reset, a reboot) while the job was in flight: the answer
    // comes from a printer that may have lost the rest of the receipt.
    if (this.#linkDrops !== dropsBefore) {
      return uncertain(new DeviceError(`${this.name}: the link dropped during job ${jobId}: the receipt may be incomplete`, { code: 'DISCONNECTED', locus: 'output' }));
    }
    if (!after) {
      return uncertain(new DeviceError(`${this.name}: no status after job ${jobId} although it answered before: the receipt may be incomplete`, { code: 'TIMEOUT', locus: 'output' }));
    }
    const problems = statusProblems(after);
    if (after && problems.length > 0) {
      const error = new DeviceError(`${this.name}: ${problems.join(', ')} after job ${jobId}: the receipt may be incomplete`, { code: 'DEVICE', locus: 'output' });
      return { ...base, outcome: 'failed-partially-sent', bytesWritten: written, status: after, error };
    }
    return { ...base, outcome: 'printed', bytesWritten: written, ...(after ? { status: after } : {}) };
  }

  /** DLE EOT 1..4, one request at a time. Undefined when the printer does not answer in time. */
  async #queryStatus(): Promise<PrinterStatus | undefined> {
    const replies: Partial<Record<DleEotRequest, number>> = {};
    for (const n of [1, 2, 3, 4] as const) {
      const byte = await this.#ask(n);
      if (byte === undefined) {
        if (!this.#statusSilent) {
          this.#statusSilent = true;
          this.reportError(new DeviceError(`${this.name}: no answer to DLE EOT ${n} within ${this.#statusTimeoutMs} ms; printing without status`, { code: 'TIMEOUT', locus: 'health' }));
          this.#updateAvailability();
        }
        return undefined;
      }
      replies[n] = byte;
    }
    this.#statusSilent = false;
    const status = parseDleEotStatus(
      { printer: replies[1], offlineCause: replies[2], errorCause: replies[3], paperSensor: replies[4] },
      { drawerPolarity: this.#polarity },
    );
    this.#publish(status);
    return status;
  }

  /** A printer busy feeding a long job may answer late: one more round after the line goes quiet. */
  async #queryStatusAgain(): Promise<PrinterStatus | undefined> {
    await this.#quiet(this.#statusTimeoutMs);
    if (this.state !== 'ready') throw new DeviceError(`${this.name} is ${this.state}`, { code: 'DISCONNECTED', locus: 'output', unreachable: this.state === 'offline' });
    return this.#queryStatus();
  }

  async #ask(n: DleEotRequest): Promise<number | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = new Promise<number | undefined>((resolve) => {
      this.#awaitingReply = resolve;
      timer = setTimeout(() => resolve(undefined), this.#statusTimeoutMs);
    });
    try {
      await this.send(dleEotRequest(n));
      return await reply;
    } finally {
      clearTimeout(timer);
      this.#awaitingReply = undefined;
    }
  }

  /** Waits until no byte has arrived for a short while (bounded by `maxMs`). */
  async #quiet(maxMs: number): Promise<void> {
    const quietMs = Math.min(100, maxMs);
    const started = Date.now();
    do {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    } while (Date.now() - this.#lastByteAt < quietMs && Date.now() - started < maxMs);
  }

  #onBytes(chunk: Uint8Array): void {
    this.#lastByteAt = Date.now();
    for (const message of this.#parser.push(chunk)) {
      if (message.kind === 'dle-eot') {
        // A reply nobody asked for (a late one, or 10 04 n inside image data) is dropped.
        const waiting = this.#awaitingReply;
        this.#awaitingReply = undefined;
        waiting?.(message.byte);
      } else if (message.kind === 'asb') {
        try {
          this.#publish(parseAsbStatus(message.packet, { drawerPolarity: this.#polarity }));
        } catch (cause) {
          this.reportError(this.toDeviceError(cause, 'input'));
        }
      }
    }
  }

  #publish(status: PrinterStatus): void {
    const previous = this.lastStatus;
    if (!previous || !sameStatus(previous, status)) this.emitStatus(status);
    this.#updateAvailability();
  }

  #updateAvailability(): void {
    let next: PrinterAvailability;
    let problems: string[] = [];
    if (this.state !== 'ready') {
      next = this.state;
      if (this.state === 'offline') problems = ['disconnected'];
    } else {
      problems = this.lastStatus ? statusProblems(this.lastStatus) : [];
      next = problems.length > 0 ? 'offline' : 'ready';
    }
    const key = `${next}:${problems.join(',')}`;
    this.#availability = next;
    if (key === this.#availabilityKey) return;
    this.#availabilityKey = key;
    this.emit('availability', next, problems);
  }

  #startPolling(): void {
    this.#stopPolling();
    if (!this.profile.status.dleEot || this.#pollIntervalMs <= 0) return;
    this.#pollTimer = setInterval(() => {
      // Only when idle: a poll behind a queued job would only delay it.
      if (this.#queued > 0 || this.state !== 'ready') return;
      void this.#run(() => this.#queryStatus()).catch(() => undefined);
    }, this.#pollIntervalMs);
    this.#pollTimer.unref?.();
  }

  #stopPolling(): void {
    if (this.#pollTimer !== undefined) clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  async #withTimeout(ms: number, what: string, task: (expired: () => boolean) => Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expired = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        reject(new DeviceError(`${this.name}: ${what} within ${ms} ms`, { code: 'TIMEOUT', locus: 'output' }));
      }, ms);
    });
    try {
      const work = task(() => expired);
      // The loser of the race must not become an unhandled rejection.
      work.catch(() => undefined);
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** True when the bytes contain a DLE EOT 1..4 pattern (inside image data, usually). */
function containsDleEot(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x10); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0x10, i + 1)) {
    const n = bytes[i + 2] ?? 0;
    if (bytes[i + 1] === 0x04 && n >= 1 && n <= 4) return true;
  }
  return false;
}
