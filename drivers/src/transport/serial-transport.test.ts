import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConnection } from '../connection/connection-string';
import type { SerialConnection } from '../connection/connection-string';
import { DeviceBase } from '../device/device-base';
import { DeviceUnavailableError } from '../device/device-errors';
import { SerialTransport } from './serial-transport';
import { openPtyPair } from './testing/pty-pair';
import type { PtyPair } from './testing/pty-pair';
import { openSerialPeer } from './testing/serial-peer';
import type { SerialPeer } from './testing/serial-peer';
import { TransportError } from './transport';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function serial(path: string, query = ''): SerialConnection {
  return parseConnection(`serial:${path}${query}`) as SerialConnection;
}

async function rig(links?: { device: string; peer: string }): Promise<{ pty: PtyPair; peer: SerialPeer; transport: SerialTransport }> {
  const pty = await openPtyPair(links);
  const peer = await openSerialPeer(pty.peerPath);
  const transport = new SerialTransport(serial(pty.devicePath));
  cleanups.push(() => pty.kill(), () => peer.close(), () => transport.close());
  return { pty, peer, transport };
}

function tempLinks(): { device: string; peer: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-pty-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { device: join(dir, 'ttyDEVICE'), peer: join(dir, 'ttyPEER') };
}

function nextData(transport: SerialTransport, until: (all: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let all = '';
    const off = transport.on('data', (chunk) => {
      all += Buffer.from(chunk).toString('latin1');
      if (until(all)) {
        off();
        resolve(all);
      }
    });
  });
}

describe('SerialTransport over a socat pty pair', () => {
  it('settings come from the connection string, then the protocol defaults, then 9600 8N1', () => {
    const t = new SerialTransport(serial('/dev/ttyS9', '?baudRate=19200'), { defaults: { dataBits: 7, parity: 'even', baudRate: 4800 } });
    expect(t.settings).toEqual({ baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 1, flowControl: 'none' });
    expect(t.description).toBe('serial:/dev/ttyS9?baudRate=19200');
  });

  it('opens, writes in order and reads what the device sends', async () => {
    const { peer, transport } = await rig();
    await transport.open();
    expect(transport.state).toBe('open');
    await Promise.all([transport.write(Buffer.from('one,')), transport.write(Buffer.from('two,')), transport.write(Buffer.from('three'))]);
    await peer.waitFor((r) => r.toString() === 'one,two,three');
    const got = nextData(transport, (all) => all === 'pong\r\n');
    await peer.send('pong\r\n');
    expect(await got).toBe('pong\r\n');
    await transport.close();
    await transport.close();
    expect(transport.state).toBe('closed');
  });

  it('a missing port rejects with a disconnected TransportError that says so', async () => {
    const transport = new SerialTransport(serial('/dev/ttyCASSA-NONE'));
    const error = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ disconnected: true, message: 'serial:/dev/ttyCASSA-NONE: no such serial port (unplugged, or a different name?)' });
    expect(transport.state).toBe('closed');
  });

  it('reports a disconnect once when the other end dies, rejects later writes, and reopens when it returns', async () => {
    const links = tempLinks();
    const first = await rig(links);
    await first.transport.open();
    const drops: TransportError[] = [];
    first.transport.on('disconnect', (e) => drops.push(e));
    await first.pty.kill();
    await expect.poll(() => drops.length, { timeout: 3000 }).toBe(1);
    expect(drops[0]?.disconnected).toBe(true);
    expect(first.transport.state).toBe('closed');
    await expect(first.transport.write(Uint8Array.of(1))).rejects.toMatchObject({ disconnected: true });
    await expect(first.transport.open()).rejects.toMatchObject({ disconnected: true });

    const pty = await openPtyPair(links);
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => pty.kill(), () => peer.close());
    await first.transport.open();
    await first.transport.write(Buffer.from('back'));
    await peer.waitFor((r) => r.toString() === 'back');
    expect(drops).toHaveLength(1);
  });

  it('close() is not reported as a disconnect', async () => {
    const { transport } = await rig();
    await transport.open();
    let drops = 0;
    transport.on('disconnect', () => drops++);
    await transport.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(drops).toBe(0);
  });

  it('a device on a serial transport goes offline on unplug and comes back by itself on replug', async () => {
    const links = tempLinks();
    const first = await rig(links);
    class Probe extends DeviceBase {
      send2(bytes: Uint8Array): Promise<void> {
        return this.send(bytes);
      }
    }
    const device = new Probe(new SerialTransport(serial(links.device)), { reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    cleanups.push(() => device.close());
    await device.open();
    await first.pty.kill();
    await expect.poll(() => device.state, { timeout: 3000 }).toBe('offline');
    const pty = await openPtyPair(links);
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => pty.kill(), () => peer.close());
    await expect.poll(() => device.state, { timeout: 3000 }).toBe('ready');
    await device.send2(Buffer.from('again'));
    await peer.waitFor((r) => r.toString() === 'again');
  });

  it('a serialport that cannot load disables serial devices with a clear error', async () => {
    const transport = new SerialTransport(serial('/dev/ttyS0'), {
      importer: () => Promise.reject(new Error('No native build was found for platform=linux arch=x64 runtime=electron abi=140')),
    });
    const error = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnavailableError);
    expect((error as Error).message).toBe(
      'Serial devices are disabled: serialport could not load (native binding missing or built for another Node/Electron version?): No native build was found for platform=linux arch=x64 runtime=electron abi=140',
    );
  });
});
