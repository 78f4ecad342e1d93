import { describe, expect, it } from 'vitest';
import { useRtEmulator } from '../testing/fiscal-fixtures';
import { control, directIo, epsonSale, postEpson } from './testing/wire';

const serial = '99MEY012345';
const session = useRtEmulator({ serial });

const sale = epsonSale([['CAFFE', '1', '1.20', 2]], [['1.20', 0, 1]]);
const zReport = '<printerFiscalReport><printXZReport operator="1"/></printerFiscalReport>';

async function journalLength(): Promise<number> {
  return ((await control(session.rt.url, 'state')).json['journal'] as unknown[]).length;
}

describe('condition faults, Epson codes and status digits', () => {
  const cases: readonly { fault: string; code: string; status?: RegExp }[] = [
    { fault: 'paper-end', code: 'EPTR_REC_EMPTY', status: /^3/ },
    { fault: 'cover-open', code: 'EPTR_REC_EMPTY', status: /^3/ },
    { fault: 'journal-full', code: 'PRINTER ERROR', status: /^05/ },
    { fault: 'fiscal-memory-full', code: 'PRINTER ERROR' },
    { fault: 'clock-behind', code: 'PRINTER ERROR' },
    { fault: 'not-in-service', code: 'PRINTER ERROR' },
    { fault: 'busy', code: 'LAN_TIME_OUT' },
    { fault: 'closure-needed', code: 'PRINTER ERROR' },
    { fault: 'certificate-expired', code: 'PRINTER ERROR' },
  ];
  for (const { fault, code, status } of cases) {
    it(`${fault}: a sale answers ${code} and prints nothing; it lasts until cleared`, async () => {
      expect((await control(session.rt.url, 'fault', { fault })).status).toBe(200);
      for (let i = 0; i < 2; i++) {
        const reply = await postEpson(session.rt.url, sale);
        expect(reply.attribute('response', 'success')).toBe('false');
        expect(reply.attribute('response', 'code')).toBe(code);
        if (status) expect(reply.field('printerStatus')).toMatch(status);
      }
      expect(await journalLength()).toBe(0);
      await control(session.rt.url, 'fault', { fault: 'none' });
      expect((await postEpson(session.rt.url, sale)).attribute('response', 'success')).toBe('true');
    });
  }

  it('count: the fault spoils that many requests, then the device works', async () => {
    await control(session.rt.url, 'fault', { fault: 'paper-end', count: 2 });
    expect((await postEpson(session.rt.url, sale)).attribute('response', 'code')).toBe('EPTR_REC_EMPTY');
    expect((await postEpson(session.rt.url, sale)).attribute('response', 'code')).toBe('EPTR_REC_EMPTY');
    expect((await postEpson(session.rt.url, sale)).attribute('response', 'success')).toBe('true');
  });

  it('journal near full warns in the status digit and still prints', async () => {
    await control(session.rt.url, 'fault', { fault: 'journal-near-full' });
    const reply = await postEpson(session.rt.url, sale);
    expect(reply.attribute('response', 'success')).toBe('true');
    expect(reply.field('printerStatus')).toBe('01110');
  });

  it('second Z is refused; status queries still answer under conditions', async () => {
    await control(session.rt.url, 'fault', { fault: 'second-z' });
    expect((await postEpson(session.rt.url, zReport)).attribute('response', 'success')).toBe('false');
    await control(session.rt.url, 'fault', { fault: 'paper-end' });
    const status = await postEpson(session.rt.url, '<printerCommand><queryPrinterStatus operator="1" statusType="1"/></printerCommand>');
    expect(status.attribute('response', 'success')).toBe('true');
    expect(status.field('fpStatus')).toBe('30110');
  });

  it('1138 reports not in service, Z needed, certificate expiry and files', async () => {
    const normal = (await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData') ?? '';
    expect(normal).toHaveLength(47);
    expect(normal.slice(3, 5)).toBe('02');
    expect(normal.slice(21, 27)).toBe('311228');
    for (const fault of ['not-in-service', 'closure-needed', 'certificate-expired']) await control(session.rt.url, 'fault', { fault });
    const data = (await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData') ?? '';
    expect(data.slice(3, 5)).toBe('01'); // [3-4] not in service
    expect(data.slice(5, 7)).toBe('08'); // [5-6] pre-service
    expect(data[8]).toBe('1'); // [8] Z needed
    expect(data.slice(21, 27)).toBe('010120'); // [21-26] expired certificate
    expect(data[44]).toBe('1'); // [44] out of service
  });

  it('1138 counts pending, old and rejected files', async () => {
    await postEpson(session.rt.url, sale);
    await postEpson(session.rt.url, zReport);
    expect((await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData')?.slice(9, 21)).toBe('000100000000');
    await control(session.rt.url, 'clock', { advanceMs: 13 * 24 * 3600_000 });
    expect((await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData')?.slice(9, 21)).toBe('000100010000');
    await control(session.rt.url, 'files', { outcome: 'rejected' });
    expect((await postEpson(session.rt.url, directIo('1138', '01'))).field('responseData')?.slice(9, 21)).toBe('000000000001');
  });

  it('the control API refuses unknown faults and bad values', async () => {
    expect((await control(session.rt.url, 'fault', { fault: 'gremlins' })).status).toBe(400);
    expect((await control(session.rt.url, 'fault', { fault: 'paper-end', count: 0 })).status).toBe(400);
    expect((await control(session.rt.url, 'fault', { fault: 'reply-after-timeout', delayMs: -1 })).status).toBe(400);
    expect((await control(session.rt.url, 'clock', { set: 'yesterday' })).status).toBe(400);
    expect((await control(session.rt.url, 'nothing', {})).status).toBe(404);
    const reset = await control(session.rt.url, 'reset', {});
    expect(reset.status).toBe(200);
  });
});
