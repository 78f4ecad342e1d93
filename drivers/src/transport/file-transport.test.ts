import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConnection } from '../connection/connection-string';
import type { FileConnection } from '../connection/connection-string';
import { FileTransport } from './file-transport';
import { openPtyPair } from './testing/pty-pair';
import { openSerialPeer } from './testing/serial-peer';
import type { TransportError } from './transport';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const file = (s: string) => parseConnection(s) as FileConnection;

describe('FileTransport', () => {
  it('appends writes to the device file in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-lp-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const transport = new FileTransport(file(`file:${path}`));
    await transport.open();
    await Promise.all([transport.write(Buffer.from('\x1b@')), transport.write(Buffer.from('Ciao\n'))]);
    await transport.close();
    expect(readFileSync(path, 'latin1')).toBe('\x1b@Ciao\n');
  });

  it('a missing device file is reported as absent', async () => {
    const transport = new FileTransport(file('file:/dev/usb/lp-cassa-none'));
    await expect(transport.open()).rejects.toMatchObject({
      disconnected: true,
      message: 'file:/dev/usb/lp-cassa-none: no such device file (printer off or unplugged?)',
    });
  });

  it('with read=true it polls replies from a character device and reports its loss', async () => {
    const pty = await openPtyPair();
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => pty.kill(), () => peer.close());
    const transport = new FileTransport(file(`file:${pty.devicePath}?read=true`), { pollIntervalMs: 10 });
    cleanups.push(() => transport.close());
    await transport.open();
    const got: number[] = [];
    transport.on('data', (c) => got.push(...c));
    await transport.write(Uint8Array.of(0x10, 0x04, 0x01));
    await peer.waitFor((r) => r.length === 3);
    expect([...peer.received()]).toEqual([0x10, 0x04, 0x01]);
    await peer.send(Uint8Array.of(0x12));
    await expect.poll(() => got, { timeout: 2000 }).toEqual([0x12]);
    const drops: TransportError[] = [];
    transport.on('disconnect', (e) => drops.push(e));
    await peer.close();
    await pty.kill();
    await expect.poll(() => drops.length, { timeout: 2000 }).toBe(1);
    expect(transport.state).toBe('closed');
  });
});
