/**
 * @module
 * A shop scale on a serial line. `readStableWeight()` is what the till calls when a product sold
 * by weight is scanned: it asks until the plate settles, and turns every way of not getting a
 * weight into a typed ScaleError the UI can word ("wait for the scale to settle", "too heavy").
 */
import type { Connection } from '../connection/connection-string';
import { parseConnection } from '../connection/connection-string';
import { DeviceBase } from '../device/device-base';
import type { DeviceOptions } from '../device/device-base';
import { createTransport } from '../transport/create-transport';
import type { CreateTransportOptions } from '../transport/create-transport';
import type { Transport } from '../transport/transport';
import { adamEquipment } from './adam';
import { mettlerToledo8217 } from './mettler-toledo-8217';
import type { ScaleProtocol, ScaleReading } from './scale-protocol';
import { ScaleError } from './scale-error';
import { DeviceError } from '../device/device-errors';

export { ScaleError } from './scale-error';
export type { ScaleFailure } from './scale-error';

/** What `status` events carry: the last reading, for a live weight display. */
export type ScaleStatus = ScaleReading;

export interface ScaleOptions extends DeviceOptions {
  readonly protocol?: ScaleProtocol;
  /** How long to wait for one answer. Default 1000 ms. */
  readonly answerTimeoutMs?: number;
  /** How long `readStableWeight` keeps asking while the plate moves. Default 3000 ms. */
  readonly settleTimeoutMs?: number;
  /** Pause between two requests while the plate moves. Default 200 ms. */
  readonly pollIntervalMs?: number;
}

export const scaleProtocols: Readonly<Record<'mettler-toledo-8217' | 'adam', ScaleProtocol>> = {
  'mettler-toledo-8217': mettlerToledo8217,
  adam: adamEquipment,
};

export class Scale extends DeviceBase<ScaleStatus> {
  readonly protocol: ScaleProtocol;
  readonly #answerTimeoutMs: number;
  readonly #settleTimeoutMs: number;
  readonly #pollIntervalMs: number;
  #buffer = '';
  #waiter: ((reading: ScaleReading | Error) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(transport: Transport, options: ScaleOptions = {}) {
    super(transport, { name: 'scale', ...options });
    this.protocol = options.protocol ?? mettlerToledo8217;
    this.#answerTimeoutMs = options.answerTimeoutMs ?? 1000;
    this.#settleTimeoutMs = options.settleTimeoutMs ?? 3000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /**
   * Asks until the scale reports a stable weight; resolves with whole grams.
   * @throws ScaleError (motion after settleTimeoutMs, over-capacity, under-zero, no-answer)
   */
  readStableWeight(): Promise<number> {
    return this.#exclusive(async () => {
      const deadline = Date.now() + this.#settleTimeoutMs;
      for (;;) {
        const reading = await this.#request(this.protocol.weighCommand);
        if (reading.kind === 'weight' && reading.stable) return reading.grams;
        if (reading.kind === 'status') {
          if (reading.overCapacity) throw new ScaleError('over-capacity', `${this.name}: over capacity, take the goods off`);
          if (reading.underZero) throw new ScaleError('under-zero', `${this.name}: below zero, zero the scale with the plate empty`);
          if (!reading.motion) throw new DeviceError(`${this.name}: reports status 0x${reading.raw.toString(16)} and no weight`, { code: 'DEVICE', locus: 'input' });
        }
        if (Date.now() + this.#pollIntervalMs > deadline) {
          throw new ScaleError('motion', `${this.name}: the weight did not settle within ${this.#settleTimeoutMs} ms`);
        }
        await delay(this.#pollIntervalMs);
      }
    });
  }

  /** One request, whatever the answer (for a live display). */
  readWeight(): Promise<ScaleReading> {
    return this.#exclusive(() => this.#request(this.protocol.weighCommand));
  }

  zero(): Promise<void> {
    return this.#command(this.protocol.zeroCommand, 'zero');
  }

  tare(): Promise<void> {
    return this.#command(this.protocol.tareCommand, 'tare');
  }

  /** Clears the tare; protocols without a clear command tare again with the plate empty. */
  clearTare(): Promise<void> {
    return this.#command(this.protocol.clearCommand ?? this.protocol.tareCommand, 'clear');
  }

  protected override onReady(): Promise<void> {
    this.#buffer = '';
    return Promise.resolve();
  }

  protected override async probe(): Promise<string> {
    const reading = await this.readWeight();
    return reading.kind === 'weight' ? `answers ${reading.grams} g` : `answers status 0x${reading.raw.toString(16)}`;
  }

  protected override onData(chunk: Uint8Array): void {
    this.#buffer += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    for (;;) {
      let parsed: ReturnType<ScaleProtocol['parse']>;
      try {
        parsed = this.protocol.parse(this.#buffer);
      } catch (error) {
        this.#buffer = '';
        const failure = new DeviceError(`${this.name}: ${error instanceof Error ? error.message : String(error)}`, { code: 'PROTOCOL', locus: 'input' });
        this.reportError(failure);
        this.#settle(failure);
        return;
      }
      if (!parsed) break;
      this.#buffer = parsed.rest;
      this.emitStatus(parsed.reading);
      this.#settle(parsed.reading);
    }
    if (this.#buffer.length > 1024) this.#buffer = ''; // noise at the wrong baud rate
  }

  #settle(result: ScaleReading | Error): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.(result);
  }

  async #command(command: string | undefined, what: string): Promise<void> {
    if (command === undefined) throw new DeviceError(`${this.name}: ${this.protocol.name} has no ${what} command`, { code: 'DEVICE', locus: 'output' });
    await this.#exclusive(() => this.send(Buffer.from(command, 'latin1')));
  }

  async #request(command: string): Promise<ScaleReading> {
    this.#buffer = ''; // an answer that arrived late for an earlier request is stale
    const answer = new Promise<ScaleReading | Error>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve(new ScaleError('no-answer', `${this.name}: no answer within ${this.#answerTimeoutMs} ms (off, wrong cable, or wrong protocol/baud rate?)`));
      }, this.#answerTimeoutMs);
      this.#waiter = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
    });
    try {
      await this.send(Buffer.from(command, 'latin1'));
    } catch (error) {
      this.#settle(error instanceof Error ? error : new Error(String(error)));
      await answer;
      throw error;
    }
    const result = await answer;
    if (result instanceof Error) throw result;
    return result;
  }

  /** One conversation at a time: answers carry no request id. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

export interface CreateScaleOptions extends ScaleOptions {
  readonly transport?: CreateTransportOptions;
}

/** Builds a scale from a connection string; the protocol's serial settings are the defaults. */
export function createScale(connection: Connection | string, options: CreateScaleOptions = {}): Scale {
  const c = typeof connection === 'string' ? parseConnection(connection) : connection;
  const protocol = options.protocol ?? mettlerToledo8217;
  const transport = createTransport(c, { ...options.transport, serialDefaults: { ...protocol.serial, ...options.transport?.serialDefaults } });
  return new Scale(transport, { ...options, protocol });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
