import { afterEach, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from '../escpos/escpos-decoder';
import type { PrinterStatus } from '../escpos/printer-status';
import { TcpTransport } from '../transport/tcp-transport';
import { getPrinterProfile } from './printer-profile';
import type { PrinterProfile } from './printer-profile';
import { referenceReceipt } from './receipt-document';
import { layoutReceipt } from './receipt-layout';
import { ReceiptPrinter } from './receipt-printer';
import type { PrinterAvailability, ReceiptPrinterOptions } from './receipt-printer';
import { FakeTcpPrinter } from './testing/fake-tcp-printer';
import { PrinterEmulator } from './virtual/printer-emulator';
import { createTransport } from '../transport/create-transport';
import { openPtyPair } from '../transport/testing/pty-pair';
import { openSerialPeer } from '../transport/testing/serial-peer';
import { VirtualPrinter } from './virtual/virtual-printer';

const t20 = getPrinterProfile('epson-tm-t20');
const generic80 = getPrinterProfile('generic-80mm'); // no ASB: status by DLE EOT only
const hex = (b: ArrayLike<number>): string => Buffer.from(Array.from(b)).toString('hex');
const statusRound = '100401100402100403100404';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let names = 0;
function virtual(profile: PrinterProfile = generic80): { vp: VirtualPrinter; printer: ReceiptPrinter } {
  const vp = new VirtualPrinter({ profile, name: `test-${++names}` });
  const printer = new ReceiptPrinter(vp.transport, profile, { pollIntervalMs: 0, statusTimeoutMs: 200, reconnect: { initialDelayMs: 10, maxDelayMs: 20 }, random: () => 0 });
  cleanups.push(() => printer.close());
  return { vp, printer };
}

async function tcp(profile: PrinterProfile, options: ReceiptPrinterOptions = {}, answersStatus = true): Promise<{ fake: FakeTcpPrinter; printer: ReceiptPrinter }> {
  const fake = await FakeTcpPrinter.start({ profile, answersStatus });
  const printer = new ReceiptPrinter(new TcpTransport({ host: fake.host, port: fake.port, connectTimeoutMs: 1000 }), profile, {
    pollIntervalMs: 0,
    statusTimeoutMs: 300,
    reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    random: () => 0,
    ...options,
  });
  cleanups.push(() => fake.close());
  cleanups.push(() => printer.close());
  return { fake, printer };
}

function record<T>(subscribe: (push: (v: T) => void) => void): T[] {
  const out: T[] = [];
  subscribe((v) => out.push(v));
  return out;
}

describe('ReceiptPrinter on the virtual printer', () => {
  it('opens, reads status, prints a receipt and sends DLE EOT only between jobs', async () => {
    const { vp, printer } = virtual();
    const statuses = record<PrinterStatus>((push) => printer.on('status', push));
    await printer.open();
    expect(printer.state).toBe('ready');
    expect(printer.availability).toBe('ready');
    expect(statuses).toHaveLength(1);

    const job = layoutReceipt(referenceReceipt, generic80);
    const result = await printer.print('sale-1', job);
    expect(result).toMatchObject({ jobId: 'sale-1', outcome: 'printed', bytesWritten: job.length, totalBytes: job.length, duplicate: false });
    expect(result.status?.online).toBe(true);

    // open: one status round; job: a round before, the job's bytes untouched, a round after.
    expect(hex(vp.emulator.received)).toBe(statusRound + statusRound + hex(job) + statusRound);
    expect(vp.lastReceiptText()).toContain('Caffè Perù');
    expect(vp.lastReceiptText()).toMatch(/TOTALE +€ 6,70/);
    expect(statuses).toHaveLength(1); // nothing changed, no repeated events
  });

  it('never sends a job id twice', async () => {
    const { vp, printer } = virtual();
    await printer.open();
    const job = layoutReceipt(referenceReceipt, generic80);
    const [a, b] = await Promise.all([printer.print('sale-2', job), printer.print('sale-2', job)]);
    const c = await printer.print('sale-2', job);
    expect(a.outcome).toBe('printed');
    expect(b).toMatchObject({ outcome: 'printed', duplicate: true });
    expect(c.duplicate).toBe(true);
    expect(vp.receipts).toHaveLength(1);
    expect(hex(vp.emulator.received).split(hex(job)).length - 1).toBe(1);
  });

  it('refuses a job before sending anything when the paper is out, and goes offline', async () => {
    const { vp, printer } = virtual();
    const availability = record<[PrinterAvailability, readonly string[]]>((push) => printer.on('availability', (a, p) => push([a, p])));
    await printer.open();
    vp.setCondition({ paperOut: true });
    const job = layoutReceipt(referenceReceipt, generic80);
    const result = await printer.print('sale-3', job);
    expect(result.outcome).toBe('failed-before-send');
    expect(result.bytesWritten).toBe(0);
    expect(result.error?.code).toBe('DEVICE');
    expect(result.error?.message).toMatch(/paper out/);
    expect(result.status?.paperOut).toBe(true);
    expect(printer.availability).toBe('offline');
    expect(availability.at(-1)).toEqual(['offline', ['paper out']]);
    expect(hex(vp.emulator.received)).not.toContain(hex(job.subarray(0, 16)));

    vp.setCondition({ paperOut: false });
    await printer.refreshStatus();
    expect(availability.at(-1)).toEqual(['ready', []]);
    // Nothing was sent, so the core's retry may use the same id.
    expect(await printer.print('sale-3', job)).toMatchObject({ outcome: 'printed', duplicate: false });
    expect(vp.receipts).toHaveLength(1);
  });

  it('is not fooled by 10 04 n inside a raster logo (the printer answers it mid-job)', async () => {
    const { vp, printer } = virtual();
    await printer.open();
    // One row of 24 dots whose bytes are 10 04 01: a real printer replies 0x12 to it.
    const bits = [0x10, 0x04, 0x01].flatMap((b) => Array.from({ length: 8 }, (_, k) => ((b >> (7 - k)) & 1) === 1));
    const logo = { kind: 'raster', image: { width: 24, height: 1, pixels: bits } } as const;
    vp.setCondition({ paperNearEnd: true });
    const result = await printer.print('logo-1', layoutReceipt({ ...referenceReceipt, logo }, generic80));
    expect(result.outcome).toBe('printed');
    expect(result.status).toMatchObject({ online: true, paperNearEnd: true });
    expect(vp.emulator.statusRequests.slice(-5)).toEqual([1, 1, 2, 3, 4]);
  });

  it('reports the drawer pin through the configured polarity', async () => {
    const vp = new VirtualPrinter({ profile: generic80, name: `test-${++names}` });
    const printer = new ReceiptPrinter(vp.transport, generic80, { pollIntervalMs: 0, drawerPolarity: 'open-low' });
    cleanups.push(() => printer.close());
    await printer.open();
    expect(printer.lastStatus).toMatchObject({ drawerPinHigh: false, drawerOpen: true });
    vp.setCondition({ drawerPinHigh: true });
    expect(await printer.refreshStatus()).toMatchObject({ drawerPinHigh: true, drawerOpen: false });
  });

  it('polls status while idle and notices paper out without being asked', async () => {
    const vp = new VirtualPrinter({ profile: generic80, name: `test-${++names}` });
    const printer = new ReceiptPrinter(vp.transport, generic80, { pollIntervalMs: 30, statusTimeoutMs: 200 });
    cleanups.push(() => printer.close());
    await printer.open();
    vp.setCondition({ paperOut: true });
    await expect.poll(() => printer.availability).toBe('offline');
    expect(printer.lastStatus?.paperOut).toBe(true);
    vp.setCondition({ paperOut: false, paperNearEnd: true });
    await expect.poll(() => printer.availability).toBe('ready');
    expect(printer.lastStatus?.paperNearEnd).toBe(true);
    expect(await printer.checkHealth()).toMatchObject({ ok: true, state: 'ready' });
    expect((await printer.checkHealth()).detail).toMatch(/^online, paper near end \(\d+ ms\)$/);
  });

  it('opens the drawer with the profile pulse, and only on wired pins', async () => {
    const { vp, printer } = virtual(getPrinterProfile('generic-58mm'));
    await printer.open();
    const before = vp.emulator.received.length;
    await printer.openDrawer();
    expect(hex(vp.emulator.received.slice(before))).toBe('1b700032fa');
    await expect(printer.openDrawer(5)).rejects.toThrow(/no drawer on pin 5/);
  });

  it('goes offline when the cable is pulled, refuses jobs, and comes back by itself', async () => {
    const { vp, printer } = virtual();
    const availability = record<[PrinterAvailability, readonly string[]]>((push) => printer.on('availability', (a, p) => push([a, p])));
    await printer.open();
    vp.unplug();
    expect(printer.state).toBe('offline');
    expect(availability.at(-1)).toEqual(['offline', ['disconnected']]);
    const result = await printer.print('sale-4', Uint8Array.of(0x1b, 0x40));
    expect(result).toMatchObject({ outcome: 'failed-before-send', bytesWritten: 0 });
    expect(result.error?.code).toBe('OFFLINE');
    vp.plugIn();
    await expect.poll(() => printer.state).toBe('ready');
    expect(availability.at(-1)).toEqual(['ready', []]);
  });
});

describe('ReceiptPrinter over TCP against a fake network printer', () => {
  it('prints, and the bytes on the wire are the job framed by status rounds', async () => {
    const { fake, printer } = await tcp(generic80);
    await printer.open();
    const job = layoutReceipt(referenceReceipt, generic80);
    const result = await printer.print('tcp-1', job);
    expect(result.outcome).toBe('printed');
    expect(hex(fake.bytes)).toBe(statusRound + statusRound + hex(job) + statusRound);
    expect(decodedText(fake.receipts[0]!.decoded)).toContain('Piazza della Libertà 12');
  });

  it('reports paper running out mid-job as partially sent (reprint as COPY)', async () => {
    const { fake, printer } = await tcp(generic80);
    await printer.open();
    fake.failMidJob({ kind: 'paper-out', afterBytes: 200 });
    const job = layoutReceipt(referenceReceipt, generic80);
    const result = await printer.print('tcp-2', job);
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.bytesWritten).toBe(job.length);
    expect(result.status?.paperOut).toBe(true);
    expect(result.error?.message).toMatch(/paper out after job tcp-2/);
    expect(printer.availability).toBe('offline');
    expect(fake.receipts).toHaveLength(0); // held in the printer's buffer, not printed
    fake.setCondition({ paperOut: false });
    expect(fake.receipts).toHaveLength(1); // printed once the roll is changed
  });

  it('reports a connection reset mid-job as partially sent, reconnects, and does not resend', async () => {
    const { fake, printer } = await tcp(generic80, { chunkSize: 64 * 1024 });
    await printer.open();
    fake.failMidJob({ kind: 'reset', afterBytes: 100 });
    const job = new Uint8Array(8 * 1024 * 1024).fill(0x41);
    const result = await printer.print('tcp-3', job);
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.error?.code).toBe('DISCONNECTED');
    expect(result.bytesWritten).toBeLessThan(job.length);
    await expect.poll(() => fake.connections, { timeout: 5000 }).toBe(2);
    await expect.poll(() => printer.state, { timeout: 5000 }).toBe('ready');
    const again = await printer.print('tcp-3', job);
    expect(again).toMatchObject({ outcome: 'failed-partially-sent', duplicate: true });
    expect((await printer.print('tcp-3-copy', Uint8Array.of(0x1b, 0x40, 0x41, 0x0a))).outcome).toBe('printed');
  });

  /** Bytes of the status round before a job, then the receipt up to (not including) its TOTALE line. */
  function bytesUpToTotal(job: Uint8Array): number {
    const at = Buffer.from(job).indexOf('TOTALE');
    expect(at).toBeGreaterThan(0);
    return statusRound.length / 2 + at;
  }

  it('reports a receipt whose connection reset at TOTALE as partially sent, though every byte left the socket', async () => {
    const { fake, printer } = await tcp(generic80);
    await printer.open();
    const job = layoutReceipt(referenceReceipt, generic80);
    fake.failMidJob({ kind: 'reset', afterBytes: bytesUpToTotal(job) });
    const result = await printer.print('tcp-reset-total', job);
    // The whole small job fitted in the socket buffer, so the writes succeeded; the status after did not.
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.bytesWritten).toBe(job.length);
    expect(result.error?.message).toMatch(/may be incomplete/);
    const onPaper = decodedText(decodeEscPos(fake.bytes));
    expect(onPaper).toContain('Caffè espresso');
    expect(onPaper).not.toContain('TOTALE');
  });

  it('reports a receipt as partially sent when the printer falls silent a third of the way in', async () => {
    const { fake, printer } = await tcp(generic80);
    await printer.open();
    const job = layoutReceipt(referenceReceipt, generic80);
    fake.failMidJob({ kind: 'stall', afterBytes: statusRound.length / 2 + Math.floor(job.length / 3) });
    const result = await printer.print('tcp-silent', job);
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.error?.message).toMatch(/no status after job tcp-silent/);
  });

  it('gives up on a job the printer stops reading, without sending the rest later', async () => {
    const { fake, printer } = await tcp(generic80, { jobTimeoutMs: 400, chunkSize: 256 * 1024 });
    await printer.open();
    fake.failMidJob({ kind: 'stall', afterBytes: 1000 });
    const job = new Uint8Array(64 * 1024 * 1024).fill(0x42);
    const result = await printer.print('tcp-4', job);
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.bytesWritten).toBeLessThan(job.length);
  });

  it('closes promptly even when the printer stopped reading (ASB off is not waited for)', async () => {
    const { fake, printer } = await tcp(t20, { jobTimeoutMs: 300, chunkSize: 256 * 1024 });
    await printer.open();
    fake.failMidJob({ kind: 'stall', afterBytes: 10 });
    expect((await printer.print('tcp-7', new Uint8Array(64 * 1024 * 1024))).outcome).toBe('failed-partially-sent');
    const started = Date.now();
    await printer.close();
    expect(printer.state).toBe('closed');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('prints on a printer that never answers status, after saying so once', async () => {
    const { fake, printer } = await tcp(generic80, {}, false);
    const errors = record<string>((push) => printer.on('error', (e) => push(e.code)));
    await printer.open();
    expect(printer.answersStatus).toBe(false);
    const result = await printer.print('tcp-5', layoutReceipt(referenceReceipt, generic80));
    expect(result.outcome).toBe('printed');
    expect(result.status).toBeUndefined();
    expect(errors).toEqual(['TIMEOUT']);
    // No status round after the job, so wait for the bytes to cross loopback.
    await expect.poll(() => fake.receipts.length).toBe(1);
  });

  it('enables ASB on printers that have it and follows its packets without polling', async () => {
    const { fake, printer } = await tcp(t20);
    const statuses = record<PrinterStatus>((push) => printer.on('status', push));
    await printer.open();
    expect(hex(fake.bytes.subarray(0, 3))).toBe('1d610f');
    fake.setCondition({ coverOpen: true });
    await expect.poll(() => statuses.at(-1)?.coverOpen).toBe(true);
    expect(printer.availability).toBe('offline');
    fake.setCondition({ coverOpen: false });
    await expect.poll(() => printer.availability).toBe('ready');
    await printer.close();
    expect(hex(fake.bytes.subarray(-3))).toBe('1d6100');
  });

  it('decodes what reached the printer back to the receipt on every profile', async () => {
    const { fake, printer } = await tcp(t20);
    await printer.open();
    await printer.print('tcp-6', layoutReceipt({ ...referenceReceipt, copy: true }, t20));
    const decoded = decodeEscPos(fake.receipts[0]!.bytes, { codePageTables: t20.codePageTables });
    expect(decodedText(decoded)).toContain('COPIA / COPY');
  });
});

describe('ReceiptPrinter over a serial line (socat pty) whose printer falls silent mid-receipt', () => {
  it('reports the job as partially sent, as over TCP', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.kill());
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => peer.close());
    const emulator = new PrinterEmulator({ profile: generic80 });
    const job = layoutReceipt(referenceReceipt, generic80);
    // The printer answers status until a third of the receipt has arrived, then says nothing more.
    const silentAfter = statusRound.length / 2 + Math.floor(job.length / 3);
    let seen = 0;
    peer.onChunk((chunk, p) => {
      const reply = emulator.receive(chunk);
      seen += chunk.length;
      if (seen < silentAfter && reply.length > 0) void p.send(reply);
    });
    const printer = new ReceiptPrinter(createTransport(`serial:${pty.devicePath}?baudRate=115200`), generic80, { pollIntervalMs: 0, statusTimeoutMs: 300, reconnect: false });
    cleanups.push(() => printer.close());
    await printer.open();
    const result = await printer.print('serial-silent', job);
    expect(result.outcome).toBe('failed-partially-sent');
    expect(result.error?.message).toMatch(/no status after job serial-silent/);
  });
});

