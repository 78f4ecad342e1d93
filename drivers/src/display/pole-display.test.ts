import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair } from '../transport/testing/pty-pair';
import { openSerialPeer } from '../transport/testing/serial-peer';
import type { SerialPeer } from '../transport/testing/serial-peer';
import { encodeDisplayInit, encodeDisplayLines, epsonDisplayProfile, fitDisplayLine } from './display-encoder';
import { createPoleDisplay, formatEuroCents } from './pole-display';
import type { PoleDisplay } from './pole-display';
import { VfdEmulator } from './testing/vfd-emulator';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('display encoder (exact bytes)', () => {
  it('initialises with ESC @, the code table, overwrite mode, cursor off and clear', () => {
    expect([...encodeDisplayInit(epsonDisplayProfile)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 19, 0x1f, 0x01, 0x1f, 0x43, 0x00, 0x0c]);
  });

  it('moves to each row with US $ and writes exactly 20 cells, euro and accents in CP858', () => {
    const bytes = [...encodeDisplayLines(['Caffè', '€ 1,20'], epsonDisplayProfile)];
    const row1 = [0x1f, 0x24, 1, 1, ...Buffer.from('Caff', 'latin1'), 0x8a, ...new Array<number>(15).fill(0x20)];
    const row2 = [0x1f, 0x24, 1, 2, 0xd5, ...Buffer.from(' 1,20', 'latin1'), ...new Array<number>(14).fill(0x20)];
    expect(bytes).toEqual([...row1, ...row2]);
  });

  it('cuts long lines and replaces what the table cannot show, visibly', () => {
    expect(fitDisplayLine('Parmigiano Reggiano 24 mesi', 20, 'cp858')).toBe('Parmigiano Reggiano ');
    expect(fitDisplayLine('Così “buono”', 20, 'cp858')).toBe('Così "buono"        ');
    expect(fitDisplayLine('Perché € 3', 20, 'ascii')).toBe("Perche' EUR 3       ");
    expect(fitDisplayLine('ÀÈÌÒÙ', 20, 'cp858').trimEnd()).toBe('ÀÈÌÒÙ');
    expect(fitDisplayLine('a\r\nb', 20, 'cp858').trimEnd()).toBe('a b');
  });

  it('formats euro cents the Italian way', () => {
    expect(formatEuroCents(150)).toBe('€ 1,50');
    expect(formatEuroCents(123456789)).toBe('€ 1.234.567,89');
    expect(formatEuroCents(-5)).toBe('€ -0,05');
    expect(formatEuroCents(0)).toBe('€ 0,00');
  });
});

async function rig(links?: { device: string; peer: string }): Promise<{ display: PoleDisplay; vfd: VfdEmulator; peer: SerialPeer }> {
  const pty = await openPtyPair(links);
  cleanups.push(() => pty.kill());
  const peer = await openSerialPeer(pty.peerPath);
  cleanups.push(() => peer.close());
  const vfd = new VfdEmulator();
  peer.onChunk((chunk) => vfd.feed(chunk));
  const display = createPoleDisplay(`serial:${links?.device ?? pty.devicePath}`, { reconnect: { initialDelayMs: 20, maxDelayMs: 50 } });
  cleanups.push(() => display.close());
  await display.open();
  return { display, vfd, peer };
}

async function screen(vfd: VfdEmulator, expected: string[]): Promise<void> {
  await expect.poll(() => vfd.lines.map((l) => l.trimEnd()), { timeout: 2000 }).toEqual(expected);
  expect(vfd.errors).toEqual([]);
}

describe('PoleDisplay over a socat pty pair, read by an emulated VFD', () => {
  it('initialises the display and shows two lines', async () => {
    const { display, vfd } = await rig();
    await display.showLines('Benvenuti da Gino', 'Caffè e più');
    await screen(vfd, ['Benvenuti da Gino', 'Caffè e più']);
    expect(vfd).toMatchObject({ initialised: 1, codeTable: 19, overwrite: true, cursorVisible: false });
    expect(display.lines).toEqual(['Benvenuti da Gino   ', 'Caffè e più         ']);
  });

  it('item, total, change and welcome screens fit 20 columns', async () => {
    const { display, vfd } = await rig();
    await display.showItem('Mozzarella di bufala campana', 450);
    await screen(vfd, ['Mozzarella di bufala', '              € 4,50']);
    await display.showItem('Acqua', 50, 6);
    await screen(vfd, ['Acqua', '6 x           € 0,50']);
    await display.showTotal(1234);
    await screen(vfd, ['TOTALE', '             € 12,34']);
    await display.showChange(2000, 766);
    await screen(vfd, ['Pagato       € 20,00', 'Resto         € 7,66']);
    await display.showWelcome('Alimentari Rossi');
    await screen(vfd, ['     Benvenuti', '  Alimentari Rossi']);
    await display.clear();
    await screen(vfd, ['', '']);
  });

  it('after an unplug and replug it re-initialises and puts the last screen back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-vfd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const links = { device: join(dir, 'display'), peer: join(dir, 'peer') };
    const pty = await openPtyPair(links);
    const peer = await openSerialPeer(pty.peerPath);
    const display = createPoleDisplay(`serial:${links.device}`, { reconnect: { initialDelayMs: 20, maxDelayMs: 50 } });
    cleanups.push(() => display.close());
    await display.open();
    await display.showTotal(990);
    await peer.close();
    await pty.kill();
    await expect.poll(() => display.state, { timeout: 3000 }).toBe('offline');

    const pty2 = await openPtyPair(links);
    const peer2 = await openSerialPeer(pty2.peerPath);
    cleanups.push(() => pty2.kill(), () => peer2.close());
    const vfd = new VfdEmulator();
    peer2.onChunk((chunk) => vfd.feed(chunk));
    await expect.poll(() => display.state, { timeout: 3000 }).toBe('ready');
    await screen(vfd, ['TOTALE', '              € 9,90']);
    expect(vfd.initialised).toBe(1);
  });
});
