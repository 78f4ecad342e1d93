import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { epsonReply, lastDocumentData, rtStatusData } from '../fiscal/epson/testing/canned-replies';
import { exitCodes, runDevicesCli } from './devices-cli';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** An fpmate.cgi on 127.0.0.1 that answers status, 1138, 1387 and reports; it records every body. */
async function startRt(opts: { lastDocument?: boolean; status?: string } = {}): Promise<{ conn: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const data = body.includes('"1387"')
        ? lastDocumentData({ amountCents: opts.lastDocument === false ? 0 : 1980, ddmmyy: '031226', hhmmss: '093015', zNumber: 12, documentNumber: opts.lastDocument === false ? 0 : 34, serial: '99MEY012345' })
        : body.includes('"1138"')
          ? rtStatusData({ 9: '0002', 21: '311227' })
          : '';
      res.end(epsonReply({ info: { printerStatus: opts.status ?? '00110', responseData: data, zRepNumber: '12', dailyAmount: '1.234,50' } }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { conn: `epson-rt://127.0.0.1:${(server.address() as AddressInfo).port}?timeoutMs=2000`, bodies };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDevicesCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('devices CLI, fiscal verbs', () => {
  it('fiscal-test reads status and last document and issues nothing fiscal', async () => {
    const rt = await startRt();
    const result = await cli('fiscal-test', rt.conn);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.out).toContain('printer ok, journal ok, in service');
    expect(result.out).toContain('files to send 2, old 0, rejected 0; certificate expires 2027-12-31');
    expect(result.out).toContain('last document: 99MEY012345 0012-0034 of 2026-12-03 09:30:15, €19,80');
    expect(result.out).toContain('nothing fiscal was issued');
    expect(rt.bodies.some((b) => b.includes('printerFiscalReceipt') || b.includes('printerFiscalReport'))).toBe(false);
  });

  it('fiscal-status exits 4 when the device needs attention', async () => {
    const rt = await startRt({ status: '30110' });
    const result = await cli('fiscal-status', rt.conn);
    expect(result).toMatchObject({ code: exitCodes.deviceError, out: expect.stringContaining('printer offline') as unknown });
  });

  it('fiscal-x prints the reading; fiscal-z wants --yes before closing the day', async () => {
    const rt = await startRt();
    expect(await cli('fiscal-x', rt.conn)).toMatchObject({ code: 0, out: expect.stringContaining('X reading 12 on 99MEY012345: day total €1234,50') as unknown });
    const refused = await cli('fiscal-z', rt.conn);
    expect(refused).toMatchObject({ code: exitCodes.usage, err: expect.stringContaining('add --yes') as unknown });
    expect(rt.bodies.some((b) => b.includes('printXZReport'))).toBe(false);
    expect(await cli('fiscal-z', rt.conn, '--yes')).toMatchObject({ code: 0, out: expect.stringContaining('Z closure 12') as unknown });
    expect(rt.bodies.some((b) => b.includes('printXZReport'))).toBe(true);
  });

  it('bad strings are usage errors; unreachable and unsupported devices exit 3', async () => {
    expect(await cli('fiscal-status')).toMatchObject({ code: 2, err: expect.stringContaining('missing fiscal connection string') as unknown });
    expect(await cli('fiscal-status', 'epson-rt://10.0.0.1?timeoutMs=0')).toMatchObject({ code: 2, err: expect.stringContaining("timeoutMs '0'") as unknown });
    expect(await cli('fiscal-status', 'custom-rt://u:p@127.0.0.1:1')).toMatchObject({ code: 3, err: expect.stringContaining('BAD_PORT') as unknown });
    const rt = await startRt();
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect(await cli('fiscal-status', rt.conn)).toMatchObject({ code: 3, err: expect.stringContaining('ECONNREFUSED') as unknown });
    // fetch will not connect to a "bad port" at all: said so, and nothing could have printed.
    expect(await cli('fiscal-status', 'epson-rt://127.0.0.1:1')).toMatchObject({ code: 3, err: expect.stringContaining('BAD_PORT') as unknown });
  });
});
