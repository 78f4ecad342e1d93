/**
 * The till with a real scanner, pole display and scale on serial lines: socat pseudo-terminal
 * pairs, with a scripted device on the far end of each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, openSerialPeer, VfdEmulator } from '@cassa/drivers/testing';
import type { PtyPair, SerialPeer } from '@cassa/drivers/testing';
import { demoEan } from '../demo/demo-shop';
import { seedDemoShop } from '../demo/seed-demo';
import { createTestTill, ScriptedPrinter, SettableClock } from '../testing/test-till';
import { createTillCore } from '../till-core-node';

describe('the till with serial peripherals', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean();
  });

  async function pair(baudRate = 9600): Promise<{ pty: PtyPair; peer: SerialPeer }> {
    const pty = await openPtyPair();
    const peer = await openSerialPeer(pty.peerPath, { baudRate });
    cleanups.push(() => pty.kill(), () => peer.close());
    return { pty, peer };
  }

  it('turns scans into events, mirrors the ticket on the pole display and weighs on the scale', async () => {
    const scanner = await pair();
    const display = await pair();
    const scale = await pair();
    const STX = '\x02';
    scale.peer.onChunk((chunk, peer) => {
      if (chunk.toString('latin1').includes('W')) void peer.send(`${STX}01.234\r`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'cassa-periph-'));
    const core = createTillCore({
      dataDir: dir,
      printer: new ScriptedPrinter(),
      clock: new SettableClock(),
      logger: { error: () => undefined },
      peripherals: {
        scanner: `serial:${scanner.pty.devicePath}?baudRate=9600`,
        display: `serial:${display.pty.devicePath}?baudRate=9600`,
        scale: `serial:${scale.pty.devicePath}`,
      },
    });
    cleanups.push(async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    });
    seedDemoShop(core.services);
    await expect.poll(() => core.services.peripherals.status().map((d) => d.state)).toEqual(['ready', 'ready', 'ready']);

    const scans: unknown[] = [];
    core.events.subscribe((e) => {
      if (e.name === 'scanner.scan') scans.push(e.payload);
    });
    await scanner.peer.send(`${demoEan(1)}\r\n`);
    await expect.poll(() => scans).toEqual([{ code: demoEan(1), source: expect.stringContaining('serial:') }]);

    // The screen turns the scan into a ticket line; the customer display follows.
    const session = await core.dispatcher.dispatch('session.login', { userId: 'user-giulia', pin: '1111' }, { trustedLocal: true });
    const token = session.ok ? (session.data as { token: string }).token : '';
    await core.dispatcher.dispatch('sale.scan', { code: demoEan(1) }, { token, trustedLocal: true });
    const vfd = new VfdEmulator();
    await expect
      .poll(() => {
        vfd.feed(display.peer.received());
        return vfd.lines.join('|');
      })
      .toMatch(/Caff.*\|.*4,49/);

    const weighed = await core.dispatcher.dispatch('scale.weigh', {}, { token, trustedLocal: true });
    expect(weighed).toEqual({ ok: true, data: { grams: 1234 } });
  });

  it('reports a missing scale clearly and keeps selling', async () => {
    const till = createTestTill();
    cleanups.push(() => till.dispose());
    const token = await till.login('user-giulia', '1111');
    expect(await till.raw('scale.weigh', {}, token)).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE', message: expect.stringMatching(/CASSA_SCALE/) } });
    expect((await till.raw('sale.scan', { code: demoEan(1) }, token)).ok).toBe(true);
  });
});
