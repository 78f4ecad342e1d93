/**
 * Driver benchmarks: how fast receipts encode, how many bytes a typical receipt costs on the
 * wire (a 9600-baud serial line is the limit), and how long from "sale complete" to the first
 * receipt byte reaching a real TCP printer on 127.0.0.1. Target: first byte under 20 ms.
 *
 * Fiscal (issue 16): sales issued through the real Epson adapter against the RT emulator on
 * 127.0.0.1 (print delay 0), request to document; and the recovery after a lost reply (the
 * emulator prints, then answers FP_NO_ANSWER), from the lastDocument query to adoption.
 *
 * Fiscal on the wire (issue 16's target, < 20 ms): a till core with the RT emulator as its Epson
 * device, from "sale complete" (the sale's commit with its fiscal job) to the first byte of the
 * document request reaching the device, timed by a TCP relay in front of the emulator. The queue
 * asks the device for its last document before each send (its recovery baseline), so that round
 * trip is in the figure.
 *
 * CASSA_BENCH_DRIVERS_PARTS picks parts (comma-separated: encode, first-byte, fiscal,
 * fiscal-wire; default all).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtInPrinterProfiles, createFiscalDevice, FiscalDeviceError, getPrinterProfile, layoutReceipt, PrinterEmulator, referenceReceipt } from '@cassa/drivers';
import type { FiscalDevice } from '@cassa/drivers';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import { fiscalRequestTotalCents } from '@cassa/shared';
import type { FiscalDocument, FiscalRequest } from '@cassa/shared';
import { createPrinterPort, createTillCore, demoEan, seedDemoShop } from '@cassa/desktop/core';
import type { BenchContext } from './bench-kit';
import { percentile } from './bench-kit';

function encodeRate(ctx: BenchContext): void {
  const profile = getPrinterProfile('epson-tm-t20');
  for (let i = 0; i < 200; i++) layoutReceipt(referenceReceipt, profile);
  const count = 5_000;
  const started = performance.now();
  for (let i = 0; i < count; i++) layoutReceipt(referenceReceipt, profile);
  ctx.emit('receipts encoded (reference receipt, TM-T20)', count / ((performance.now() - started) / 1000), 'receipts/s');
  for (const [id, p] of builtInPrinterProfiles) ctx.emit(`bytes per reference receipt (${id})`, layoutReceipt(referenceReceipt, p).length, 'bytes');
}

/** A TCP server on 127.0.0.1 whose `close` also drops the open connections. */
async function listenOnLoopback(onConnection: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP printer that answers status like an Epson and timestamps the start of each receipt. */
async function timingPrinter(): Promise<{ port: number; firstReceiptByteAt: () => number | null; arm: () => void; close: () => Promise<void> }> {
  const emulator = new PrinterEmulator({ profile: getPrinterProfile('generic-80mm') });
  let armed = false;
  let at: number | null = null;
  const server = await listenOnLoopback((socket) => {
    socket.on('data', (chunk) => {
      // ESC @ opens every receipt job; status polls (DLE EOT) do not count.
      if (armed && at === null && chunk.includes(Buffer.from([0x1b, 0x40]))) at = performance.now();
      const reply = emulator.receive(chunk);
      if (reply.length > 0) socket.write(reply);
    });
  });
  return {
    ...server,
    firstReceiptByteAt: () => at,
    arm: () => {
      armed = true;
      at = null;
    },
  };
}

async function saleToFirstByte(ctx: BenchContext): Promise<void> {
  const printer = await timingPrinter();
  const dir = mkdtempSync(join(tmpdir(), 'cassa-bench-print-'));
  const port = await createPrinterPort(`tcp://127.0.0.1:${printer.port}`, 'generic-80mm');
  const core = createTillCore({ dataDir: dir, printer: port, logger: { error: () => undefined } });
  try {
    seedDemoShop(core.services);
    for (let i = 0; i < 100 && port.state().state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 20));
    const actor = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
    core.services.shifts.open(actor, 0);
    const samples: number[] = [];
    for (let sale = 0; sale < 120; sale++) {
      for (let line = 0; line < 8; line++) core.services.tickets.scan(actor, demoEan(1 + ((sale + line) % 8)));
      core.services.tickets.addPayment(actor, 'cash', core.services.tickets.current(actor)!.remainingCents, undefined);
      printer.arm();
      const t = performance.now();
      // What the sale.complete handler does: commit, then kick the print queue.
      core.services.completion.complete(actor, true);
      core.services.printing.kick();
      while (printer.firstReceiptByteAt() === null) await new Promise((r) => setImmediate(r));
      samples.push(printer.firstReceiptByteAt()! - t);
      await core.services.printing.idle();
    }
    ctx.emit('sale complete to first receipt byte at a TCP printer p50', percentile(samples, 50), 'ms');
    ctx.emit('sale complete to first receipt byte at a TCP printer p99', percentile(samples, 99), 'ms');
    const last = core.services.printing.render(
      (core.store.db.prepare('SELECT id FROM sales ORDER BY rowid DESC LIMIT 1').get() as { id: string }).id,
      false,
    );
    ctx.emit('bytes per typical 8-line sale receipt (generic 80 mm)', last.length, 'bytes');
    ctx.emit('seconds to send that receipt at 9600 baud 8N1', (last.length * 10) / 9600, 's');
  } finally {
    await core.close();
    await printer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A typical 3-line sale with a discount, paid part by card and part in cash with change. */
function fiscalSale(n: number): FiscalRequest {
  const cents = 100 + (n % 50) * 37;
  return {
    kind: 'sale',
    lines: [
      { description: 'T-SHIRT M', quantityMilli: 2000, unitPriceCents: 990, department: 1, discountCents: 198 },
      { description: 'CAFFE', quantityMilli: 1000, unitPriceCents: 120, department: 2, discountCents: 0 },
      { description: `ARTICOLO ${n}`, quantityMilli: 1000, unitPriceCents: cents, department: 1, discountCents: 0 },
    ],
    tenders: [
      { kind: 'electronic', amountCents: 1000 },
      { kind: 'cash', amountCents: 2000 + cents },
    ],
    roundingCents: 0,
    lotteryCode: null,
    customerTaxId: null,
  };
}

async function fiscalEpson(ctx: BenchContext): Promise<void> {
  const rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00'), brands: ['epson'], printMs: 0 });
  const device = createFiscalDevice(`epson-rt://127.0.0.1:${rt.port}?timeoutMs=2000`);
  const fault = async (name: string): Promise<void> => {
    await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault: name, count: 1 }), headers: { 'content-type': 'application/json' } });
  };
  try {
    for (let i = 0; i < 30; i++) await device.issue(fiscalSale(i));
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await device.issue(fiscalSale(i));
      samples.push(performance.now() - t);
    }
    ctx.emit('fiscal (Epson emulator): request to document p50', percentile(samples, 50), 'ms');
    ctx.emit('fiscal (Epson emulator): request to document p99', percentile(samples, 99), 'ms');
    ctx.progress('fiscal recovery after a lost reply');
    await fiscalRecovery(ctx, device, fault);
  } finally {
    await rt.close();
  }
}

/** The till's rule: after outcome-unknown, read the last document and adopt it when it advanced and its amount is the sale's. */
async function fiscalRecovery(ctx: BenchContext, device: FiscalDevice, fault: (name: string) => Promise<void>): Promise<void> {
  let known: FiscalDocument | null = await device.lastDocument();
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const request = fiscalSale(i);
    await fault('no-answer-after-print');
    const lost = await device.issue(request).then(
      () => null,
      (error: unknown) => error,
    );
    if (!(lost instanceof FiscalDeviceError) || !lost.outcomeUnknown) throw new Error(`expected outcome-unknown, got ${String(lost)}`);
    const t = performance.now();
    const last = await device.lastDocument();
    const advanced = last !== null && (known === null || last.zNumber > known.zNumber || (last.zNumber === known.zNumber && last.documentNumber > known.documentNumber));
    if (!advanced || last.amountCents !== fiscalRequestTotalCents(request)) throw new Error(`recovery did not find the printed document (${JSON.stringify(last)})`);
    known = last;
    samples.push(performance.now() - t);
  }
  ctx.emit('fiscal recovery after a lost reply: lastDocument query to adoption p50', percentile(samples, 50), 'ms');
  ctx.emit('fiscal recovery after a lost reply: lastDocument query to adoption p99', percentile(samples, 99), 'ms');
}

/** A TCP relay to `port` that timestamps the first chunk carrying a fiscal receipt once armed. */
async function timingRelay(port: number): Promise<{ port: number; requestAt: () => number | null; arm: () => void; close: () => Promise<void> }> {
  let armed = false;
  let at: number | null = null;
  const server = await listenOnLoopback((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('data', (chunk) => {
      if (armed && at === null && chunk.includes('printerFiscalReceipt')) at = performance.now();
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
  });
  return {
    ...server,
    requestAt: () => at,
    arm: () => {
      armed = true;
      at = null;
    },
  };
}

async function saleToFiscalRequest(ctx: BenchContext): Promise<void> {
  const rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00'), brands: ['epson'], printMs: 0 });
  const relay = await timingRelay(rt.port);
  const dir = mkdtempSync(join(tmpdir(), 'cassa-bench-fiscal-'));
  const core = createTillCore({
    dataDir: dir,
    printer: await createPrinterPort('none', 'generic-80mm'),
    logger: { error: () => undefined },
    fiscal: { connection: `epson-rt://127.0.0.1:${relay.port}?timeoutMs=2000`, queue: { backoff: null } },
  });
  try {
    seedDemoShop(core.services);
    const actor = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
    core.services.shifts.open(actor, 0);
    const samples: number[] = [];
    for (let sale = 0; sale < 330; sale++) {
      for (let line = 0; line < 5; line++) core.services.tickets.scan(actor, demoEan(1 + ((sale + line) % 8)));
      core.services.tickets.addPayment(actor, 'card', core.services.tickets.current(actor)!.remainingCents, undefined);
      relay.arm();
      const t = performance.now();
      core.services.completion.complete(actor, false);
      while (relay.requestAt() === null) await new Promise((r) => setImmediate(r));
      if (sale >= 30) samples.push(relay.requestAt()! - t);
      await core.services.fiscal.idle();
    }
    if (core.services.fiscal.state().jobs.length > 0) throw new Error('fiscal documents left waiting after the bench');
    ctx.emit('sale complete to fiscal request on the wire (Epson, RT emulator) p50', percentile(samples, 50), 'ms');
    ctx.emit('sale complete to fiscal request on the wire (Epson, RT emulator) p99', percentile(samples, 99), 'ms');
  } finally {
    await core.close();
    await relay.close();
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const parts = new Set((process.env.CASSA_BENCH_DRIVERS_PARTS ?? 'encode,first-byte,fiscal,fiscal-wire').split(',').map((p) => p.trim()));

export default async function driversBench(ctx: BenchContext): Promise<void> {
  if (parts.has('encode')) {
    ctx.progress('encoding');
    encodeRate(ctx);
  }
  if (parts.has('first-byte')) {
    ctx.progress('sale to first byte over TCP');
    await saleToFirstByte(ctx);
  }
  if (parts.has('fiscal')) {
    ctx.progress('fiscal: Epson adapter against the RT emulator');
    await fiscalEpson(ctx);
  }
  if (parts.has('fiscal-wire')) {
    ctx.progress('fiscal: sale complete to the request on the wire');
    await saleToFiscalRequest(ctx);
  }
}
