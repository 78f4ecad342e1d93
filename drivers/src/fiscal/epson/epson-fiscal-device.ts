/**
 * @module
 * The Epson FP-81 II RT / FP-90 III RT adapter: Fiscal ePOS-Print XML over HTTP(S) to
 * `/cgi-bin/fpmate.cgi` (reference/fiscal-rt.md §1). Builders and parsers are pure modules beside
 * it; this class only orders the requests, one at a time per printer.
 */
import { fiscalRequestSchema } from '@cassa/shared';
import type { Department, FiscalClosure, FiscalDocument, FiscalFailure, FiscalReference, FiscalRequest, FiscalStatus } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { FiscalDevice } from '../fiscal-device';
import type { EpsonFiscalConnection } from '../fiscal-connection';
import { queueForEndpoint } from '../serial-queue';
import type { SerialQueue } from '../serial-queue';
import { explainedRefusal, needsDiagnosis, queryFailure, refusalCause, throwIfFailed } from './epson-errors';
import {
  buildIssueRequest,
  buildLastDocumentRequest,
  buildPreCheckRequest,
  buildPrinterStatusRequest,
  buildRtStatusRequest,
  buildSerialRequest,
  buildXReportRequest,
  buildZReportRequest,
} from './epson-requests';
import { parseCommaAmount, parseCount, parseEpsonReply, parseLastDocument, parsePreCheck, parsePrinterStatus, parseRtStatus, parseSerial, requiredInfo } from './epson-replies';
import type { EpsonReply } from './epson-replies';
import { postFpmate } from './epson-transport';
import type { EpsonTransportOptions } from './epson-transport';

export interface EpsonFiscalDeviceOptions extends EpsonTransportOptions {
  /** The clock for dates the printer's reply does not carry (a closure's date and time). */
  readonly now?: () => Date;
}

export class EpsonFiscalDevice implements FiscalDevice {
  readonly brand = 'epson' as const;
  readonly connection: EpsonFiscalConnection;
  private readonly options: EpsonFiscalDeviceOptions;
  private readonly queue: SerialQueue;
  private serialNumber: string | null = null;

  constructor(connection: EpsonFiscalConnection, options: EpsonFiscalDeviceOptions = {}) {
    this.connection = connection;
    this.options = options;
    this.queue = queueForEndpoint(`${connection.protocol}://${connection.host}:${connection.port}`);
  }

  status(): Promise<FiscalStatus> {
    return this.queue.run(async () => this.readStatus());
  }

  /**
   * Sends the whole document in one request, then reads it back with directIO 1387 for the
   * serial, Z and number the device gave it. If the read-back fails the document exists but its
   * numbers are unknown: that is `outcome-unknown`, and the caller adopts it from lastDocument().
   */
  issue(request: FiscalRequest): Promise<FiscalDocument> {
    const parsed = fiscalRequestSchema.safeParse(request);
    if (!parsed.success) {
      return Promise.reject(new FiscalDeviceError('bad-request', `Not a valid fiscal request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    }
    let xml: string;
    try {
      xml = buildIssueRequest(parsed.data, { operator: this.connection.operator, today: this.now() });
    } catch (error) {
      return Promise.reject(error instanceof FiscalDeviceError ? error : new FiscalDeviceError('bad-request', String(error), { cause: error }));
    }
    return this.queue.run(async () => {
      const reply = await this.send(xml, 'outcome-unknown', 'act').catch((error: unknown) => this.explainRefusal(error));
      const document = await this.readBack();
      const number = reply.info.get('fiscalReceiptNumber');
      if (number !== undefined && /^\d+$/.test(number) && Number(number) !== document.documentNumber) {
        throw new FiscalDeviceError('outcome-unknown', `The printer numbered the document ${number} but reports ${document.documentNumber} as its last: query before any retry`, { deviceCode: 'MISMATCH' });
      }
      this.serialNumber = document.serial;
      return document;
    });
  }

  lastDocument(): Promise<FiscalDocument | null> {
    return this.queue.run(async () => this.queryLastDocument('offline'));
  }

  checkReference(kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null> {
    return this.queue.run(async () => {
      const reply = await this.send(buildPreCheckRequest(kind, original), 'offline', 'query');
      return parsePreCheck(requiredInfo(reply, 'responseData', 'offline'));
    });
  }

  xReading(): Promise<FiscalClosure> {
    return this.queue.run(async () => this.closure(await this.send(buildXReportRequest({ operator: this.connection.operator }), 'offline', 'report'), 'offline'));
  }

  zClosure(): Promise<FiscalClosure> {
    return this.queue.run(async () => {
      const reply = await this.send(buildZReportRequest({ operator: this.connection.operator }), 'outcome-unknown', 'act').catch((error: unknown) => this.explainRefusal(error));
      return this.closure(reply, 'outcome-unknown');
    });
  }

  /** fpmate.cgi has no department ↔ VAT query in the sources the reference read. */
  departments(): Promise<Department[] | null> {
    return Promise.resolve(null);
  }

  /** The device's serial (cached after the first read). */
  serial(): Promise<string> {
    return this.queue.run(async () => this.readSerial());
  }

  /**
   * One request. `query` (status, directIO reads) fails only on success="false": bad status digits
   * are an answer, and reading the last document must work while the paper is out. `report` (X)
   * and `act` (issue, Z) also apply OCA's status-digit rule; after `act` it means outcome unknown.
   */
  private async send(xml: string, unreadable: FiscalFailure, kind: 'query' | 'report' | 'act'): Promise<EpsonReply> {
    try {
      const reply = parseEpsonReply(await postFpmate(this.connection, xml, this.options), unreadable);
      if (kind === 'query' && reply.success) return reply;
      throwIfFailed(reply, kind === 'act');
      return reply;
    } catch (error) {
      throw kind === 'act' ? error : queryFailure(error);
    }
  }

  private async readStatus(): Promise<FiscalStatus> {
    // A query reports bad digits instead of failing on them: they are what was asked for.
    const printer = await this.send(buildPrinterStatusRequest(), 'offline', 'query');
    const fields = parsePrinterStatus(requiredInfo(printer, 'printerStatus', 'offline'));
    const rt = parseRtStatus(requiredInfo(await this.send(buildRtStatusRequest(), 'offline', 'query'), 'responseData', 'offline'));
    return { ...fields, ...rt };
  }

  /**
   * A document or Z refused with a code that does not say why (PRINTER ERROR): the printer's
   * status (5 digits and 1138) often does, and "closure needed" or "not in service" is what the
   * cashier must read, not "malformed". If the status cannot be read, the refusal stands.
   */
  private async explainRefusal(error: unknown): Promise<never> {
    if (!(error instanceof FiscalDeviceError) || !needsDiagnosis(error)) throw error;
    const status = await this.readStatus().catch(() => null);
    const cause = status && refusalCause(status, isoDay(this.now()));
    throw cause ? explainedRefusal(error, cause) : error;
  }

  private async queryLastDocument(unreadable: FiscalFailure): Promise<FiscalDocument | null> {
    const reply = await this.send(buildLastDocumentRequest(), unreadable, 'query');
    return parseLastDocument(requiredInfo(reply, 'responseData', unreadable), unreadable);
  }

  private async readBack(): Promise<FiscalDocument> {
    let document: FiscalDocument | null;
    try {
      document = await this.queryLastDocument('outcome-unknown');
    } catch (error) {
      throw new FiscalDeviceError('outcome-unknown', `The document was issued but could not be read back: ${error instanceof Error ? error.message : String(error)}`, {
        deviceCode: error instanceof FiscalDeviceError ? error.deviceCode : null,
        cause: error,
      });
    }
    if (!document) throw new FiscalDeviceError('outcome-unknown', 'The printer accepted the document but reports no last document', { deviceCode: 'NO_LAST_DOCUMENT' });
    return document;
  }

  private async readSerial(): Promise<string> {
    if (this.serialNumber !== null) return this.serialNumber;
    const last = await this.queryLastDocument('offline').catch(() => null);
    this.serialNumber = last?.serial ?? parseSerial(requiredInfo(await this.send(buildSerialRequest(), 'offline', 'query'), 'responseData', 'offline'));
    return this.serialNumber;
  }

  /**
   * A report's reply carries `zRepNumber` and `dailyAmount` only. Its date and time are this
   * process's clock, not the printer's (no source shows a report reply with a date) [U].
   */
  private async closure(reply: EpsonReply, unreadable: FiscalFailure): Promise<FiscalClosure> {
    const zNumber = parseCount(requiredInfo(reply, 'zRepNumber', unreadable), 9999, 'Z number', unreadable);
    const dailyAmountCents = parseCommaAmount(requiredInfo(reply, 'dailyAmount', unreadable), unreadable);
    const serial = await this.readSerial().catch((error: unknown) => {
      throw new FiscalDeviceError(unreadable, `The report ran but the printer's serial could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    const now = this.now();
    return { serial, zNumber, dailyAmountCents, date: isoDay(now), time: `${pad2(now.getHours())}:${pad2(now.getMinutes())}:${pad2(now.getSeconds())}` };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The local calendar day, YYYY-MM-DD. */
function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}
