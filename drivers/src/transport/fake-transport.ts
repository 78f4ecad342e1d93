/**
 * @module
 * An in-memory Transport with the same contract as the real ones (see transport.ts), for tests and
 * for `virtual:` devices. A `responder` plays the device: it sees every write and may answer.
 */
import { TypedEmitter } from '../device/typed-emitter';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

/** Plays the device: called with each write; return bytes to send back (or nothing). */
export type FakeResponder = (written: Uint8Array, transport: FakeTransport) => Uint8Array | string | undefined | void;

export interface FakeTransportOptions {
  readonly description?: string;
  readonly responder?: FakeResponder;
  /** Delay before a reply arrives, so callers cannot rely on synchronous answers. */
  readonly replyDelayMs?: number;
}

export class FakeTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly description: string;
  /** Every write, in order, as handed to write(). */
  readonly writes: Uint8Array[] = [];
  responder: FakeResponder | undefined;
  /** While true, open() rejects as if the device were unplugged. */
  present = true;
  /** Times open() succeeded: lets tests see a reconnect happened. */
  openCount = 0;

  #state: TransportState = 'closed';
  readonly #replyDelayMs: number;

  constructor(options: FakeTransportOptions = {}) {
    super();
    this.description = options.description ?? 'virtual:fake';
    this.responder = options.responder;
    this.#replyDelayMs = options.replyDelayMs ?? 0;
  }

  get state(): TransportState {
    return this.#state;
  }

  /** All bytes written so far, concatenated. */
  get written(): Uint8Array {
    return concatBytes(this.writes);
  }

  async open(): Promise<void> {
    if (this.#state === 'open') return;
    this.#state = 'opening';
    await Promise.resolve();
    if (!this.present) {
      this.#state = 'closed';
      throw new TransportError(`${this.description}: no such device`, { disconnected: true });
    }
    this.#state = 'open';
    this.openCount += 1;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'open') throw new TransportError(`${this.description} is not open`, { disconnected: this.#state === 'closed' });
    const copy = Uint8Array.from(bytes);
    this.writes.push(copy);
    await Promise.resolve();
    const reply = this.responder?.(copy, this);
    if (reply !== undefined && reply !== null) {
      const replyBytes = typeof reply === 'string' ? new TextEncoder().encode(reply) : reply;
      if (this.#replyDelayMs > 0) setTimeout(() => this.emitData(replyBytes), this.#replyDelayMs);
      else queueMicrotask(() => this.emitData(replyBytes));
    }
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    await Promise.resolve();
  }

  /** The device sends bytes unprompted (a scan, an ASB status). */
  emitData(bytes: Uint8Array | string): void {
    if (this.#state !== 'open') return;
    this.emit('data', typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  }

  /** Pulls the cable: the transport closes and reports a disconnect. */
  simulateDisconnect(present = false): void {
    this.present = present;
    if (this.#state !== 'open') return;
    this.#state = 'closed';
    this.emit('disconnect', new TransportError(`${this.description}: device went away`, { disconnected: true }));
  }

  clearWrites(): void {
    this.writes.length = 0;
  }
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
