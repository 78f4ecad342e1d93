/**
 * @module
 * Epson's fiscal ePOS-Print endpoint, `POST /cgi-bin/fpmate.cgi` (fiscal-rt.md §1): a SOAP envelope
 * in, a SOAP `response` out with `addInfo` fields, comma amounts, d/M/yyyy dates and the 5-digit
 * printerStatus. Refusals answer success="false" with Epson's code; the HTTP status stays 200 [U].
 */
import { epsonReplyDate, hourMinute } from './emulator-dates';
import { formatCommaAmount, WireNumberError } from './emulator-money';
import { brandCodes, DeviceRefusal } from './emulator-refusal';
import type { XmlElement } from './emulator-xml';
import { childNamed, escapeXml, localName, parseXml, XmlParseError } from './emulator-xml';
import { runDirectIo } from './epson-direct-io';
import { runEpsonReceipt } from './epson-receipt';
import type { BrandEndpoint, EndpointReply, EndpointRequest, RtDevice } from './rt-device';
import { xmlReply } from './rt-device';

type Fields = readonly (readonly [string, string])[];

/**
 * printerStatus, 5 digits: [0] printer 0 ok / 3 offline (paper end, cover open); [1] EJ 0 ok /
 * 1 near full / 5 full; [2] drawer 1 closed; [3] document 1 closed; [4] mode 0 registration.
 */
export function epsonPrinterStatus(device: RtDevice): string {
  return `${device.printerOffline ? 3 : 0}${device.journalDigit}110`;
}

function envelope(success: boolean, code: string, fields: Fields): string {
  const list = fields.map(([name]) => name).join(',');
  const values = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    // ASSUMPTION [U]: status="2" as in the fixtures; its meaning is not in the reference.
    `<response success="${success}" code="${escapeXml(code)}" status="2"><addInfo><elementList>${list}</elementList>${values}</addInfo></response>` +
    '</soapenv:Body></soapenv:Envelope>'
  );
}

export class EpsonEndpoint implements BrandEndpoint {
  readonly brand = 'epson';
  readonly path = '/cgi-bin/fpmate.cgi';

  constructor(private readonly device: RtDevice) {}

  handle(request: EndpointRequest): EndpointReply {
    let body: XmlElement;
    try {
      const root = parseXml(request.body);
      const soapBody = localName(root) === 'Envelope' ? childNamed(root, 'Body') : undefined;
      const first = soapBody?.children[0];
      if (!first) return this.failure('PARSER_ERROR');
      body = first;
    } catch (error) {
      if (error instanceof XmlParseError) return this.failure('PARSER_ERROR');
      throw error;
    }
    try {
      return this.route(body);
    } catch (error) {
      if (error instanceof DeviceRefusal) return this.failure(brandCodes[error.reason].epson);
      if (error instanceof WireNumberError) return this.failure(brandCodes['bad-request'].epson);
      throw error;
    }
  }

  private route(body: XmlElement): EndpointReply {
    switch (localName(body)) {
      case 'printerFiscalReceipt':
        return this.receipt(body);
      case 'printerFiscalReport':
        return this.report(body);
      case 'printerCommand':
      case 'printerCommands':
        return this.command(body);
      default:
        throw new DeviceRefusal('bad-request', `root ${body.name}`);
    }
  }

  private receipt(body: XmlElement): EndpointReply {
    this.device.guard('document');
    const doc = runEpsonReceipt(this.device.state, body);
    const fields: Fields = [
      ['lastCommand', '74'],
      ['printerStatus', epsonPrinterStatus(this.device)],
      ['fiscalReceiptNumber', String(doc.number)],
      ['fiscalReceiptAmount', formatCommaAmount(doc.amountCents)],
      ['fiscalReceiptDate', epsonReplyDate(doc.at)],
      ['fiscalReceiptTime', hourMinute(doc.at)],
      ['zRepNumber', String(doc.z)],
    ];
    return xmlReply(envelope(true, '', fields), true);
  }

  private report(body: XmlElement): EndpointReply {
    const names = body.children.map(localName);
    const { state } = this.device;
    if (names.includes('printZReport') || names.includes('printXZReport')) {
      // OCA: printZReport alone is "forbid by Epson by default"; the emulator accepts both [U].
      this.device.guard('z-report');
      const closure = state.closeDay();
      const fields: Fields = [
        ['lastCommand', '74'],
        ['printerStatus', epsonPrinterStatus(this.device)],
        ['zRepNumber', String(closure.z)],
        ['dailyAmount', formatCommaAmount(closure.dailyAmountCents)],
      ];
      return xmlReply(envelope(true, '', fields), true);
    }
    if (!names.includes('printXReport')) throw new DeviceRefusal('bad-request', 'no report command');
    this.device.guard('x-report');
    const fields: Fields = [
      ['lastCommand', '74'],
      ['printerStatus', epsonPrinterStatus(this.device)],
      ['zRepNumber', String(state.z)],
      ['dailyAmount', formatCommaAmount(state.dailyAmountCents())],
    ];
    return xmlReply(envelope(true, '', fields));
  }

  private command(body: XmlElement): EndpointReply {
    this.device.guard('query');
    const command = body.children[0];
    if (!command) throw new DeviceRefusal('bad-request', 'empty printerCommand');
    const name = localName(command);
    if (name === 'queryPrinterStatus') {
      const status = epsonPrinterStatus(this.device);
      return xmlReply(envelope(true, '', [['lastCommand', '74'], ['printerStatus', status], ['fpStatus', status]]));
    }
    if (name !== 'directIO') throw new DeviceRefusal('bad-request', `printerCommand ${name}`);
    const code = command.attributes.get('command') ?? '';
    const data = runDirectIo(this.device, code, command.attributes.get('data') ?? '');
    return xmlReply(
      envelope(true, '', [
        ['lastCommand', '74'],
        ['printerStatus', epsonPrinterStatus(this.device)],
        ['responseCommand', code],
        ['responseData', data],
      ]),
    );
  }

  private failure(code: string): EndpointReply {
    return xmlReply(envelope(false, code, [['printerStatus', epsonPrinterStatus(this.device)]]));
  }

  busyReply(): EndpointReply {
    return this.failure(brandCodes.busy.epson);
  }

  /** FP_NO_ANSWER: the firmware did not answer in time (§1 Errors); the document may exist. */
  noAnswerReply(): EndpointReply {
    return this.failure('FP_NO_ANSWER');
  }
}
