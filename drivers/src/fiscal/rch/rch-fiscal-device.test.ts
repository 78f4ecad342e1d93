import { readFileSync, readdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FiscalRequest } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '../create-fiscal-device-node';
import { FiscalDeviceError } from '../fiscal-device';
import { parseFiscalConnection } from '../fiscal-connection';
import type { RchFiscalConnection } from '../fiscal-connection';
import { RchFiscalDevice } from './rch-fiscal-device';
import type { RchFiscalDeviceOptions } from './rch-fiscal-device';
import { FakeRchPrinter } from './testing/fake-rch-printer';
import type { FakeHandler } from './testing/fake-rch-printer';
import { lastReceiptLines, serviceCgiReply, statusData } from './testing/rch-replies';
import { deviceFailure } from '../testing/fiscal-fixtures';
import { nodeNetSocketFactory } from './rch-node-socket';

const printers: FakeRchPrinter[] = [];
const httpServers: HttpServer[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
  for (const s of httpServers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** Short waits so a lost answer shows in tests; the real ones are 5 s / 30 s. */
const fast: RchFiscalDeviceOptions = { socketFactory: nodeNetSocketFactory, commandTimeoutMs: (c) => (/^=T/.test(c) ? 300 : 200), replyGraceMs: 50, now: () => new Date(2026, 11, 3, 22, 0, 0) };

async function tcpDevice(handler?: FakeHandler): Promise<{ device: RchFiscalDevice; printer: FakeRchPrinter }> {
  const printer = new FakeRchPrinter(handler);
  printers.push(printer);
  const port = await printer.listen();
  return { device: new RchFiscalDevice(parseFiscalConnection(`rch-rt://127.0.0.1:${port}`) as RchFiscalConnection, fast), printer };
}

const sale: FiscalRequest = {
  kind: 'sale',
  lines: [
    { description: 'T-SHIRT M', quantityMilli: 2000, unitPriceCents: 990, department: 1, discountCents: 100 },
    { description: 'CAFFE', quantityMilli: 1000, unitPriceCents: 120, department: 2, discountCents: 0 },
  ],
  tenders: [{ kind: 'electronic', amountCents: 2000 }],
  roundingCents: 0,
  lotteryCode: null,
  customerTaxId: null,
};

const failureOf = deviceFailure;

describe('RCH adapter over the native protocol (TCP)', () => {
  it('issues a sale frame by frame and reads its number back from the journal', async () => {
    const { device, printer } = await tcpDevice();
    const doc = await device.issue(sale);
    expect(doc).toEqual({ serial: '72MU1234567', zNumber: 12, documentNumber: 1, date: '2026-12-03', time: '09:30', amountCents: 2000 });
    expect(printer.seen.map((s) => s.command)).toEqual(['=K', '=R1/$990/*2/(T-SHIRT M)', '=V-/*100/(SCONTO)', '=R2/$120/(CAFFE)', '=T4/$2000', '=c', '=x', '=K', '=C4', '=C453/$0', '=C1']);
    // A fresh packet id per frame.
    expect(new Set(printer.seen.slice(0, 8).map((s) => s.packId)).size).toBe(8);
    expect(await device.lastDocument()).toEqual(doc);
  });

  it('sends a frame again after a NACK, with the same packet id, and goes on', async () => {
    const { device, printer } = await tcpDevice((command, _p, attempt) => (command.startsWith('=T4') && attempt === 1 ? { kind: 'nack' } : undefined));
    const doc = await device.issue(sale);
    expect(doc.documentNumber).toBe(1);
    const totals = printer.seen.filter((s) => s.command.startsWith('=T4'));
    expect(totals).toHaveLength(2);
    expect(totals[0]?.packId).toBe(totals[1]?.packId);
  });

  it('three NACKs on the total: outcome unknown; three on a read: offline', async () => {
    const { device, printer } = await tcpDevice((command) => (command.startsWith('=T4') || command === '<</?i/*4' ? { kind: 'nack' } : undefined));
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.deviceCode).toBe('NACK');
    expect(printer.seen.filter((s) => s.command.startsWith('=T4'))).toHaveLength(3);
    expect((await failureOf(device.status())).failure).toBe('offline');
  });

  it('a total answered after the timeout is outcome-unknown, and recovery finds the document in the journal', async () => {
    let late = true;
    const { device } = await tcpDevice((command, printer) => {
      if (command.startsWith('=T4') && late) {
        late = false;
        return { ...(printer.honest(command) as { kind: 'reply' }), delayMs: 600 };
      }
      return undefined;
    });
    const started = performance.now();
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.deviceCode).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(600);
    // Recovery reads the journal: the document exists, and it is adopted rather than reprinted.
    expect((await device.lastDocument())?.documentNumber).toBe(1);
  });

  it('a connection dropped in the middle of the reply to the total is outcome-unknown; during an item it is offline', async () => {
    const atTotal = await tcpDevice((command) => (command.startsWith('=T4') ? { kind: 'drop-mid-frame' } : undefined));
    expect((await failureOf(atTotal.device.issue(sale))).failure).toBe('outcome-unknown');
    const atItem = await tcpDevice((command) => (command.startsWith('=R2') ? { kind: 'drop-mid-frame' } : undefined));
    expect((await failureOf(atItem.device.issue(sale))).failure).toBe('offline');
  });

  it('a silent printer on a read is offline, not outcome-unknown', async () => {
    const { device } = await tcpDevice(() => ({ kind: 'silent' }));
    expect((await failureOf(device.status())).failure).toBe('offline');
  });

  it('paper out on an item: a plain paper-out, and the open receipt is cancelled', async () => {
    const { device, printer } = await tcpDevice((command) => (command.startsWith('=R2') ? { kind: 'reply', control: 'P', data: statusData('P', '0016') } : undefined));
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('paper-out');
    expect(error.deviceCode).toBe('PP0016');
    expect(printer.seen.map((s) => s.command).slice(-2)).toEqual(['=a', '=K']);
  });

  it('a refusal after the total went through is outcome-unknown', async () => {
    const { device } = await tcpDevice((command) => (command === '=c' ? { kind: 'reply', control: 'E', data: statusData('G', '0099') } : undefined));
    expect((await failureOf(device.issue(sale))).failure).toBe('outcome-unknown');
  });

  it('a read-back whose total differs from the sale is outcome-unknown', async () => {
    const { device } = await tcpDevice((command) =>
      command === '=C453/$0' ? { kind: 'reply', lines: lastReceiptLines({ z: 3, n: 9, total: '5,00', when: '03-12-2026 09:30', serial: '72MU1234567' }) } : undefined,
    );
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.deviceCode).toBe('MISMATCH');
  });

  it('an empty or garbled journal answer is never taken for "no document"', async () => {
    const empty = await tcpDevice((command) => (command === '=C453/$0' ? { kind: 'reply', lines: [] } : undefined));
    expect((await failureOf(empty.device.lastDocument())).deviceCode).toBe('NO_DATA');
    const garbled = await tcpDevice((command) => (command === '=C453/$0' ? { kind: 'reply', lines: ['DOCUMENTO COMMERCIALE', 'TOTALE COMPLESSIVO 1,00'] } : undefined));
    expect((await failureOf(garbled.device.lastDocument())).message).toMatch(/lacks DOCUMENTO N\./);
  });

  it('two concurrent issue() calls take turns on one connection at a time', async () => {
    const { device, printer } = await tcpDevice();
    const other = new RchFiscalDevice(device.connection, fast);
    const [a, b] = await Promise.all([device.issue(sale), other.issue(sale)]);
    expect([a.documentNumber, b.documentNumber].sort()).toEqual([1, 2]);
    // Each operation opens its own connection (issue, then read-back): four in turn, never interleaved.
    expect(printer.connections).toBe(4);
    const order = printer.seen.map((s) => s.connection);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(printer.seen.filter((s) => s.connection === 1).map((s) => s.command).at(-1)).toBe('=K');
  });

  it('reports status, checks a reference, and runs X and Z', async () => {
    const original = { serial: '72MU1234567', zNumber: 12, documentNumber: 1, date: '2026-12-03' };
    const { device, printer } = await tcpDevice((command) => (command.startsWith('=k/') && command.includes('[13/]') ? { kind: 'reply', control: 'E', data: statusData('G', '0031') } : undefined));
    expect(await device.status()).toMatchObject({ printer: 'ok', inService: true, filesPending: 2, documentOpen: false });
    expect(await device.checkReference('void', original)).toBe(true);
    expect(await device.checkReference('void', { ...original, zNumber: 13 })).toBe(false);
    expect(printer.seen.some((s) => s.command === '=k/&031226/[12/]1/*1/(72MU1234567)')).toBe(true);
    expect(await device.xReading()).toEqual({ serial: '72MU1234567', zNumber: 12, dailyAmountCents: 123450, date: '2026-12-03', time: '22:00:00' });
    expect(await device.zClosure()).toMatchObject({ zNumber: 12, dailyAmountCents: 123450 });
    expect(await device.departments()).toBeNull();
    await device.sendPendingFiles();
    expect(printer.seen.at(-1)?.command).toBe('=C422');
  });

  it('a refused connection is offline', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const device = new RchFiscalDevice(parseFiscalConnection(`rch-rt://127.0.0.1:${port}`) as RchFiscalConnection, fast);
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('offline');
    expect(error.deviceCode).toBe('ECONNREFUSED');
  });
});

type HttpAnswer = (commands: string[], res: ServerResponse) => void;

async function httpDevice(answer: HttpAnswer): Promise<{ device: RchFiscalDevice; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      const commands = [...body.matchAll(/<cmd>([^<]*)<\/cmd>/g)].map((m) => (m[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      expect(req.url).toBe('/service.cgi');
      expect(req.method).toBe('POST');
      answer(commands, res);
    });
  });
  httpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { device: new RchFiscalDevice(parseFiscalConnection(`rch-rt+http://127.0.0.1:${port}?timeoutMs=200`) as RchFiscalConnection, fast), bodies };
}

const journal = lastReceiptLines({ z: 12, n: 4, total: '20,00', when: '03-12-2026 09:30', serial: '72MU1234567' }).join('\n');

describe('RCH adapter over service.cgi (HTTP)', () => {
  it('posts the whole sale at once and reads the journal text if the reply carries it', async () => {
    const { device, bodies } = await httpDevice((commands, res) => {
      res.setHeader('Content-Type', 'text/xml');
      res.end(serviceCgiReply({ lastCmd: commands.length, extra: commands.includes('=C453/$0') ? `<data>${journal}</data>` : '' }));
    });
    expect(await device.issue(sale)).toMatchObject({ documentNumber: 4, zNumber: 12, amountCents: 2000 });
    expect(bodies[0]).toContain('<cmd>=T4/$2000</cmd>');
    expect(bodies).toHaveLength(2);
  });

  it('a reply without journal text leaves the sale outcome-unknown (accepted, number unknown)', async () => {
    const { device } = await httpDevice((commands, res) => res.end(serviceCgiReply({ lastCmd: commands.length })));
    const error = await failureOf(device.issue(sale));
    expect(error.failure).toBe('outcome-unknown');
    expect(error.deviceCode).toBe('NO_DATA');
  });

  it('paper end before the total is a plain paper-out; an error after it is outcome-unknown', async () => {
    const before = await httpDevice((_c, res) => res.end(serviceCgiReply({ paperEnd: 1, errorCode: 1, lastCmd: 2 })));
    expect((await failureOf(before.device.issue(sale))).failure).toBe('paper-out');
    const after = await httpDevice((_c, res) => res.end(serviceCgiReply({ printerError: 1, errorCode: 7, lastCmd: 7 })));
    expect((await failureOf(after.device.issue(sale))).failure).toBe('outcome-unknown');
    const cover = await httpDevice((_c, res) => res.end(serviceCgiReply({ coverOpen: 1, lastCmd: 1 })));
    expect(await cover.device.status()).toMatchObject({ printer: 'cover-open', filesPending: null });
  });

  it('a reply after the timeout, a truncated reply or HTTP 500 is outcome-unknown for a sale', async () => {
    const slow = await httpDevice((commands, res) => void setTimeout(() => res.end(serviceCgiReply({ lastCmd: commands.length })), 700));
    expect((await failureOf(slow.device.issue(sale))).failure).toBe('outcome-unknown');
    const cut = await httpDevice((_c, res) => res.end(serviceCgiReply().slice(0, 60)));
    expect((await failureOf(cut.device.issue(sale))).failure).toBe('outcome-unknown');
    const broken = await httpDevice((_c, res) => {
      res.statusCode = 500;
      res.end('oops');
    });
    expect((await failureOf(broken.device.issue(sale))).failure).toBe('outcome-unknown');
    expect((await failureOf(slow.device.status())).failure).toBe('offline');
  });
});

describe('createFiscalDevice for RCH', () => {
  it('returns the RCH adapter for both schemes', () => {
    const tcp = createFiscalDevice('rch-rt://10.0.0.5');
    const http = createFiscalDevice('rch-rt+http://10.0.0.5');
    expect(tcp).toBeInstanceOf(RchFiscalDevice);
    expect(http).toBeInstanceOf(RchFiscalDevice);
    expect(tcp.brand).toBe('rch');
    expect((tcp as RchFiscalDevice).connection).toMatchObject({ protocol: 'tcp', port: 23 });
    expect((http as RchFiscalDevice).connection).toMatchObject({ protocol: 'http', port: 80 });
  });

  it('loads without node:net: no RCH module imports it at load time', () => {
    const dir = fileURLToPath(new URL('./', import.meta.url));
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      expect(readFileSync(`${dir}${name}`, 'utf8'), name).not.toMatch(/^import[^;]*['"](node:)?net['"]/m);
    }
  });
});
