import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../transport/fake-transport';
import { DeviceBase, defaultReconnectPolicy, reconnectDelay } from './device-base';
import type { DeviceErrorEvent, DeviceOptions, DeviceState } from './device-base';
import { DeviceClaimedError } from './device-errors';
import { portClaimHolder } from './port-claims';

class EchoDevice extends DeviceBase<{ lastByte: number }> {
  readyCount = 0;
  failProbe = false;
  protected override onReady(): Promise<void> {
    this.readyCount += 1;
    return this.send(Uint8Array.of(0x1b, 0x40));
  }
  protected override onData(chunk: Uint8Array): void {
    const last = chunk.at(-1);
    if (last !== undefined) this.emitStatus({ lastByte: last });
  }
  protected override probe(): Promise<string> {
    return this.failProbe ? Promise.reject(new Error('no answer')) : Promise.resolve('echo ok');
  }
  ping(): Promise<void> {
    return this.send(Uint8Array.of(1));
  }
}

function setup(options: DeviceOptions = {}, description = `virtual:test-${Math.random()}`) {
  const transport = new FakeTransport({ description });
  const device = new EchoDevice(transport, { random: () => 0, ...options });
  const states: DeviceState[] = [];
  const errors: DeviceErrorEvent[] = [];
  device.on('state', (s) => states.push(s));
  device.on('error', (e) => errors.push(e));
  return { transport, device, states, errors };
}

const opened: EchoDevice[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

describe('DeviceBase lifecycle', () => {
  it('opens through opening to ready, initialises, and closes', async () => {
    const { transport, device, states } = setup();
    opened.push(device);
    await device.open();
    expect(device.state).toBe('ready');
    expect(states).toEqual(['opening', 'ready']);
    expect([...transport.written]).toEqual([0x1b, 0x40]);
    await device.close();
    expect(states).toEqual(['opening', 'ready', 'closed']);
    expect(transport.state).toBe('closed');
  });

  it('open is idempotent and concurrent calls share one attempt', async () => {
    const { transport, device } = setup();
    opened.push(device);
    await Promise.all([device.open(), device.open()]);
    await device.open();
    expect(transport.openCount).toBe(1);
    expect(device.readyCount).toBe(1);
  });

  it('emits typed status from device input only while ready', async () => {
    const { transport, device } = setup();
    opened.push(device);
    const seen: number[] = [];
    device.on('status', (s) => seen.push(s.lastByte));
    await device.open();
    transport.emitData(Uint8Array.of(7, 9));
    expect(seen).toEqual([9]);
    expect(device.lastStatus).toEqual({ lastByte: 9 });
  });

  it('a failed open goes to error, releases the claim and can be retried', async () => {
    const { transport, device, states, errors } = setup();
    opened.push(device);
    transport.present = false;
    await expect(device.open()).rejects.toMatchObject({ code: 'NOT_FOUND', locus: 'open', unreachable: true });
    expect(states).toEqual(['opening', 'error']);
    expect(errors[0]?.code).toBe('NOT_FOUND');
    expect(portClaimHolder(device.portKey)).toBeUndefined();
    transport.present = true;
    await device.open();
    expect(device.state).toBe('ready');
  });

  it('close() during open wins: the open rejects and the device stays closed and unclaimed', async () => {
    const { transport, device } = setup();
    const opening = device.open();
    const closing = device.close();
    await expect(opening).rejects.toMatchObject({ code: 'OFFLINE', locus: 'open' });
    await closing;
    expect(device.state).toBe('closed');
    expect(transport.state).toBe('closed');
    expect(device.claimed).toBe(false);
    expect(portClaimHolder(device.portKey)).toBeUndefined();
    await device.open();
    expect(device.state).toBe('ready');
    await device.close();
  });

  it('send while closed fails with OFFLINE at locus output', async () => {
    const { device } = setup();
    await expect(device.ping()).rejects.toMatchObject({ code: 'OFFLINE', locus: 'output' });
  });

  it('a listener that throws does not break the device', async () => {
    const { transport, device } = setup();
    opened.push(device);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    device.on('status', () => {
      throw new Error('UI bug');
    });
    const seen: number[] = [];
    device.on('status', (s) => seen.push(s.lastByte));
    await device.open();
    transport.emitData(Uint8Array.of(3));
    expect(seen).toEqual([3]);
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });
});

describe('claims', () => {
  it('a second device on the same port cannot open until the first closes', async () => {
    const a = setup({ name: 'scale' }, 'serial:/dev/ttyTEST0');
    const b = setup({ name: 'display' }, 'serial:/dev/ttyTEST0');
    opened.push(a.device, b.device);
    await a.device.open();
    const failure = await b.device.open().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeviceClaimedError);
    expect((failure as DeviceClaimedError).claimed).toBe(true);
    expect((failure as Error).message).toBe('serial:/dev/ttyTEST0 is already claimed by scale (serial:/dev/ttyTEST0); close that device first');
    expect(b.transport.openCount).toBe(0);
    await a.device.close();
    await b.device.open();
    expect(b.device.state).toBe('ready');
  });

  it('two connection strings naming one serial port at different speeds share one claim', async () => {
    const a = setup({}, 'serial:/dev/ttyTEST1?baudRate=9600');
    const b = setup({}, 'serial:/dev/ttyTEST1?baudRate=19200&parity=even');
    opened.push(a.device, b.device);
    expect(a.device.portKey).toBe('serial:/dev/ttyTEST1');
    await a.device.open();
    await expect(b.device.open()).rejects.toMatchObject({ code: 'CLAIMED', claimed: true });
  });
});

describe('reconnect', () => {
  it('backoff doubles from the initial delay, is capped, and jitter only shortens it', () => {
    const p = { ...defaultReconnectPolicy, initialDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 10].map((n) => reconnectDelay(n, p, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(reconnectDelay(3, p, () => 0.999)).toBeGreaterThanOrEqual(400);
    expect(reconnectDelay(3, p, () => 0.5)).toBe(600);
  });

  it('goes offline on disconnect, keeps the claim, retries with backoff and re-initialises', async () => {
    vi.useFakeTimers();
    const { transport, device, states, errors } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 400 } });
    opened.push(device);
    await device.open();
    transport.clearWrites();
    transport.simulateDisconnect();
    expect(device.state).toBe('offline');
    expect(device.claimed).toBe(true);
    expect(errors.at(-1)).toMatchObject({ code: 'DISCONNECTED', locus: 'connection' });
    await expect(device.ping()).rejects.toMatchObject({ code: 'OFFLINE', unreachable: true });

    await vi.advanceTimersByTimeAsync(100); // attempt 1 fails (still unplugged)
    await vi.advanceTimersByTimeAsync(200); // attempt 2 fails
    expect(transport.openCount).toBe(1);
    transport.present = true;
    await vi.advanceTimersByTimeAsync(399);
    expect(device.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1);
    expect(device.state).toBe('ready');
    expect(device.readyCount).toBe(2);
    expect([...transport.written]).toEqual([0x1b, 0x40]);
    expect(states).toEqual(['opening', 'ready', 'offline', 'ready']);

    // The attempt counter resets after success: the next drop starts again at 100 ms.
    transport.simulateDisconnect(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(device.state).toBe('ready');
  });

  it('gives up after maxAttempts and goes to error', async () => {
    vi.useFakeTimers();
    const { transport, device, states } = setup({ reconnect: { initialDelayMs: 10, maxAttempts: 2 } });
    opened.push(device);
    await device.open();
    transport.simulateDisconnect();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states.at(-1)).toBe('error');
    expect(device.lastError?.message).toMatch(/gave up reconnecting after 2 attempts/);
  });

  it('close while offline stops reconnecting and releases the port', async () => {
    vi.useFakeTimers();
    const { transport, device } = setup({ reconnect: { initialDelayMs: 10 } });
    await device.open();
    transport.simulateDisconnect(true);
    await device.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(device.state).toBe('closed');
    expect(transport.openCount).toBe(1);
    expect(portClaimHolder(device.portKey)).toBeUndefined();
  });

  it('reconnect: false leaves the device offline', async () => {
    vi.useFakeTimers();
    const { transport, device } = setup({ reconnect: false });
    opened.push(device);
    await device.open();
    transport.simulateDisconnect(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(device.state).toBe('offline');
    expect(transport.openCount).toBe(1);
  });
});

describe('checkHealth', () => {
  it('reports ok from the probe, failure as an error event at locus health, and non-ready states', async () => {
    const { device, errors } = setup();
    opened.push(device);
    expect(await device.checkHealth()).toEqual({ ok: false, state: 'closed', detail: 'closed' });
    await device.open();
    const ok = await device.checkHealth();
    expect(ok.ok).toBe(true);
    expect(ok.detail).toMatch(/^echo ok \(\d+ ms\)$/);
    device.failProbe = true;
    const bad = await device.checkHealth();
    expect(bad).toMatchObject({ ok: false, state: 'ready' });
    expect(bad.detail).toMatch(/no answer/);
    expect(errors.at(-1)).toMatchObject({ locus: 'health', code: 'IO' });
  });
});
