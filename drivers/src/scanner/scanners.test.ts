import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from '../transport/create-transport';
import { openPtyPair } from '../transport/testing/pty-pair';
import { openSerialPeer } from '../transport/testing/serial-peer';
import { FakeHidApi, hidInfo } from '../transport/testing/fake-hid';
import { HidKeyboardScanner, HidPosScanner, SerialScanner, createScanner } from './scanners';
import type { Scan } from './scan';
import type { ScannerDevice } from './scanners';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function collect(scanner: ScannerDevice): Scan[] {
  const scans: Scan[] = [];
  scanner.on('scan', (s) => scans.push(s));
  return scans;
}

describe('SerialScanner over a socat pty pair', () => {
  it('emits codes sent in pieces, survives an unplug and scans again after replug', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-scan-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const links = { device: join(dir, 'scanner'), peer: join(dir, 'peer') };
    let pty = await openPtyPair(links);
    let peer = await openSerialPeer(pty.peerPath);
    const scanner = createScanner(`serial:${links.device}?baudRate=9600`, { prefix: ']E0', reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    expect(scanner).toBeInstanceOf(SerialScanner);
    cleanups.push(() => scanner.close());
    const scans = collect(scanner);
    await scanner.open();
    await peer.send(']E08001234');
    await peer.send('567895\r\n4006381333931\r');
    await expect.poll(() => scans.map((s) => s.code)).toEqual(['8001234567895', '4006381333931']);
    expect(scans[0]?.source).toBe('serial');

    await peer.send('12345'); // half a code, then the cable is pulled
    await peer.close();
    await pty.kill();
    await expect.poll(() => scanner.state, { timeout: 3000 }).toBe('offline');
    pty = await openPtyPair(links);
    peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => pty.kill(), () => peer.close());
    await expect.poll(() => scanner.state, { timeout: 3000 }).toBe('ready');
    const next = scanner.nextScan(2000);
    await peer.send('978020137962\r');
    expect((await next).code).toBe('978020137962');
  });

  it('without a suffix, a pause ends the code (idleFlushMs)', async () => {
    const pty = await openPtyPair();
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => pty.kill(), () => peer.close());
    const scanner = createScanner(`serial:${pty.devicePath}`, { suffix: '\x03', idleFlushMs: 50 });
    cleanups.push(() => scanner.close());
    await scanner.open();
    const next = scanner.nextScan(2000);
    await peer.send('8001234567895');
    expect((await next).code).toBe('8001234567895');
  });

  it('nextScan times out with a TIMEOUT error', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.kill());
    const scanner = createScanner(`serial:${pty.devicePath}`);
    cleanups.push(() => scanner.close());
    await scanner.open();
    await expect(scanner.nextScan(50)).rejects.toMatchObject({ code: 'TIMEOUT', locus: 'input' });
  });
});

const posInfo = hidInfo({ vendorId: 0x0c2e, productId: 0x0b8f, usagePage: 0x8c, usage: 2 });
const kbdInfo = hidInfo({ vendorId: 0x0c2e, productId: 0x0b8f, usagePage: 0x01, usage: 6 });

function posReport(code: string, aim = ']E0'): number[] {
  return [2, code.length, ...[...aim].map((c) => c.charCodeAt(0)), ...[...code].map((c) => c.charCodeAt(0)), 0, 0];
}

describe('HID scanners (thin fake of node-hid)', () => {
  it('HID POS: picks the 0x8C interface of a composite scanner and emits codes with symbology', async () => {
    const api = new FakeHidApi([kbdInfo, posInfo]);
    const scanner = createScanner('hid://0c2e:0b8f?usagePage=0x8c', { transport: { hidApi: api } });
    expect(scanner).toBeInstanceOf(HidPosScanner);
    cleanups.push(() => scanner.close());
    const scans = collect(scanner);
    await scanner.open();
    api.current.report(posReport('8001234567895'));
    expect(scans).toEqual([{ code: '8001234567895', aim: ']E0', symbology: 'ean13', source: 'hid-pos' }]);
  });

  it('keyboard mode: Italian layout, Enter ends the scan; unplug goes offline and replug scans again', async () => {
    const api = new FakeHidApi([kbdInfo]);
    const scanner = createScanner('hid://0c2e:0b8f', { layout: 'it', transport: { hidApi: api }, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    expect(scanner).toBeInstanceOf(HidKeyboardScanner);
    cleanups.push(() => scanner.close());
    const scans = collect(scanner);
    await scanner.open();
    const press = (usage: number, mods = 0) => {
      api.current.report([mods, 0, usage, 0, 0, 0, 0, 0]);
      api.current.report([0, 0, 0, 0, 0, 0, 0, 0]);
    };
    // "AB-1è" then Enter
    press(0x04, 0x02);
    press(0x05, 0x02);
    press(0x38);
    press(0x1e);
    press(0x2f);
    press(0x28);
    expect(scans.map((s) => s.code)).toEqual(['AB-1è']);

    press(0x1f); // a partial code lost in the unplug must not prefix the next one
    api.devices = [];
    api.current.unplug();
    expect(scanner.state).toBe('offline');
    api.devices = [kbdInfo];
    await expect.poll(() => scanner.state, { timeout: 2000 }).toBe('ready');
    press(0x20);
    press(0x58);
    expect(scans.map((s) => s.code)).toEqual(['AB-1è', '3']);
  });

  it('keyboard mode without an Enter suffix: idle flush ends the code', async () => {
    const api = new FakeHidApi([kbdInfo]);
    const scanner = new HidKeyboardScanner(createScannerTransport(api), { idleFlushMs: 30, prefix: '#' });
    cleanups.push(() => scanner.close());
    await scanner.open();
    const next = scanner.nextScan(1000);
    for (const usage of [0x20, 0x1e, 0x1f]) {
      api.current.report([usage === 0x20 ? 0x02 : 0, 0, usage, 0, 0, 0, 0, 0]);
      api.current.report([0, 0, 0, 0, 0, 0, 0, 0]);
    }
    expect((await next).code).toBe('12');
  });
});

function createScannerTransport(api: FakeHidApi) {
  return createTransport('hid://0c2e:0b8f', { hidApi: api });
}
