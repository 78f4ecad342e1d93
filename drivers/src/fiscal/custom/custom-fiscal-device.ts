/**
 * @module
 * The Custom RT adapter: Custom's fiscal XML over HTTP to `/xml/printer.htm` with Basic auth, no
 * SOAP envelope (reference/fiscal-rt.md §2). Builders and parsers are pure modules beside it; this
 * class only orders the requests, one at a time per printer (`../serial-queue`).
 */
import { fiscalRequestSchema, fiscalRequestTotalCents } from '@cassa/shared';
import type { Department, FiscalClosure, FiscalDocument, FiscalFailure, FiscalReference, FiscalRequest, FiscalStatus } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { FiscalDevice } from '../fiscal-device';
import type { CustomFiscalConnection } from '../fiscal-connection';
import { queueForEndpoint } from '../serial-queue';
import type { SerialQueue } from '../serial-queue';
import { throwIfCustomFailed } from './custom-errors';
import {
  buildCustomDailyTotalsRequest,
  buildCustomInfoRequest,
  buildCustomIssueRequest,
  buildCustomLastDocumentRequest,
  buildCustomReferenceCheck,
  buildCustomStatusRequest,
  buildCustomXReport,
  buildCustomZReport,
} from './custom-requests';
import type { CustomRequestContext } from './custom-requests';
import { parseCustomCount, parseCustomDailyAmount, parseCustomDateTime, parseCustomInfo, parseCustomLastDocument, parseCustomPrinterStatus, parseCustomReferenceCheck, parseCustomReply } from './custom-replies';
import type { CustomInfo, CustomReply } from './custom-replies';
import { postCustom } from './custom-transport';
import type { CustomCredentials, CustomTransportOptions } from './custom-transport';

export interface CustomFiscalDeviceOptions extends CustomTransportOptions, Pick<CustomRequestContext, 'vatIndexByDepartment' | 'paymentTypes'> {
  /** The clock for dates a reply does not carry (an unreferenced return's date, a report without dateTime). */
  readonly now?: () => Date;
}

export class CustomFiscalDevice implements FiscalDevice {
  readonly brand = 'custom' as const;
  readonly connection: CustomFiscalConnection;
  private readonly options: CustomFiscalDeviceOptions;
  private readonly queue: SerialQueue;
  private serialNumber: string | null = null;

  constructor(connection: CustomFiscalConnection, options: CustomFiscalDeviceOptions = {}) {
    this.connection = connection;
    this.options = options;
    this.queue = queueForEndpoint(`${connection.protocol}://${connection.host}:${connection.port}`);
  }

  /** queryPrinterStatus (paper, cover, journal, open document) and getInfo (service, training, certificate). */
  status(): Promise<FiscalStatus> {
    return this.queue.run(async () => {
      const printer = parseCustomPrinterStatus((await this.send(buildCustomStatusRequest(), 'offline', 'query')).fields);
      const info = await this.readInfo('offline');
      return {
        ...printer,
        journal: info.journalFull ? 'full' : printer.journal,
        inService: info.inService,
        training: info.training,
        // Neither reply says a closure is due; the device says so by refusing (errors 54, 61, 70) [U].
        closureNeeded: false,
        // getZReports lists the day files by state, but not as counts in the sources read: unknown here.
        filesPending: null,
        filesOld: null,
        filesRejected: null,
        certificateExpiry: info.certificateExpiry,
      };
    });
  }

  /**
   * Returns and voids of a known document first ask the device with `checkOnly="1"` and go on only
   * when it finds the original; then the document is sent whole. Its Z and number come from the
   * reply's `nClose`/`fiscalDoc`/`dateTime` (as fiskaltrust reads them); a reply without them is
   * read back from the last document, and when that fails too the outcome is unknown.
   */
  issue(request: FiscalRequest): Promise<FiscalDocument> {
    const parsed = fiscalRequestSchema.safeParse(request);
    if (!parsed.success) {
      return Promise.reject(new FiscalDeviceError('bad-request', `Not a valid fiscal request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    }
    const valid = parsed.data;
    let xml: string;
    try {
      xml = buildCustomIssueRequest(valid, { today: this.now(), vatIndexByDepartment: this.options.vatIndexByDepartment, paymentTypes: this.options.paymentTypes });
    } catch (error) {
      return Promise.reject(error instanceof FiscalDeviceError ? error : new FiscalDeviceError('bad-request', String(error), { cause: error }));
    }
    return this.queue.run(async () => {
      const serial = await beforeSending(async () => this.serialNumber ?? (await this.readInfo('offline')).serial);
      const original = valid.kind === 'sale' ? null : valid.original;
      if (valid.kind !== 'sale' && original !== null) {
        const found = await beforeSending(async () => this.checkOnly(valid.kind, original));
        if (found !== 'found') {
          throw new FiscalDeviceError('refused', found === 'not-found' ? 'The fiscal printer does not find the original document' : 'The fiscal printer does not allow that return or void of the original document', {
            deviceCode: found === 'not-found' ? 'REFERENCE_NOT_FOUND' : 'REFERENCE_NOT_ALLOWED',
          });
        }
      }
      const reply = await this.send(xml, 'outcome-unknown', 'act');
      return this.documentOf(reply, serial, fiscalRequestTotalCents(valid));
    });
  }

  lastDocument(): Promise<FiscalDocument | null> {
    return this.queue.run(async () => this.queryLastDocument('offline'));
  }

  /** The device's own pre-check: `checkOnly="1"` answers found / not found / not allowed. */
  checkReference(kind: 'return' | 'void', original: FiscalReference): Promise<boolean | null> {
    return this.queue.run(async () => (await this.checkOnly(kind, original)) === 'found');
  }

  /** printXReport, then the day's counters (getDailyTotals) and the Z the day will close as (getInfo). */
  xReading(): Promise<FiscalClosure> {
    return this.queue.run(async () => {
      const report = await this.send(buildCustomXReport(), 'offline', 'query');
      const dailyAmountCents = parseCustomDailyAmount(await this.send(buildCustomDailyTotalsRequest(), 'offline', 'query'));
      const info = await this.readInfo('offline');
      return this.closure(report, info.serial, info.zSetNumber + 1, dailyAmountCents, 'offline');
    });
  }

  /**
   * The day's counters are read BEFORE the Z (the Z zeroes them), then printZReport. The Z number
   * is the reply's nClose or, as fiskaltrust does when the reply omits it, getInfo's zSetNumber.
   */
  zClosure(): Promise<FiscalClosure> {
    return this.queue.run(async () => {
      const dailyAmountCents = parseCustomDailyAmount(await this.send(buildCustomDailyTotalsRequest(), 'offline', 'query'));
      const serial = this.serialNumber ?? (await this.readInfo('offline')).serial;
      const reply = await this.send(buildCustomZReport(), 'outcome-unknown', 'act');
      const nClose = reply.fields.get('nClose');
      const zNumber = nClose !== undefined && /^\d{1,4}$/.test(nClose) ? Number(nClose) : (await this.readInfo('outcome-unknown')).zSetNumber;
      return this.closure(reply, serial, zNumber, dailyAmountCents, 'outcome-unknown');
    });
  }

  /** The XML protocol reads VAT rates (getVatRate) but not which department uses which: null. */
  departments(): Promise<Department[] | null> {
    return Promise.resolve(null);
  }

  /** The device's serial (cached after the first getInfo). */
  serial(): Promise<string> {
    return this.queue.run(async () => this.serialNumber ?? (await this.readInfo('offline')).serial);
  }

  /** One request; a success="false" reply throws, as outcome unknown where it may have printed (`act`). */
  private async send(xml: string, unreadable: FiscalFailure, kind: 'query' | 'act'): Promise<CustomReply> {
    const reply = parseCustomReply(await postCustom(this.connection, xml, this.credentials(), this.options), unreadable);
    throwIfCustomFailed(reply, kind === 'act');
    return reply;
  }

  private credentials(): CustomCredentials | null {
    if (this.connection.user !== null) return { user: this.connection.user, password: this.connection.password ?? '' };
    return this.serialNumber === null ? null : { user: this.serialNumber, password: this.serialNumber };
  }

  private async readInfo(unreadable: FiscalFailure): Promise<CustomInfo> {
    const info = parseCustomInfo(await this.send(buildCustomInfoRequest(), unreadable, 'query'), unreadable);
    this.serialNumber = info.serial;
    return info;
  }

  private async checkOnly(kind: 'return' | 'void', original: FiscalReference): Promise<'found' | 'not-found' | 'not-allowed'> {
    const text = await postCustom(this.connection, buildCustomReferenceCheck(kind, original), this.credentials(), this.options);
    const reply = parseCustomReply(text, 'offline');
    // A refusal that still carries the 0/1/2 result is an answer, not a failure.
    if (!reply.success && !reply.fields.has('responseBuf')) throwIfCustomFailed(reply, false);
    return parseCustomReferenceCheck(reply.fields);
  }

  /** getInfo for serial and Z (documents now belong to Z zSetNumber + 1 [U]), getVatTotalsOnDemand for the last document. */
  private async queryLastDocument(unreadable: FiscalFailure): Promise<FiscalDocument | null> {
    const info = await this.readInfo(unreadable);
    const last = parseCustomLastDocument(await this.send(buildCustomLastDocumentRequest(), unreadable, 'query'), unreadable);
    if (last === null) return null;
    return { serial: info.serial, zNumber: info.zSetNumber + 1, documentNumber: last.documentNumber, date: last.date, time: last.time, amountCents: last.amountCents };
  }

  /**
   * The issued document from the reply. Its amount is the request's total: the reply carries none,
   * and success means the device took the document as sent [U]. Without Z, number or a full
   * dateTime it is read back, and the read-back must show the number the reply gave, if any.
   */
  private async documentOf(reply: CustomReply, serial: string, amountCents: number): Promise<FiscalDocument> {
    const number = reply.fields.get('fiscalDoc');
    const fromReply = documentFromFields(reply.fields, serial, amountCents);
    if (fromReply !== null) return fromReply;
    let last: FiscalDocument | null;
    try {
      last = await this.queryLastDocument('outcome-unknown');
    } catch (error) {
      throw new FiscalDeviceError('outcome-unknown', `The document was issued but could not be read back: ${error instanceof Error ? error.message : String(error)}`, {
        deviceCode: error instanceof FiscalDeviceError ? error.deviceCode : null,
        cause: error,
      });
    }
    if (last === null) throw new FiscalDeviceError('outcome-unknown', 'The printer accepted the document but reports no last document', { deviceCode: 'NO_LAST_DOCUMENT' });
    if (number !== undefined && /^\d+$/.test(number) && Number(number) !== last.documentNumber) {
      throw new FiscalDeviceError('outcome-unknown', `The printer numbered the document ${number} but reports ${last.documentNumber} as its last: query before any retry`, { deviceCode: 'MISMATCH' });
    }
    return { ...last, amountCents };
  }

  /** A report's date and time are the reply's dateTime, or this process's clock where it has none [U]. */
  private closure(reply: CustomReply, serial: string, zNumber: number, dailyAmountCents: number, unreadable: FiscalFailure): FiscalClosure {
    const stamp = reply.fields.get('dateTime');
    const when = stamp === undefined ? null : parseCustomDateTime(stamp, unreadable);
    const now = this.now();
    const pad = (n: number): string => String(n).padStart(2, '0');
    return {
      serial,
      zNumber: parseCustomCount(String(zNumber), 9999, 'Z number', unreadable),
      dailyAmountCents,
      date: when?.date ?? `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
      time: when?.time ?? `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`,
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** nClose, fiscalDoc and a full dateTime from an issue reply, or null when any is missing or unreadable. */
function documentFromFields(fields: ReadonlyMap<string, string>, serial: string, amountCents: number): FiscalDocument | null {
  const z = fields.get('nClose');
  const number = fields.get('fiscalDoc');
  const stamp = fields.get('dateTime');
  if (z === undefined || number === undefined || stamp === undefined) return null;
  if (!/^\d{1,4}$/.test(z) || !/^\d{1,4}$/.test(number) || Number(number) === 0) return null;
  try {
    const when = parseCustomDateTime(stamp, 'outcome-unknown');
    if (when.time === null) return null;
    return { serial, zNumber: Number(z), documentNumber: Number(number), date: when.date, time: when.time, amountCents };
  } catch {
    return null;
  }
}

/** Steps before the document is sent cannot have printed it: a lost answer there is `offline`, not unknown. */
async function beforeSending<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof FiscalDeviceError && error.outcomeUnknown) {
      throw new FiscalDeviceError('offline', `Nothing was issued: ${error.message.replace(/: the document may have been issued.*$/, '')}`, { deviceCode: error.deviceCode, cause: error });
    }
    throw error;
  }
}
