import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './emulator-clock';
import type { RtEmulator } from './rt-emulator-server';
import { startRtEmulator } from './rt-emulator-server';
import { control, directIo, epsonSale, postEpson } from './testing/wire';

const serial = '99MEY012345';
let rt: RtEmulator | undefined;

async function start(printMs = 0): Promise<RtEmulator> {
  rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00'), serial, printMs });
  return rt;
}
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const sale = epsonSale([['CAFFE', '2', '1.20', 2]], [['2.40', 2, 1]]);
const envelope = (inner: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${inner}</s:Body></s:Envelope>`;

async function lastDocument(base: string): Promise<{ amount: string; z: string; number: string }> {
  const data = (await postEpson(base, directIo('1387', '01'))).field('responseData') ?? '';
  return { amount: data.slice(2, 11), z: data.slice(32, 36), number: data.slice(36, 40) };
}

async function journalLength(base: string): Promise<number> {
  return ((await control(base, 'state')).json['journal'] as unknown[]).length;
}

describe('one request at a time', () => {
  it('answers busy to a request that arrives while a document is printing', async () => {
    const { url } = await start(800);
    const [a, b] = await Promise.all([postEpson(url, sale), postEpson(url, sale)]);
    const codes = [a, b].map((r) => r.attribute('response', 'code')).sort();
    expect(codes).toEqual(['', 'LAN_TIME_OUT']);
    expect(await journalLength(url)).toBe(1);
    expect((await lastDocument(url)).number).toBe('0001');
  });

  it('answers busy to a status query during printing, and normally afterwards', async () => {
    const { url } = await start(800);
    const printing = postEpson(url, sale);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await postEpson(url, directIo('1387', '01'));
    expect(during.attribute('response', 'code')).toBe('LAN_TIME_OUT');
    expect((await printing).attribute('response', 'success')).toBe('true');
    expect((await lastDocument(url)).number).toBe('0001');
  });
});

describe('after-print faults: the document exists, the reply does not come right', () => {
  it('reply after the client timeout: committed exactly once, 1387 shows it, the late reply changes nothing', async () => {
    const { url } = await start();
    await control(url, 'fault', { fault: 'reply-after-timeout', delayMs: 400 });
    const attempt = fetch(`${url}/cgi-bin/fpmate.cgi`, { method: 'POST', body: envelope(sale), signal: AbortSignal.timeout(100) });
    await expect(attempt).rejects.toThrow();
    expect(await lastDocument(url)).toEqual({ amount: '000000240', z: '0001', number: '0001' });
    expect(await journalLength(url)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 450)); // the late reply goes to a closed socket
    expect(await journalLength(url)).toBe(1);
    expect((await postEpson(url, sale)).field('fiscalReceiptNumber')).toBe('2'); // the fault was spent
  });

  it('a patient client gets the late reply itself', async () => {
    const { url } = await start();
    await control(url, 'fault', { fault: 'reply-after-timeout', delayMs: 150 });
    const started = Date.now();
    const reply = await postEpson(url, sale);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.field('fiscalReceiptNumber')).toBe('1');
  });

  it('print then drop the connection: the fetch fails, the document exists once', async () => {
    const { url } = await start();
    await control(url, 'fault', { fault: 'drop-after-print' });
    await expect(postEpson(url, sale)).rejects.toThrow();
    expect(await lastDocument(url)).toEqual({ amount: '000000240', z: '0001', number: '0001' });
    expect(await journalLength(url)).toBe(1);
  });

  it('FP_NO_ANSWER after printing: success="false" yet the document exists', async () => {
    const { url } = await start();
    await control(url, 'fault', { fault: 'no-answer-after-print' });
    const reply = await postEpson(url, sale);
    expect(reply.attribute('response', 'success')).toBe('false');
    expect(reply.attribute('response', 'code')).toBe('FP_NO_ANSWER');
    expect((await lastDocument(url)).number).toBe('0001');
    expect(await journalLength(url)).toBe(1);
  });

  it('after-print faults wait for a committing request: a status query does not spend them', async () => {
    const { url } = await start();
    await control(url, 'fault', { fault: 'no-answer-after-print' });
    await postEpson(url, directIo('1138', '01'));
    expect((await control(url, 'state')).json['faults']).toEqual({ 'no-answer-after-print': { remaining: 1, delayMs: 5000 } });
    const z = await postEpson(url, '<printerFiscalReport><printXZReport operator="1"/></printerFiscalReport>');
    expect(z.attribute('response', 'code')).toBe('FP_NO_ANSWER');
    expect((await control(url, 'state')).json['z']).toBe(2);
  });
});
