import type { FiscalRequest } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHttpTestPrinters, deviceFailure, startHttpTestPrinter } from '../testing/fiscal-fixtures';
import type { PrinterAnswer, SeenRequest } from '../testing/fiscal-fixtures';
import { createFiscalDevice } from '../create-fiscal-device-node';
import { FiscalDeviceError } from '../fiscal-device';
import { parseFiscalConnection } from '../fiscal-connection';
import { CustomFiscalDevice } from './custom-fiscal-device';
import { basicAuthorization, customPrinterUrl } from './custom-transport';
import { customReply, dailyTotalsReply, infoReply, issuedReply, lastDocumentReply } from './testing/custom-canned-replies';

type Answer = PrinterAnswer;
type Seen = SeenRequest;
const startPrinter = startHttpTestPrinter;
afterEach(closeHttpTestPrinters);

const serial = 'STMTE770207';

/** A printer that issues what it is sent and numbers it; `check` is its checkOnly answer. */
function honest(state = { documents: 0, check: '1' }): Answer {
  return (body, res) => {
    res.setHeader('Content-Type', 'text/xml');
    if (body.includes('<getInfo>')) return void res.end(infoReply({ serial, zSetNumber: 11 }));
    if (body.includes('checkOnly="1"')) return void res.end(customReply({ info: { lastCommand: 'beginRtDocRefund', responseBuf: state.check, printerStatus: '00000' } }));
    if (body.includes('<printerFiscalReceipt>')) {
      state.documents++;
      const number = state.documents;
      return void setTimeout(() => res.end(issuedReply({ nClose: 12, fiscalDoc: number })), 60);
    }
    if (body.includes('<getVatTotalsOnDemand')) return void res.end(lastDocumentReply(state.documents === 0 ? null : { number: state.documents, dateTime: '2026-12-03T09:30:15', total: '19.80' }));
    if (body.includes('<queryPrinterStatus>')) return void res.end(customReply({ info: { lastCommand: 'queryPrinterStatus', printerStatus: '00101', fpStatus: '000', receiptStep: '0', mfStatus: 'MF  OK' } }));
    if (body.includes('<getDailyTotals>')) return void res.end(dailyTotalsReply({ receipts: 125_430, refunds: 990, annulments: 0 }));
    if (body.includes('<printXReport>')) return void res.end(customReply({ info: { lastCommand: 'printXReport', dateTime: '2026-12-03T18:00:05', printerStatus: '00000' } }));
    if (body.includes('<printZReport')) return void res.end(customReply({ info: { lastCommand: 'printZReport', dateTime: '2026-12-03T18:01:00', printerStatus: '00000', nClose: '12' } }));
    res.end(customReply({ success: false, status: 3 }));
  };
}

const sale: FiscalRequest = {
  kind: 'sale',
  lines: [{ description: 'T-SHIRT M', quantityMilli: 2000, unitPriceCents: 990, department: 1, discountCents: 0 }],
  tenders: [{ kind: 'electronic', amountCents: 1980 }],
  roundingCents: 0,
  lotteryCode: null,
  customerTaxId: null,
};
const original = { serial: 'STMTE770100', zNumber: 11, documentNumber: 4, date: '2026-12-02' };
const refund: FiscalRequest = { kind: 'return', lines: [{ description: 'T-SHIRT M', quantityMilli: 1000, unitPriceCents: 990, department: 1, discountCents: 0 }], tenders: [{ kind: 'cash', amountCents: 990 }], roundingCents: 0, original };

function device(port: number, credentials = 'cassa:s%40cret@', query = ''): CustomFiscalDevice {
  const connection = parseFiscalConnection(`custom-rt://${credentials}127.0.0.1:${port}${query}`);
  if (connection.brand !== 'custom') throw new Error('not a Custom connection');
  return new CustomFiscalDevice(connection, { replyGraceMs: 0, now: () => new Date(2026, 11, 3, 18, 0, 5) });
}

const failure = deviceFailure;

const kindOf = (body: string): string =>
  body.includes('<getInfo>') ? 'info' : body.includes('checkOnly="1"') ? 'check' : body.includes('<printerFiscalReceipt>') ? 'receipt' : body.includes('getVatTotalsOnDemand') ? 'last' : 'other';

describe('Custom adapter over HTTP', () => {
  it('issues a sale with Basic auth and takes its Z and number from the reply', async () => {
    const printer = await startPrinter(honest());
    const document = await device(printer.port).issue(sale);
    expect(document).toEqual({ serial, zNumber: 12, documentNumber: 1, date: '2026-12-03', time: '09:30:15', amountCents: 1980 });
    expect(printer.seen.map((s) => kindOf(s.body))).toEqual(['info', 'receipt']);
    for (const seen of printer.seen) {
      expect(seen.url).toBe('/xml/printer.htm');
      expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('cassa:s@cret').toString('base64')}`);
      expect(seen.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(seen.headers.soapaction).toBeUndefined();
    }
    expect(printer.seen[1]?.body).not.toContain('Envelope');
    expect(printer.seen[1]?.body).toContain('paymentType="2"');
  });

  it('without a user it reads the serial first, then logs in as serial:serial', async () => {
    const printer = await startPrinter(honest());
    await device(printer.port, '').issue(sale);
    expect(printer.seen[0]?.headers.authorization).toBeUndefined();
    expect(printer.seen[1]?.headers.authorization).toBe(`Basic ${Buffer.from(`${serial}:${serial}`).toString('base64')}`);
  });

  it('a wrong login (HTTP 401) is a clear refusal naming the credentials', async () => {
    const printer = await startPrinter((body, res) => void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="printer"' }).end('Unauthorized'));
    const error = await failure(device(printer.port).issue(sale));
    expect([error.failure, error.deviceCode]).toEqual(['refused', 'HTTP 401']);
    expect(error.message).toMatch(/refused the login.*user 'cassa'.*custom-rt:\/\/user:password@host/);
  });

  it('a return is checked with checkOnly=1, then sent with checkOnly=0 and its items', async () => {
    const printer = await startPrinter(honest());
    const document = await device(printer.port).issue(refund);
    expect(document).toMatchObject({ documentNumber: 1, amountCents: 990 });
    expect(printer.seen.map((s) => kindOf(s.body))).toEqual(['info', 'check', 'receipt']);
    expect(printer.seen[1]?.body).toContain('<beginRtDocRefund docRefZ="0011" docRefNumber="0004" docDate="021226" printPreview="0" fiscalSerial="STMTE770100" checkOnly="1">');
    expect(printer.seen[2]?.body).toContain('checkOnly="0"');
    expect(printer.seen[2]?.body).toContain('<printRecItem description="T-SHIRT M" unitPrice="990"');
  });

  it('a return or void the device does not find or allow is refused and never sent', async () => {
    for (const [check, code] of [['0', 'REFERENCE_NOT_FOUND'], ['2', 'REFERENCE_NOT_ALLOWED']] as const) {
      const printer = await startPrinter(honest({ documents: 0, check }));
      const error = await failure(device(printer.port).issue({ kind: 'void', original, amountCents: 1980 }));
      expect([error.failure, error.deviceCode]).toEqual(['refused', code]);
      expect(printer.seen.map((s) => kindOf(s.body))).toEqual(['info', 'check']);
    }
    const printer = await startPrinter(honest({ documents: 0, check: '2' }));
    expect(await device(printer.port).checkReference('return', original)).toBe(false);
  });

  it('a reply later than the timeout is outcome-unknown, and nothing more is sent', async () => {
    const base = honest();
    const printer = await startPrinter((body, res) => (body.includes('<printerFiscalReceipt>') ? void setTimeout(() => res.end(issuedReply({ nClose: 12, fiscalDoc: 1 })), 1500) : base(body, res)));
    const error = await failure(device(printer.port, 'u:p@', '?timeoutMs=200').issue(sale));
    expect([error.failure, error.deviceCode, error.outcomeUnknown]).toEqual(['outcome-unknown', 'TIMEOUT', true]);
    expect(printer.seen.map((s) => kindOf(s.body))).toEqual(['info', 'receipt']);
  });

  it('a lost answer before the document was sent is offline, not unknown', async () => {
    const printer = await startPrinter((body, res) => void setTimeout(() => res.end(infoReply()), 1500));
    const error = await failure(device(printer.port, 'u:p@', '?timeoutMs=200').issue(sale));
    expect(error.failure).toBe('offline');
  });

  it('a connection dropped mid-reply or before any reply is outcome-unknown; a refused one is offline', async () => {
    const base = honest();
    const midReply = await startPrinter((body, res) => {
      if (!body.includes('<printerFiscalReceipt>')) return base(body, res);
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '500' });
      res.write(issuedReply({ nClose: 12, fiscalDoc: 1 }).slice(0, 120));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await failure(device(midReply.port).issue(sale))).failure).toBe('outcome-unknown');
    const dropped = await startPrinter((body, res) => (body.includes('<printerFiscalReceipt>') ? void res.socket?.destroy() : base(body, res)));
    expect((await failure(device(dropped.port).issue(sale))).failure).toBe('outcome-unknown');
    const closed = await startPrinter(base);
    await closed.close();
    const refused = await failure(device(closed.port).issue(sale));
    expect([refused.failure, refused.deviceCode]).toEqual(['offline', 'ECONNREFUSED']);
  });

  it('maps Custom error numbers and HTTP errors on issue()', async () => {
    const cases: [string, string, string | null][] = [
      [customReply({ success: false, status: 16 }), 'paper-out', '16'],
      [customReply({ success: false, status: 64 }), 'cover-open', '64'],
      [customReply({ success: false, status: 54 }), 'closure-needed', '54'],
      [customReply({ success: false, status: 28 }), 'department-not-programmed', '28'],
      [customReply({ success: false, status: 76 }), 'outcome-unknown', '76'],
      ['<html>busy</html>', 'outcome-unknown', 'PROTOCOL'],
      ['500', 'outcome-unknown', 'HTTP 500'],
      ['404', 'bad-request', 'HTTP 404'],
    ];
    const base = honest();
    for (const [reply, expected, code] of cases) {
      const printer = await startPrinter((body, res) => {
        if (!body.includes('<printerFiscalReceipt>')) return base(body, res);
        if (/^\d{3}$/.test(reply)) return void res.writeHead(Number(reply)).end();
        res.end(reply);
      });
      const error = await failure(device(printer.port).issue(sale));
      expect([error.failure, error.deviceCode]).toEqual([expected, code]);
    }
  });

  it('a reply without Z and number is read back from the last document; a failed read-back is outcome-unknown', async () => {
    const state = { documents: 0, check: '1' };
    const base = honest(state);
    const bare = await startPrinter((body, res) => {
      if (!body.includes('<printerFiscalReceipt>')) return base(body, res);
      state.documents = 7;
      res.end(customReply({ info: { lastCommand: 'endFiscalReceiptCut', printerStatus: '00000', fiscalDoc: '7' } }));
    });
    expect(await device(bare.port).issue(sale)).toEqual({ serial, zNumber: 12, documentNumber: 7, date: '2026-12-03', time: '09:30:15', amountCents: 1980 });
    expect(bare.seen.map((s) => kindOf(s.body))).toEqual(['info', 'receipt', 'info', 'last']);
    const broken = await startPrinter((body, res) => {
      if (body.includes('<printerFiscalReceipt>')) return void res.end(customReply({ info: { printerStatus: '00000' } }));
      if (body.includes('getVatTotalsOnDemand')) return void res.end('<response success="true" status="0"><addInfo><lastDocument><number>1');
      return base(body, res);
    });
    const error = await failure(device(broken.port).issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.message).toMatch(/issued but could not be read back/);
  });

  it('two concurrent issue() calls reach the printer one after the other, even from two device objects', async () => {
    const printer = await startPrinter(honest());
    const [first, second] = await Promise.all([device(printer.port).issue(sale), device(printer.port).issue(sale)]);
    expect([first.documentNumber, second.documentNumber]).toEqual([1, 2]);
    expect(printer.maxInFlight()).toBe(1);
    expect(printer.seen.map((s) => kindOf(s.body))).toEqual(['info', 'receipt', 'info', 'receipt']);
    for (let i = 1; i < printer.seen.length; i++) expect(printer.seen[i]?.startedAt).toBeGreaterThanOrEqual(printer.seen[i - 1]?.finishedAt ?? Infinity);
  });

  it('reads status, the last document, X and Z', async () => {
    const state = { documents: 0, check: '1' };
    const printer = await startPrinter(honest(state));
    const rt = device(printer.port);
    expect(await rt.status()).toEqual({
      printer: 'paper-low',
      journal: 'near-full',
      documentOpen: false,
      inService: true,
      training: false,
      closureNeeded: false,
      filesPending: null,
      filesOld: null,
      filesRejected: null,
      certificateExpiry: '2027-02-26',
    });
    expect(await rt.lastDocument()).toBeNull();
    state.documents = 3;
    expect(await rt.lastDocument()).toEqual({ serial, zNumber: 12, documentNumber: 3, date: '2026-12-03', time: '09:30:15', amountCents: 1980 });
    expect(await rt.xReading()).toEqual({ serial, zNumber: 12, dailyAmountCents: 124_440, date: '2026-12-03', time: '18:00:05' });
    printer.seen.length = 0;
    expect(await rt.zClosure()).toEqual({ serial, zNumber: 12, dailyAmountCents: 124_440, date: '2026-12-03', time: '18:01:00' });
    // The day's counters are read before the Z zeroes them.
    expect(printer.seen.map((s) => (s.body.includes('getDailyTotals') ? 'totals' : s.body.includes('printZReport') ? 'z' : kindOf(s.body)))).toEqual(['totals', 'z']);
    expect(await rt.departments()).toBeNull();
  });

  it('createFiscalDevice gives the Custom adapter for custom-rt://', async () => {
    const printer = await startPrinter(honest());
    const rt = createFiscalDevice(`custom-rt://user:pass@127.0.0.1:${printer.port}`, { replyGraceMs: 0 });
    expect(rt).toBeInstanceOf(CustomFiscalDevice);
    expect(rt.brand).toBe('custom');
    expect((await rt.issue(sale)).documentNumber).toBe(1);
    expect(printer.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
  });
});

describe('Custom transport details', () => {
  it('encodes Basic credentials as UTF-8 and builds the printer URL from the connection', () => {
    expect(basicAuthorization({ user: 'cassière', password: 'p:w' })).toBe(`Basic ${Buffer.from('cassière:p:w', 'utf8').toString('base64')}`);
    const connection = parseFiscalConnection('custom-rt://u:p@10.0.0.5?https=1');
    if (connection.brand !== 'custom') throw new Error('not a Custom connection');
    expect(customPrinterUrl(connection)).toBe('https://10.0.0.5:443/xml/printer.htm');
  });
});
