/**
 * @module
 * Custom's XML endpoint, `POST /xml/printer.htm` with Basic auth (fiscal-rt.md §2). No SOAP
 * envelope. The replies follow Custom's XML manual ("WEB SERVICES Commands manual for 3rd generation
 * fiscal devices" rev 2.00, fiskaltrust/middleware `…CustomRTPrinter/docs/XMLProtocol.pdf`) and
 * fiskaltrust's models of them (`Models/Responses/InfoResp.cs`, `AddInfo.cs`): getInfo answers
 * `<infoResp>` with zSetNumber, queryPrinterStatus five 0/1 digits, getVatTotalsOnDemand the last
 * document, getDailyTotals the day's counters. Returns and voids start with `beginRtDocRefund` /
 * `beginRtDocAnnulment`; with checkOnly="1" the device only answers 0/1/2 in responseBuf. Errors
 * answer success="false" with Custom's error number (`ProtocolErrors.cs`) in `status`.
 */
import { timingSafeEqual } from 'node:crypto';
import { wallParts } from './emulator-clock';
import { isoFromDdMmYy } from './emulator-dates';
import { WireNumberError } from './emulator-money';
import type { RefusalReason } from './emulator-refusal';
import { brandCodes, DeviceRefusal } from './emulator-refusal';
import type { XmlElement } from './emulator-xml';
import { escapeXml, localName, parseXml, XmlParseError } from './emulator-xml';
import { customAttr as attr, customReceiptStep } from './custom-receipt';
import type { DraftDocument, JournalDocument } from './fiscal-state';
import type { BrandEndpoint, EndpointReply, EndpointRequest, RtDevice } from './rt-device';
import { xmlReply } from './rt-device';

const two = (n: number): string => String(n).padStart(2, '0');

/** Custom 31 "EJ near full" (ProtocolErrors.cs): a warning, so it rides on a successful reply [U]. */
const journalNearFullCustom = 31;

/** `2025-10-17T10:00:45`, the form of the manual's own examples (which the adapter reads too). */
function customDateTime(ms: number): string {
  const p = wallParts(ms);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Cents as getVatTotalsOnDemand writes amounts: `10.00` (manual example). */
function dotAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${two(cents % 100)}`;
}

/** ASSUMPTION [U]: the certificate's expiry as getInfo's certValidTo writes it, dd/MM/yyyy. */
function certificateValidTo(device: RtDevice): string {
  if (device.faults.has('certificate-expired')) return '01/01/2020';
  const ddmmyy = device.options.certificateExpiry ?? '311228';
  return `${ddmmyy.slice(0, 2)}/${ddmmyy.slice(2, 4)}/20${ddmmyy.slice(4, 6)}`;
}

const leaves = (fields: readonly (readonly [string, string])[]): string => fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');

/**
 * The pre-check's `responseBuf` (manual, beginRtDoc* with checkOnly="1"): 1 found and allowed,
 * 0 not found, 2 found but not allowed.
 */
function precheckAnswer(reason: RefusalReason | null): '0' | '1' | '2' {
  if (reason === null) return '1';
  return reason === 'unknown-document' ? '0' : '2';
}

export class CustomEndpoint implements BrandEndpoint {
  readonly brand = 'custom';
  readonly path = '/xml/printer.htm';

  constructor(private readonly device: RtDevice) {}

  /** Basic auth; the user and password default to the serial (lyancoder). */
  authorised(header: string | undefined): boolean {
    const user = this.device.options.customUser ?? this.device.state.serial;
    const password = this.device.options.customPassword ?? this.device.state.serial;
    const expected = Buffer.from(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  handle(request: EndpointRequest): EndpointReply {
    if (!this.authorised(request.headers.authorization)) {
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="printer"', 'content-type': 'text/plain' }, body: 'Unauthorized', committed: false };
    }
    try {
      return this.route(parseXml(request.body));
    } catch (error) {
      if (error instanceof DeviceRefusal) return this.failure(brandCodes[error.reason].custom);
      if (error instanceof WireNumberError || error instanceof XmlParseError) return this.failure(brandCodes['bad-request'].custom);
      throw error;
    }
  }

  private route(root: XmlElement): EndpointReply {
    const name = localName(root);
    if (name === 'printerCommand') return this.command(root);
    if (name === 'getInfo') return this.info();
    if (name === 'printerFiscalReceipt') return this.receipt(root);
    if (name === 'printerFiscalReport') return this.report(root);
    throw new DeviceRefusal('bad-request', `root ${root.name}`);
  }

  /** printerCommand: getInfo, queryPrinterStatus, getVatTotalsOnDemand, getDailyTotals (manual). */
  private command(root: XmlElement): EndpointReply {
    const names = root.children.map(localName);
    this.device.guard('query');
    if (names.includes('getInfo')) return this.info();
    if (names.includes('queryPrinterStatus')) return this.success('queryPrinterStatus', undefined);
    if (names.includes('getVatTotalsOnDemand')) return this.success('getVatTotalsOnDemand', undefined, false, this.vatTotalsOnDemand());
    if (names.includes('getDailyTotals')) return this.success('getDailyTotals', undefined, false, this.dailyTotals());
    throw new DeviceRefusal('bad-request', `printerCommand ${names.join(',')}`);
  }

  private receipt(root: XmlElement): EndpointReply {
    const first = root.children[0];
    if (!first) throw new DeviceRefusal('bad-request', 'empty receipt');
    const firstName = localName(first);
    const opensReference = firstName === 'beginRtDocRefund' || firstName === 'beginRtDocAnnulment';
    const kind = firstName === 'beginRtDocAnnulment' ? 'void' : 'return';
    if (opensReference && attr(first, 'checkOnly', '0') === '1') return this.checkOnly(kind, first);
    this.device.guard('document');
    this.device.state.pendingCustomerTaxId = undefined;
    let draft: DraftDocument;
    if (opensReference) draft = { kind, reference: this.reference(first), lines: [], tenders: [] };
    else if (firstName === 'beginRtDocRefundSpecial') draft = { kind: 'return', reference: this.unreferenced(first), lines: [], tenders: [] };
    else if (firstName === 'beginFiscalReceipt') draft = { kind: 'sale', lines: [], tenders: [] };
    else throw new DeviceRefusal('bad-request', 'a receipt starts with beginFiscalReceipt or beginRtDoc…');
    if (draft.reference) this.device.state.precheck(draft.kind === 'void' ? 'void' : 'return', draft.reference);
    let ended = false;
    for (const element of root.children.slice(1)) {
      if (ended) throw new DeviceRefusal('bad-request', 'commands after endFiscalReceiptCut');
      ended = customReceiptStep(this.device.state, draft, element);
    }
    if (!ended) throw new DeviceRefusal('not-paid', 'no endFiscalReceiptCut');
    const doc = this.device.state.commit(draft);
    return this.success('endFiscalReceiptCut', doc);
  }

  /** checkOnly="1": the device only answers 0 / 1 / 2 in responseBuf, and prints nothing. */
  private checkOnly(kind: 'return' | 'void', element: XmlElement): EndpointReply {
    this.device.guard('query');
    let reason: RefusalReason | null = null;
    try {
      this.device.state.precheck(kind, this.reference(element));
    } catch (error) {
      if (!(error instanceof DeviceRefusal)) throw error;
      reason = error.reason;
    }
    return this.success(localName(element), undefined, false, '', precheckAnswer(reason));
  }

  private reference(element: XmlElement): NonNullable<DraftDocument['reference']> {
    const date = isoFromDdMmYy(attr(element, 'docDate'));
    const z = attr(element, 'docRefZ');
    const number = attr(element, 'docRefNumber');
    if (!date || !/^\d{1,4}$/.test(z) || !/^\d{1,4}$/.test(number)) throw new DeviceRefusal('bad-request', 'docRefZ, docRefNumber, docDate(DDMMYY)');
    return { serial: attr(element, 'fiscalSerial'), z: Number(z), number: Number(number), date };
  }

  /** `beginRtDocRefundSpecial service="ND" docDate`: a return without its original (reference §2). */
  private unreferenced(element: XmlElement): NonNullable<DraftDocument['reference']> {
    const date = isoFromDdMmYy(attr(element, 'docDate'));
    if (attr(element, 'service') !== 'ND' || !date) throw new DeviceRefusal('bad-request', 'service="ND" docDate(DDMMYY)');
    return { serial: '00000000000', z: 0, number: 0, date };
  }

  private report(root: XmlElement): EndpointReply {
    // printZReport ("FISCAL ZEROSET") and printXReport (manual; lyancoder, fiskaltrust).
    const names = root.children.map(localName);
    if (names.includes('printZReport')) {
      this.device.guard('z-report');
      const closure = this.device.state.closeDay();
      return this.success('printZReport', undefined, true, '', undefined, closure.z);
    }
    if (!names.includes('printXReport')) throw new DeviceRefusal('bad-request', 'no report command');
    this.device.guard('x-report');
    return this.success('printXReport', undefined);
  }

  /**
   * getInfo's `<infoResp>` (manual example; fiskaltrust `InfoResp.cs`): serialNumber, fpuState,
   * zSetNumber (the closures made so far), ejFull/ejFilling, simulation, demoMode, certValidTo,
   * certExpired; yes/no are SI/NO. "IN SERVIZIO" is the manual's in-service state; the spelling of
   * the others is [U].
   */
  private info(): EndpointReply {
    this.device.guard('query');
    const { state } = this.device;
    const yes = (on: boolean): string => (on ? 'SI' : 'NO');
    const expired = this.device.faults.has('certificate-expired');
    const body = leaves([
      ['serialNumber', state.serial],
      ['fiscalized', 'SI'],
      ['fpuState', this.device.inService ? 'IN SERVIZIO' : 'FUORI SERVIZIO'],
      ['mfExhausted', 'NO'],
      ['zSetNumber', String(state.z - 1)],
      ['ejPresent', 'SI'],
      ['ejFull', yes(this.device.journalDigit === 5)],
      ['ejFilling', this.device.journalDigit === 0 ? '0.394%' : '97.000%'],
      ['simulation', 'NO'],
      ['demoMode', 'NO'],
      ['certValidTo', certificateValidTo(this.device)],
      ['certExpired', yes(expired)],
    ]);
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<infoResp success="true" status="0">${body}</infoResp>`);
  }

  /**
   * queryPrinterStatus `printerStatus`, five 0/1 digits (manual): S1 cover open, S2 paper end, S3
   * paper near end, S4 EJ full, S5 EJ almost full. Not Epson's layout: its digit [0] is 0/2/3.
   */
  private printerStatus(): string {
    const { faults } = this.device;
    const bit = (on: boolean): string => (on ? '1' : '0');
    return `${bit(faults.has('cover-open'))}${bit(faults.has('paper-end'))}0${bit(this.device.journalDigit === 5)}${bit(this.device.journalDigit === 1)}`;
  }

  /** getVatTotalsOnDemand: the working period's last document (number, dateTime, dot total) and VAT totals. */
  private vatTotalsOnDemand(): string {
    const { state } = this.device;
    const last = state.lastDocument;
    const current = last !== undefined && last.z === state.z ? last : undefined;
    const vat = Object.entries(state.dayTotals().vat)
      .map(([key, t], i) => `<vat${i + 1}><rate>${escapeXml(key)}</rate><gross>${dotAmount(t.sales - t.returns - t.voids)}</gross></vat${i + 1}>`)
      .join('');
    const lastBlock = current ? `<lastDocument><number>${current.number}</number><dateTime>${customDateTime(current.at)}</dateTime><total>${dotAmount(current.amountCents)}</total></lastDocument>` : '';
    return `<getVatTotalsOnDemand vatgroup="0" doctype="0">${lastBlock}<vatTotals>${vat}</vatTotals></getVatTotalsOnDemand>`;
  }

  /** getDailyTotals: counts and digit-cents totals of receipts, annulments and returns (manual). */
  private dailyTotals(): string {
    const { state } = this.device;
    const today = state.journal.filter((doc) => doc.z === state.z);
    const sum = (kind: JournalDocument['kind']): [string, string] => {
      const docs = today.filter((doc) => doc.kind === kind);
      return [String(docs.length).padStart(4, '0'), String(docs.reduce((total, doc) => total + doc.amountCents, 0)).padStart(9, '0')];
    };
    const [receiptsNum, receiptsTot] = sum('sale');
    const [cancelNum, cancelTot] = sum('void');
    const [refundNum, refundTot] = sum('return');
    return `<dailyTotals>${leaves([
      ['receiptsNum', receiptsNum],
      ['receiptsTot', receiptsTot],
      ['telematicCancelRecNum', cancelNum],
      ['telematicCancelRecTot', cancelTot],
      ['telematicRefundRecNum', refundNum],
      ['telematicRefundRecTot', refundTot],
    ])}</dailyTotals>`;
  }

  /**
   * `<response success status><addInfo>` with elementList, lastCommand, dateTime, printerStatus,
   * fpStatus, receiptStep, nClose, fiscalDoc (manual "Response file"; fiskaltrust `AddInfo.cs`).
   * nClose is the Z the document belongs to (the closure's own number after a Z) [U].
   */
  private success(lastCommand: string, doc: JournalDocument | undefined, committed = doc !== undefined, blocks = '', responseBuf?: string, closedZ?: number): EndpointReply {
    const { state } = this.device;
    const fields: [string, string][] = [
      ['lastCommand', lastCommand],
      ['dateTime', customDateTime(doc?.at ?? state.now())],
      ['printerStatus', this.printerStatus()],
      ['fpStatus', '000'],
      ['receiptStep', '0'],
      ['nClose', String(closedZ ?? doc?.z ?? state.z)],
      ['fiscalDoc', String(doc?.number ?? state.documentsToday)],
      ...(responseBuf === undefined ? [] : [['responseBuf', responseBuf] as [string, string]]),
    ];
    const list = `<elementList>${fields.map(([name]) => name).join(',')}</elementList>`;
    // Journal near full warns without refusing: status 31 on a successful reply [U].
    const status = this.device.journalDigit === 1 ? journalNearFullCustom : 0;
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<response success="true" status="${status}"><addInfo>${list}${blocks}${leaves(fields)}</addInfo></response>`, committed);
  }

  private failure(code: number): EndpointReply {
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<response success="false" status="${code}"><addInfo><printerStatus>${this.printerStatus()}</printerStatus></addInfo></response>`);
  }

  busyReply(): EndpointReply {
    return this.failure(brandCodes.busy.custom);
  }

  /** ASSUMPTION [U]: Custom has no named "no answer" code; its web server answers 504 with no body. */
  noAnswerReply(): EndpointReply {
    return { status: 504, headers: { 'content-type': 'text/plain' }, body: '', committed: false };
  }
}
