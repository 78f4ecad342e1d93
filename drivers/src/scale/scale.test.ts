import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair } from '../transport/testing/pty-pair';
import type { SerialTransport } from '../transport/serial-transport';
import { adamEquipment } from './adam';
import { mettlerToledo8217 } from './mettler-toledo-8217';
import { ScaleError, createScale } from './scale';
import type { Scale, ScaleOptions } from './scale';
import { kilogramsTextToGrams } from './scale-protocol';
import { startFakeScale } from './testing/fake-scale';
import type { FakeScale } from './testing/fake-scale';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(kind: 'mettler' | 'adam', answer: FakeScale['answer'], options: ScaleOptions = {}): Promise<{ scale: Scale; fake: FakeScale }> {
  const pty = await openPtyPair();
  cleanups.push(() => pty.kill());
  const fake = await startFakeScale(pty.peerPath, kind === 'mettler' ? '' : '\r\n', answer);
  cleanups.push(() => fake.close());
  const protocol = kind === 'mettler' ? mettlerToledo8217 : adamEquipment;
  const scale = createScale(`serial:${pty.devicePath}`, { protocol, answerTimeoutMs: 300, settleTimeoutMs: 400, pollIntervalMs: 50, ...options });
  cleanups.push(() => scale.close());
  await scale.open();
  return { scale, fake };
}

const STX = '\x02';
const status = (bits: number) => `${STX}?${String.fromCharCode(0x40 | bits)}\r`;

describe('kilogramsTextToGrams', () => {
  it('is exact for every gram up to 100 kg (no floating point drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (grams) => {
        const text = `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`;
        expect(kilogramsTextToGrams(text)).toBe(grams);
      }),
    );
    expect(kilogramsTextToGrams('01.2')).toBe(1200);
    expect(kilogramsTextToGrams('0.0005')).toBe(1);
    expect(kilogramsTextToGrams('.5')).toBe(500);
    expect(() => kilogramsTextToGrams('1.2.3')).toThrow("'1.2.3' is not a weight");
  });
});

describe('Mettler-Toledo 8217 over a socat pty pair', () => {
  it('opens at 9600 7E1 unless the connection string says otherwise', () => {
    const scale = createScale('serial:/dev/ttyS3');
    expect((scale.transport as SerialTransport).settings).toEqual({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1, flowControl: 'none' });
    const fast = createScale('serial:/dev/ttyS3?baudRate=19200');
    expect((fast.transport as SerialTransport).settings.baudRate).toBe(19200);
  });

  it('W → STX ww.www CR: a stable weight in whole grams, even when the reply comes in pieces', async () => {
    const { scale, fake } = await rig('mettler', () => [`${STX}01.`, '234\r']);
    expect(await scale.readStableWeight()).toBe(1234);
    expect(fake.commands).toEqual(['W']);
    expect(scale.lastStatus).toEqual({ kind: 'weight', grams: 1234, stable: true });
  });

  it('keeps asking while the plate is in motion, then returns the settled weight', async () => {
    let asked = 0;
    const { scale, fake } = await rig('mettler', () => (++asked < 3 ? status(0b001) : `${STX}00.350\r`));
    expect(await scale.readStableWeight()).toBe(350);
    expect(fake.commands).toEqual(['W', 'W', 'W']);
  });

  it('motion that never settles, over capacity, under zero and silence are typed errors', async () => {
    const replies: Record<string, string | undefined> = { motion: status(0b001), over: status(0b010), under: status(0b100), silent: undefined, ok: `${STX}0.500\r` };
    let mode = 'motion';
    const { scale } = await rig('mettler', () => replies[mode]);
    const fail = async () => (await scale.readStableWeight().catch((e: unknown) => e)) as ScaleError;

    const motion = await fail();
    expect(motion).toBeInstanceOf(ScaleError);
    expect(motion).toMatchObject({ reason: 'motion', motion: true, code: 'DEVICE', message: 'scale: the weight did not settle within 400 ms' });
    mode = 'over';
    expect(await fail()).toMatchObject({ reason: 'over-capacity', overCapacity: true, message: 'scale: over capacity, take the goods off' });
    mode = 'under';
    expect(await fail()).toMatchObject({ reason: 'under-zero', underZero: true });
    mode = 'silent';
    expect(await fail()).toMatchObject({ reason: 'no-answer', noAnswer: true, code: 'TIMEOUT' });
    // …and the scale still works afterwards: a late answer never leaks into the next request.
    mode = 'ok';
    expect(await scale.readStableWeight()).toBe(500);
  });

  it('sends Z, T and C for zero, tare and clear, one conversation at a time', async () => {
    const { scale, fake } = await rig('mettler', (c) => (c === 'W' ? `${STX}02.000\r` : undefined));
    await Promise.all([scale.zero(), scale.readStableWeight(), scale.tare(), scale.clearTare()]);
    await fake.peer.waitFor((r) => r.length === 4);
    expect(fake.commands).toEqual(['Z', 'W', 'T', 'C']);
  });

  it('a garbled answer is a PROTOCOL error, not a weight', async () => {
    const { scale } = await rig('mettler', () => `${STX}12kg!\r`);
    await expect(scale.readStableWeight()).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('checkHealth asks the scale', async () => {
    const { scale } = await rig('mettler', () => `${STX}00.000\r`);
    const health = await scale.checkHealth();
    expect(health.ok).toBe(true);
    expect(health.detail).toMatch(/^answers 0 g \(\d+ ms\)$/);
  });
});

describe('Adam Equipment over a socat pty pair', () => {
  it('P CR LF → a line with the weight in kg; unstable lines are asked again; negatives are under zero', async () => {
    const lines = ['US,GS,+  0.740 kg\r\n', 'ST,GS,+  0.750 kg\r\n'];
    let next = 0;
    const { scale, fake } = await rig('adam', () => lines[next++] ?? '     1.000kg\r\n');
    expect((scale.transport as SerialTransport).settings).toMatchObject({ baudRate: 4800, dataBits: 8, parity: 'none' });
    expect(await scale.readStableWeight()).toBe(750);
    expect(fake.commands).toEqual(['P', 'P']);
    expect(await scale.readStableWeight()).toBe(1000);
    lines.push('ST,GS,-  0.005kg\r\n');
    next = lines.length - 1;
    await expect(scale.readStableWeight()).rejects.toMatchObject({ reason: 'under-zero' });
  });
});

describe('virtual scale', () => {
  it('answers like an 8217 with 1.234 kg on the plate', async () => {
    const scale = createScale('virtual:scale');
    cleanups.push(() => scale.close());
    await scale.open();
    expect(await scale.readStableWeight()).toBe(1234);
  });
});
