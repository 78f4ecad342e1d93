/**
 * @module
 * One byte-stream interface for every link a device can sit on (serial, raw TCP, USB printer
 * class, HID, a kernel device file, a virtual device). Devices are written against this and never
 * know which link carries them.
 */

/** Why a transport stopped: lets callers tell a pulled cable from a programming error. */
export class TransportError extends Error {
  /** True when the link went away (cable, network, device power): worth reconnecting. */
  readonly disconnected: boolean;
  /** True when the caller cancelled (close() during a write): not worth retrying. */
  readonly canceled: boolean;

  constructor(message: string, opts: { disconnected?: boolean; canceled?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TransportError';
    this.disconnected = opts.disconnected ?? false;
    this.canceled = opts.canceled ?? false;
  }
}

export type TransportState = 'closed' | 'opening' | 'open' | 'closing';

export interface TransportEvents {
  /** Bytes arrived from the device (status replies, scans, weights). */
  data: (chunk: Uint8Array) => void;
  /** The link dropped without close() being called. */
  disconnect: (error: TransportError) => void;
}

/**
 * Required behaviour:
 * - `open()` resolves once bytes can be written; it rejects with a TransportError when the port,
 *   host or device is absent, and it may be called again after a failure or a disconnect.
 * - `write()` resolves when the bytes have been handed to the OS (drained), in call order; it
 *   rejects with `disconnected: true` if the link drops first. Bytes are never reordered.
 * - `close()` is idempotent; pending writes reject with `canceled: true`.
 * - `on('disconnect')` fires at most once per successful open, only for drops not caused by close().
 */
export interface Transport {
  /** The connection string this transport was made from, for messages and logs. */
  readonly description: string;
  readonly state: TransportState;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void;
}
