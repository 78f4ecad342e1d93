import type { FiscalRequest } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHttpTestPrinters, deviceFailure, startHttpTestPrinter } from '../testing/fiscal-fixtures';
import type { PrinterAnswer, SeenRequest } from '../testing/fiscal-fixtures';
import { FiscalDeviceError } from '../fiscal-device';
import { parseFiscalConnection } from '../fiscal-connection';
import { EpsonFiscalDevice } from './epson-fiscal-device';
import { epsonReply, lastDocumentData, rtStatusData } from './testing/canned-replies';

type Answer = PrinterAnswer;
type Seen = SeenRequest;
const startPrinter = startHttpTestPrinter;
afterEach(closeHttpTestPrinters);

const serial = '99MEY012345';
let documentNumber = 0;

/** A printer that issues what it is sent and numbers it. */
const honest: Answer = (body, res) => {
  res.setHeader('Content-Type', 'text/xml');
  if (body.includes('<printerFiscalReceipt>')) {
    documentNumber++;
    return void setTimeout(() => res.end(epsonReply({ info: { printerStatus: '20110', fiscalReceiptNumber: String(documentNumber), fiscalReceiptAmount: '19,80', fiscalReceiptDate: '3/12/2026', fiscalReceiptTime: '9:30', zRepNumber: '11' } })), 60);
  }
  if (body.includes('command="1387"')) {
    return void res.end(epsonReply({ info: { responseCommand: '1387', responseData: lastDocumentData({ amountCents: 1980, ddmmyy: '031226', hhmmss: '093015', zNumber: 12, documentNumber, serial }) } }));
  }
  if (body.includes('<queryPrinterStatus')) return void res.end(epsonReply({ info: { lastCommand: '74', printerStatus: '21100' } }));
  if (body.includes('command="1138"')) return void res.end(epsonReply({ info: { responseCommand: '1138', responseData: rtStatusData({ 2: '2', 9: '0004', 21: '311227' }) } }));
  if (body.includes('command="9205"')) return void res.end(epsonReply({ info: { responseData: '0' } }));
  if (body.includes('<printXZReport')) return void res.end(epsonReply({ info: { printerStatus: '00110', zRepNumber: '12', dailyAmount: '1.234,50' } }));
  if (body.includes('<printXReport')) return void res.end(epsonReply({ info: { printerStatus: '00110', zRepNumber: '12', dailyAmount: '19,80' } }));
  res.end(epsonReply({ success: false, code: 'PARSER_ERROR' }));
};

const sale: FiscalRequest = {
  kind: 'sale',
  lines: [{ description: 'T-SHIRT M', quantityMilli: 2000, unitPriceCents: 990, department: 1, discountCents: 0 }],
  tenders: [{ kind: 'electronic', amountCents: 1980 }],
  roundingCents: 0,
  lotteryCode: null,
  customerTaxId: null,
};

function device(port: number, query = ''): EpsonFiscalDevice {
  const connection = parseFiscalConnection(`epson-rt://127.0.0.1:${port}${query}`);
  if (connection.brand !== 'epson') throw new Error('not an Epson connection');
  return new EpsonFiscalDevice(connection, { replyGraceMs: 0, now: () => new Date(2026, 11, 3, 18, 0, 5) });
}

const failure = deviceFailure;

describe('Epson adapter over HTTP', () => {
  it('issues a sale, then reads its numbers back with 1387', async () => {
    documentNumber = 0;
    const printer = await startPrinter(honest);
    const document = await device(printer.port).issue(sale);
    expect(document).toEqual({ serial, zNumber: 12, documentNumber: 1, date: '2026-12-03', time: '09:30:15', amountCents: 1980 });
    expect(printer.seen.map((s) => (s.body.includes('printerFiscalReceipt') ? 'receipt' : '1387'))).toEqual(['receipt', '1387']);
    const first = printer.seen[0];
    expect(first?.url).toBe('/cgi-bin/fpmate.cgi?devid=local_printer&timeout=10000');
    expect(first?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(first?.headers.soapaction).toBe('""');
    expect(first?.headers['if-modified-since']).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(first?.body).toContain('paymentType="2" index="1"');
  });

  it('reads status from the 5 digits and directIO 1138', async () => {
    const printer = await startPrinter(honest);
    expect(await device(printer.port).status()).toEqual({
      printer: 'paper-low',
      journal: 'near-full',
      documentOpen: true,
      inService: true,
      training: false,
      closureNeeded: false,
      filesPending: 4,
      filesOld: 0,
      filesRejected: 0,
      certificateExpiry: '2027-12-31',
    });
  });

  it('runs X and Z (printXZReport) and the 9205 pre-check', async () => {
    documentNumber = 3;
    const printer = await startPrinter(honest);
    const rt = device(printer.port);
    expect(await rt.zClosure()).toEqual({ serial, zNumber: 12, dailyAmountCents: 123_450, date: '2026-12-03', time: '18:00:05' });
    expect(await rt.xReading()).toMatchObject({ zNumber: 12, dailyAmountCents: 1980 });
    expect(await rt.checkReference('return', { serial, zNumber: 12, documentNumber: 3, date: '2026-12-03' })).toBe(true);
    expect(await rt.departments()).toBeNull();
  });

  it('a reply later than the timeout is outcome-unknown, and nothing more is sent', async () => {
    const printer = await startPrinter((body, res) => void setTimeout(() => res.end(epsonReply({ info: { printerStatus: '00110' } })), 1500));
    const error = await failure(device(printer.port, '?timeoutMs=200').issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.deviceCode).toBe('TIMEOUT');
    expect(printer.seen).toHaveLength(1);
  });

  it('a connection dropped mid-reply is outcome-unknown', async () => {
    const printer = await startPrinter((body, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '500' });
      res.write(epsonReply().slice(0, 120));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await failure(device(printer.port).issue(sale))).failure).toBe('outcome-unknown');
  });

  it('a connection dropped before any reply is outcome-unknown; a refused one is offline', async () => {
    const printer = await startPrinter((body, res) => void res.socket?.destroy());
    expect((await failure(device(printer.port).issue(sale))).failure).toBe('outcome-unknown');
    const closed = await startPrinter(honest);
    const port = closed.port;
    await closed.close();
    const refused = await failure(device(port).issue(sale));
    expect(refused.failure).toBe('offline');
    expect(refused.deviceCode).toBe('ECONNREFUSED');
  });

  it('maps Epson codes, status digits and HTTP errors', async () => {
    const cases: [Answer, string, string | null][] = [
      [(b, res) => void res.end(epsonReply({ success: false, code: 'FP_NO_ANSWER' })), 'outcome-unknown', 'FP_NO_ANSWER'],
      [(b, res) => void res.end(epsonReply({ success: false, code: 'EPTR_REC_EMPTY', info: { printerStatus: '30110' } })), 'paper-out', 'EPTR_REC_EMPTY'],
      [(b, res) => void res.end(epsonReply({ success: false, code: 'PARSER_ERROR' })), 'bad-request', 'PARSER_ERROR'],
      [(b, res) => void res.end(epsonReply({ success: true, info: { printerStatus: '30110' } })), 'outcome-unknown', 'status:30110'],
      [(b, res) => void res.end('<html>busy</html>'), 'outcome-unknown', 'PROTOCOL'],
      [(b, res) => void res.writeHead(500).end(), 'outcome-unknown', 'HTTP 500'],
      [(b, res) => void res.writeHead(404).end(), 'bad-request', 'HTTP 404'],
    ];
    for (const [answer, expected, code] of cases) {
      const printer = await startPrinter(answer);
      const error = await failure(device(printer.port).issue(sale));
      expect([error.failure, error.deviceCode]).toEqual([expected, code]);
    }
  });

  it('a refusal that says only PRINTER ERROR is explained from the status when the status shows why', async () => {
    const refusing = (rt: string): Answer => (body, res) => {
      if (/printerFiscal(Receipt|Report)/.test(body)) return void res.end(epsonReply({ success: false, code: 'PRINTER ERROR', info: { printerStatus: '00110' } }));
      if (body.includes('<queryPrinterStatus')) return void res.end(epsonReply({ info: { printerStatus: '00110' } }));
      res.end(epsonReply({ info: { responseData: rt } }));
    };
    const notInService = await failure(device((await startPrinter(refusing(rtStatusData({ 3: '01', 44: '1' })))).port).issue(sale));
    expect([notInService.failure, notInService.deviceCode]).toEqual(['not-in-service', 'PRINTER ERROR']);
    const zNeeded = await failure(device((await startPrinter(refusing(rtStatusData({ 8: '1' })))).port).zClosure());
    expect(zNeeded.failure).toBe('closure-needed');
    const unexplained = await failure(device((await startPrinter(refusing(rtStatusData({})))).port).issue(sale));
    expect([unexplained.failure, unexplained.deviceCode]).toEqual(['bad-request', 'PRINTER ERROR']);
    const unreadable = await failure(device((await startPrinter(refusing('garbage'))).port).issue(sale));
    expect(unreadable.failure).toBe('bad-request');
  });

  it('a query can never have issued a document: busy or offline, never outcome-unknown', async () => {
    const busy = await startPrinter((body, res) => void res.end(epsonReply({ success: false, code: 'LAN_TIME_OUT' })));
    expect((await failure(device(busy.port).lastDocument())).failure).toBe('busy');
    expect((await failure(device(busy.port).status())).failure).toBe('busy');
    const silent = await startPrinter((body, res) => void res.socket?.destroy());
    expect((await failure(device(silent.port).lastDocument())).failure).toBe('offline');
    expect((await failure(device(silent.port).issue(sale))).failure).toBe('outcome-unknown');
  });

  it('a printed document whose read-back fails is outcome-unknown, not a failure to print', async () => {
    const printer = await startPrinter((body, res) => {
      if (body.includes('printerFiscalReceipt')) return void res.end(epsonReply({ info: { printerStatus: '00110', fiscalReceiptNumber: '5' } }));
      res.end(epsonReply({ info: { responseData: 'garbage' } }));
    });
    const error = await failure(device(printer.port).issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.message).toMatch(/issued but could not be read back/);
  });

  it('refuses an invalid request without sending anything', async () => {
    const printer = await startPrinter(honest);
    const bad = { ...sale, lines: [] } as FiscalRequest;
    expect((await failure(device(printer.port).issue(bad))).failure).toBe('bad-request');
    const short = { ...sale, tenders: [{ kind: 'electronic' as const, amountCents: 1 }] };
    expect((await failure(device(printer.port).issue(short))).failure).toBe('bad-request');
    expect(printer.seen).toHaveLength(0);
  });

  it('two concurrent issue() calls reach the printer one after the other, even from two device objects', async () => {
    documentNumber = 0;
    const printer = await startPrinter(honest);
    const a = device(printer.port);
    const b = device(printer.port);
    const [first, second] = await Promise.all([a.issue(sale), b.issue(sale)]);
    expect([first.documentNumber, second.documentNumber]).toEqual([1, 2]);
    expect(printer.maxInFlight()).toBe(1);
    const kinds = printer.seen.map((s) => (s.body.includes('printerFiscalReceipt') ? 'receipt' : '1387'));
    expect(kinds).toEqual(['receipt', '1387', 'receipt', '1387']);
    for (let i = 1; i < printer.seen.length; i++) {
      expect(printer.seen[i]?.startedAt).toBeGreaterThanOrEqual(printer.seen[i - 1]?.finishedAt ?? Infinity);
    }
  });

  it('queries still answer while the paper is out: the recovery read must work then', async () => {
    const printer = await startPrinter((body, res) =>
      void res.end(epsonReply({ info: { printerStatus: '30110', responseData: body.includes('"1387"') ? lastDocumentData({ amountCents: 500, ddmmyy: '031226', hhmmss: '101010', zNumber: 12, documentNumber: 9, serial }) : rtStatusData({}) } })),
    );
    const rt = device(printer.port);
    expect(await rt.lastDocument()).toMatchObject({ documentNumber: 9, amountCents: 500 });
    expect(await rt.status()).toMatchObject({ printer: 'offline', documentOpen: false });
    expect((await failure(rt.xReading())).failure).toBe('paper-out');
  });

  it('a failed request does not block the next one', async () => {
    let calls = 0;
    const printer = await startPrinter((body, res) => {
      calls++;
      if (calls === 1) return void res.socket?.destroy();
      return honest(body, res);
    });
    const rt = device(printer.port);
    const results = await Promise.allSettled([rt.lastDocument(), rt.status()]);
    expect(results[0].status).toBe('rejected');
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: { printer: 'paper-low' } });
  });
});
