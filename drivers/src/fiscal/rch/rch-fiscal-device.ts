/**
 * @module
 * The RCH Print!F adapter (reference/fiscal-rt.md §3): `rch-rt://host[:23]` speaks the native framed
 * protocol over TCP, `rch-rt+http://host` the service.cgi XML wrapper. Commands are built by the pure
 * `rch-commands`; this class orders them, one operation at a time per printer.
 *
 * What RCH cannot tell: no source shows a "last document" query like Epson's directIO 1387. The
 * adapter reads the last receipt back from the journal (`=C453/$0`, rch-driver-js `getLastReceipt`)
 * and never answers "none issued" (null): an empty or unreadable journal answer is an error, so a
 * recovery never takes "no document" for "not issued". Over service.cgi no source shows data in a
 * reply: there the read-back works only if the printer sends the text [U], and issue() ends
 * `outcome-unknown` otherwise (the document was accepted, its number is not known).
 */
import { fiscalRequestSchema } from '@cassa/shared';
import type { Department, FiscalClosure, FiscalDocument, FiscalFailure, FiscalReference, FiscalRequest, FiscalStatus } from '@cassa/shared';
import { lineNetCents } from '../fiscal-request-checks';
import { FiscalDeviceError } from '../fiscal-device';
import type { FiscalDevice } from '../fiscal-device';
import type { RchFiscalConnection } from '../fiscal-connection';
import { queueForEndpoint } from '../serial-queue';
import type { SerialQueue } from '../serial-queue';
import { runRch } from './rch-channel';
import type { RchChannelOptions, RchStep } from './rch-channel';
import { buildIssueCommands, buildLastReceiptCommands, buildPreCheckCommands, buildXReportCommands, buildZReportCommands, rchReads, rchSendPending } from './rch-commands';
import { parseRchAmount, parseRchCount, parseRchLastReceipt, parseRchPending, parseRchPrinterStatus, parseRchSerial, receiptOpen } from './rch-replies';

export interface RchFiscalDeviceOptions extends RchChannelOptions {
  /** The clock for a closure's date and time (the reports' replies carry none). */
  readonly now?: () => Date;
}

/** Index of the first command that can issue: a total, an annullo, a report run. */
export function issuingIndex(commands: readonly string[]): number {
  const at = commands.findIndex((c) => /^=T\d/.test(c) || c.startsWith('=k/'));
  return at === -1 ? commands.length : at;
}

export class RchFiscalDevice implements FiscalDevice {
  readonly brand = 'rch' as const;
  readonly connection: RchFiscalConnection;
  private readonly options: RchFiscalDeviceOptions;
  private readonly queue: SerialQueue;
  private serialNumber: string | null = null;

  constructor(connection: RchFiscalConnection, options: RchFiscalDeviceOptions = {}) {
    this.connection = connection;
    this.options = options;
    this.queue = queueForEndpoint(`${connection.protocol}://${connection.host}:${connection.port}`);
  }

  status(): Promise<FiscalStatus> {
    return this.queue.run(async () => {
      const [step] = await this.run([rchReads.printerStatus], { tolerateRefusal: true });
      // A busy printer has not said how it is: busy, as every other brand answers (not a printer "ok").
      if (step?.failure === 'busy') throw new FiscalDeviceError('busy', 'The fiscal printer is busy', { deviceCode: 'BUSY' });
      const printer = this.connection.protocol === 'tcp' && step?.failure === null ? parseRchPrinterStatus(step.data ?? '', 'offline') : printerFromFailure(step?.failure ?? null);
      // service.cgi gives flags only; the pending-files read needs the native protocol.
      const pending = this.connection.protocol === 'tcp' ? parseRchPending((await this.read(rchReads.pendingFiles)) ?? '', 'offline') : null;
      return {
        printer,
        journal: 'ok', // [U] the journal (DGFE) status read `<</?i` is not decoded by any source read.
        inService: pending ? !pending.inactive : true, // [U] over HTTP: not readable.
        training: false, // [U] no source shows a training flag.
        documentOpen: receiptOpen(step?.receiptStatus ?? null),
        closureNeeded: false, // [U] no source shows a "Z needed" flag.
        filesPending: pending?.filesPending ?? null,
        filesOld: null,
        filesRejected: null,
        certificateExpiry: null,
      };
    });
  }

  /**
   * Sends the document, then reads it back from the journal. A read-back that fails, or whose total
   * is not the one sent, is `outcome-unknown`: the document may exist under another number.
   */
  issue(request: FiscalRequest): Promise<FiscalDocument> {
    const parsed = fiscalRequestSchema.safeParse(request);
    if (!parsed.success) {
      return Promise.reject(new FiscalDeviceError('bad-request', `Not a valid fiscal request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    }
    let commands: string[];
    try {
      commands = buildIssueCommands(parsed.data);
    } catch (error) {
      return Promise.reject(error instanceof FiscalDeviceError ? error : new FiscalDeviceError('bad-request', String(error), { cause: error }));
    }
    // The document counts the goods and a rounding up (a surcharge on the subtotal). A rounding
    // down is a payment discount (=T9) beside the tenders: whether the printer's amount counts it
    // is [U] (as for Epson's 6-00, contract/testing/till-recovery.ts), so either total is the one sent.
    const goods = parsed.data.kind === 'void' ? null : parsed.data.lines.reduce((sum, line) => sum + lineNetCents(line), 0);
    const expected = goods === null || parsed.data.kind === 'void' ? [] : [goods + parsed.data.roundingCents, goods + Math.max(0, parsed.data.roundingCents)];
    return this.queue.run(async () => {
      await runRch(this.connection, { commands, issuingFrom: issuingIndex(commands) }, this.options);
      const document = await this.readBack();
      if (expected.length > 0 && !expected.includes(document.amountCents)) {
        throw new FiscalDeviceError('outcome-unknown', `The printer's last document totals ${document.amountCents} cents, not the ${expected[0]} sent: query before any retry`, { deviceCode: 'MISMATCH' });
      }
      this.serialNumber = document.serial;
      return document;
    });
  }

  lastDocument(): Promise<FiscalDocument | null> {
    return this.queue.run(async () => this.queryLastDocument('offline'));
  }

  /** The printer's own check: `=r`/`=k` with `/*1` (only check). A refusal means "not accepted". */
  checkReference(kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null> {
    return this.queue.run(async () => {
      const commands = buildPreCheckCommands(kind, original);
      const steps = await this.run(commands, { tolerateRefusal: true });
      const failure = this.connection.protocol === 'tcp' ? (steps[1]?.failure ?? null) : (steps[0]?.failure ?? null);
      if (failure === null) return true;
      if (failure === 'refused') return false;
      throw new FiscalDeviceError(failure, `The fiscal printer could not check the document: ${failure}`);
    });
  }

  xReading(): Promise<FiscalClosure> {
    return this.queue.run(async () => {
      const dailyAmountCents = parseRchAmount((await this.read(rchReads.dailyAmount)) ?? '', 'offline');
      const zCount = parseRchCount((await this.read(rchReads.zCount)) ?? '', 9999, 'Z count', 'offline');
      await this.run(buildXReportCommands(), {});
      return this.closure(zCount + 1, dailyAmountCents, 'offline');
    });
  }

  /** The day's amount is read before the Z (the Z zeroes it) [U: `<</?1` as the day's takings]. */
  zClosure(): Promise<FiscalClosure> {
    return this.queue.run(async () => {
      const dailyAmountCents = parseRchAmount((await this.read(rchReads.dailyAmount)) ?? '', 'offline');
      const commands = buildZReportCommands();
      await runRch(this.connection, { commands, issuingFrom: commands.indexOf('=C10') }, this.options);
      const zCount = await this.read(rchReads.zCount).catch((error: unknown) => {
        throw new FiscalDeviceError('outcome-unknown', `The Z ran but its number could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      return this.closure(parseRchCount(zCount ?? '', 9999, 'Z count', 'outcome-unknown'), dailyAmountCents, 'outcome-unknown');
    });
  }

  /** `=C422`: asks the RT to send its pending daily files to the tax agency now (not on FiscalDevice: RCH only). */
  sendPendingFiles(): Promise<void> {
    return this.queue.run(async () => {
      await this.run([rchSendPending], {});
    });
  }

  /** [U] the programming dump (`<</?C`) holds the table but no source decodes it. */
  departments(): Promise<Department[] | null> {
    return Promise.resolve(null);
  }

  private run(commands: readonly string[], opts: { tolerateRefusal?: boolean }): Promise<RchStep[]> {
    return runRch(this.connection, { commands, issuingFrom: commands.length, ...opts }, this.options);
  }

  /** One read; null when the printer answered without data. */
  private async read(command: string): Promise<string | null> {
    const [step] = await this.run([command], {});
    return step?.data ?? null;
  }

  private async queryLastDocument(failure: FiscalFailure): Promise<FiscalDocument> {
    const commands = buildLastReceiptCommands();
    const steps = await this.run(commands, {});
    const lines = this.connection.protocol === 'tcp' ? (steps[1]?.lines ?? []) : (steps[0]?.lines ?? []);
    if (lines.length === 0) throw new FiscalDeviceError(failure === 'outcome-unknown' ? failure : 'refused', 'The fiscal printer sent no journal text for its last receipt', { deviceCode: 'NO_DATA' });
    const document = parseRchLastReceipt(lines, failure);
    if (!document) throw new FiscalDeviceError(failure === 'outcome-unknown' ? failure : 'refused', 'The journal\'s last receipt is not a documento commerciale', { deviceCode: 'NO_DOCUMENT' });
    return document;
  }

  private async readBack(): Promise<FiscalDocument> {
    try {
      return await this.queryLastDocument('outcome-unknown');
    } catch (error) {
      throw new FiscalDeviceError('outcome-unknown', `The document was sent but could not be read back: ${error instanceof Error ? error.message : String(error)}`, {
        deviceCode: error instanceof FiscalDeviceError ? error.deviceCode : null,
        cause: error,
      });
    }
  }

  private async closure(zNumber: number, dailyAmountCents: number, failure: FiscalFailure): Promise<FiscalClosure> {
    if (this.serialNumber === null) {
      const text = await this.read(rchReads.serial).catch((error: unknown) => {
        throw new FiscalDeviceError(failure, `The report ran but the printer's serial could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      this.serialNumber = parseRchSerial(text ?? '', failure);
    }
    const now = this.options.now?.() ?? new Date();
    const pad = (n: number): string => String(n).padStart(2, '0');
    return {
      serial: this.serialNumber,
      zNumber,
      dailyAmountCents,
      date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
      time: `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`,
    };
  }
}

function printerFromFailure(failure: FiscalFailure | null): FiscalStatus['printer'] {
  if (failure === 'paper-out') return 'paper-out';
  if (failure === 'cover-open') return 'cover-open';
  if (failure === 'refused') return 'offline';
  return 'ok';
}
