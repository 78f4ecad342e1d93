/**
 * @module
 * Custom's XML endpoint, `POST /xml/printer.htm` with Basic auth (fiscal-rt.md §2). No SOAP
 * envelope. Integers on the wire: quantity ×1000, price and payment ×100 (fiskaltrust). Returns and
 * voids start with `beginRtDocRefund` / `beginRtDocAnnulment`; with checkOnly="1" the device only
 * answers whether it would accept them. Errors answer success="false" with Custom's error number in
 * `status`.
 */
import { timingSafeEqual } from 'node:crypto';
import { wallParts } from './emulator-clock';
import { isoFromDdMmYy } from './emulator-dates';
import { maxCents, maxThousandths, parseWireInteger, WireNumberError } from './emulator-money';
import { brandCodes, DeviceRefusal } from './emulator-refusal';
import type { XmlElement } from './emulator-xml';
import { escapeXml, localName, parseXml, XmlParseError } from './emulator-xml';
import { epsonTender } from './epson-receipt';
import type { DraftDocument, JournalDocument } from './fiscal-state';
import type { BrandEndpoint, EndpointReply, EndpointRequest, RtDevice } from './rt-device';
import { xmlReply } from './rt-device';

function attr(element: XmlElement, name: string, fallback?: string): string {
  const value = element.attributes.get(name) ?? fallback;
  if (value === undefined) throw new DeviceRefusal('bad-request', `${element.name} needs ${name}`);
  return value;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Custom 31 "EJ near full" (ProtocolErrors.cs): a warning, so it rides on a successful reply [U]. */
const journalNearFullCustom = 31;

/** ASSUMPTION [U]: dateTime as DD/MM/YYYY HH:mm; the reference names the field only. */
function customDateTime(ms: number): string {
  const p = wallParts(ms);
  return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}`;
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
    if (name === 'getInfo' || (name === 'printerCommand' && root.children.some((c) => localName(c) === 'getInfo'))) return this.info();
    if (name === 'printerFiscalReceipt') return this.receipt(root);
    if (name === 'printerFiscalReport') return this.report(root);
    throw new DeviceRefusal('bad-request', `root ${root.name}`);
  }

  private receipt(root: XmlElement): EndpointReply {
    const first = root.children[0];
    if (!first) throw new DeviceRefusal('bad-request', 'empty receipt');
    const firstName = localName(first);
    const opensReference = firstName === 'beginRtDocRefund' || firstName === 'beginRtDocAnnulment';
    if (opensReference && attr(first, 'checkOnly', '0') === '1') {
      this.device.guard('query');
      this.device.state.precheck(firstName === 'beginRtDocRefund' ? 'return' : 'void', this.reference(first));
      return this.success('checkOnly', undefined);
    }
    this.device.guard('document');
    const draft: DraftDocument = opensReference
      ? { kind: firstName === 'beginRtDocRefund' ? 'return' : 'void', reference: this.reference(first), lines: [], tenders: [] }
      : { kind: 'sale', lines: [], tenders: [] };
    if (!opensReference && firstName !== 'beginFiscalReceipt') throw new DeviceRefusal('bad-request', 'a receipt starts with beginFiscalReceipt');
    if (draft.reference) this.device.state.precheck(draft.kind === 'void' ? 'void' : 'return', draft.reference);
    let ended = false;
    for (const element of root.children.slice(1)) {
      if (ended) throw new DeviceRefusal('bad-request', 'commands after endFiscalReceiptCut');
      ended = this.step(draft, element);
    }
    if (!ended) throw new DeviceRefusal('not-paid', 'no endFiscalReceiptCut');
    const doc = this.device.state.commit(draft);
    return this.success('endFiscalReceiptCut', doc);
  }

  /** One element inside a receipt; true at the end. */
  private step(draft: DraftDocument, element: XmlElement): boolean {
    const { state } = this.device;
    switch (localName(element)) {
      case 'printRecItem': {
        const quantity = parseWireInteger(attr(element, 'quantity', '1000'), maxThousandths);
        const price = parseWireInteger(attr(element, 'unitPrice'), maxCents);
        draft.lines.push(state.itemLine(element.attributes.get('description') ?? '', quantity, price, Number(attr(element, 'department', '1'))));
        return false;
      }
      case 'printRecItemAdjustment': {
        // ASSUMPTION [U]: the reference names types 2 and 3 only; 3 is taken as a discount, 2 as a surcharge.
        const type = attr(element, 'adjustmentType');
        if (type !== '2' && type !== '3') throw new DeviceRefusal('bad-request', `adjustmentType ${type}`);
        const amount = parseWireInteger(attr(element, 'amount'), maxCents);
        const last = draft.lines.findLast((line) => line.type === 'item');
        const department = Number(attr(element, 'department', String(last?.department ?? 1)));
        draft.lines.push(state.adjustmentLine(element.attributes.get('description') ?? '', type === '3' ? -amount : amount, department));
        return false;
      }
      case 'printRecTotal': {
        // ASSUMPTION [U]: Custom's paymentType numbers are taken to be Epson's (0 cash, 2 card…).
        const payment = element.attributes.get('payment');
        if (payment !== undefined) {
          const kind = epsonTender(attr(element, 'paymentType', '0'), attr(element, 'index', '1'));
          draft.tenders.push({ kind, amountCents: parseWireInteger(payment, maxCents) });
        }
        return false;
      }
      case 'setLotteryCode': {
        const code = attr(element, 'code');
        if (!/^[0-9A-Z]{8}$/.test(code)) throw new DeviceRefusal('bad-request', `lottery code ${code}`);
        draft.lotteryCode = code;
        return false;
      }
      case 'endFiscalReceiptCut':
      case 'endFiscalReceipt':
        return true;
      default:
        return false; // printRecSubtotal, printRecMessage: no fiscal effect.
    }
  }

  private reference(element: XmlElement): NonNullable<DraftDocument['reference']> {
    const date = isoFromDdMmYy(attr(element, 'docDate'));
    const z = attr(element, 'docRefZ');
    const number = attr(element, 'docRefNumber');
    if (!date || !/^\d{1,4}$/.test(z) || !/^\d{1,4}$/.test(number)) throw new DeviceRefusal('bad-request', 'docRefZ, docRefNumber, docDate(DDMMYY)');
    return { serial: attr(element, 'fiscalSerial'), z: Number(z), number: Number(number), date };
  }

  private report(root: XmlElement): EndpointReply {
    // ASSUMPTION [U]: Custom's report commands are taken to be printZReport / printXReport.
    const names = root.children.map(localName);
    if (names.includes('printZReport')) {
      this.device.guard('z-report');
      this.device.state.closeDay();
      return this.success('printZReport', undefined, true);
    }
    if (!names.includes('printXReport')) throw new DeviceRefusal('bad-request', 'no report command');
    this.device.guard('x-report');
    return this.success('printXReport', undefined);
  }

  private info(): EndpointReply {
    this.device.guard('query');
    const { state } = this.device;
    const last = state.lastDocument;
    const fields: [string, string][] = [
      ['serialNumber', state.serial],
      ['fpStatus', this.status()],
      ['nClose', String(state.z)],
      ['fiscalDoc', String(state.documentsToday)],
      ['dateTime', customDateTime(state.now())],
      ['lastDocAmount', String(last?.amountCents ?? 0)],
      ['dayOpen', state.dayOpen ? '1' : '0'],
    ];
    const body = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<infoResp success="true" status="0">${body}</infoResp>`);
  }

  /** ASSUMPTION [U]: Custom's status digits are laid out like Epson's. */
  private status(): string {
    return `${this.device.printerOffline ? 3 : 0}${this.device.journalDigit}110`;
  }

  private success(lastCommand: string, doc: JournalDocument | undefined, committed = doc !== undefined): EndpointReply {
    const { state } = this.device;
    const fields: [string, string][] = [
      ['lastCommand', lastCommand],
      ['dateTime', customDateTime(doc?.at ?? state.now())],
      ['printerStatus', this.status()],
      ['fpStatus', this.status()],
      ['receiptStep', '0'],
      ['nClose', String(doc?.z ?? state.z)],
      ['fiscalDoc', String(doc?.number ?? state.documentsToday)],
    ];
    const body = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
    // Journal near full warns without refusing: status 31 on a successful reply [U].
    const status = this.device.journalDigit === 1 ? journalNearFullCustom : 0;
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<response success="true" status="${status}"><addInfo>${body}</addInfo></response>`, committed);
  }

  private failure(code: number): EndpointReply {
    return xmlReply(`<?xml version="1.0" encoding="utf-8"?>\n<response success="false" status="${code}"><addInfo><printerStatus>${this.status()}</printerStatus></addInfo></response>`);
  }

  busyReply(): EndpointReply {
    return this.failure(brandCodes.busy.custom);
  }

  /** ASSUMPTION [U]: Custom has no named "no answer" code; its web server answers 504 with no body. */
  noAnswerReply(): EndpointReply {
    return { status: 504, headers: { 'content-type': 'text/plain' }, body: '', committed: false };
  }
}
