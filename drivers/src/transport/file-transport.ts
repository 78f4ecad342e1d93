/**
 * @module
 * A kernel device file, such as /dev/usb/lp0 (Linux usblp) or a parallel port. Writes go straight
 * to the file. With `read`, the file is opened non-blocking and polled for status replies: a
 * blocking read would park one of libuv's four pool threads on the device for good.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TypedEmitter } from '../device/typed-emitter';
import type { FileConnection } from '../connection/connection-string';
import { formatConnection } from '../connection/connection-string';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

export interface FileTransportOptions {
  /** How often to look for input when reading (default 50 ms). */
  readonly pollIntervalMs?: number;
}

const goneCodes = new Set(['ENODEV', 'ENXIO', 'EIO', 'ENOENT', 'EBADF']);
const retryCodes = new Set(['EAGAIN', 'EWOULDBLOCK', 'EBUSY']);

export class FileTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly description: string;
  readonly path: string;
  readonly reads: boolean;

  #state: TransportState = 'closed';
  #handle: FileHandle | undefined;
  #poller: ReturnType<typeof setTimeout> | undefined;
  /** Non-blocking reads of a character device give EAGAIN when idle, so 0 bytes means hang-up. */
  #zeroReadIsHangup = false;
  #tail: Promise<void> = Promise.resolve();
  readonly #pollMs: number;

  constructor(connection: FileConnection, options: FileTransportOptions = {}) {
    super();
    this.path = connection.path;
    this.reads = connection.read ?? false;
    this.description = formatConnection(connection);
    this.#pollMs = options.pollIntervalMs ?? 50;
  }

  get state(): TransportState {
    return this.#state;
  }

  async open(): Promise<void> {
    if (this.#state === 'open') return;
    this.#state = 'opening';
    try {
      // O_APPEND keeps a plain file (a capture for tests or a spool) from being overwritten.
      const flags = this.reads ? constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY : constants.O_WRONLY | constants.O_APPEND;
      this.#handle = await open(this.path, flags);
      this.#zeroReadIsHangup = (await this.#handle.stat()).isCharacterDevice();
      this.#state = 'open';
      if (this.reads) this.#schedulePoll(this.#handle);
    } catch (cause) {
      this.#state = 'closed';
      const code = errorCode(cause);
      if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') {
        throw new TransportError(`${this.description}: no such device file (printer off or unplugged?)`, { disconnected: true, cause });
      }
      if (code === 'EACCES' || code === 'EPERM') {
        throw new TransportError(`${this.description}: permission denied (on Linux add the till user to the 'lp' group)`, { cause });
      }
      if (code === 'EBUSY') throw new TransportError(`${this.description}: in use by another program`, { cause });
      throw new TransportError(`${this.description}: cannot open: ${messageOf(cause)}`, { cause });
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (this.#state !== 'open' || !handle) return Promise.reject(new TransportError(`${this.description} is not open`, { disconnected: true }));
    const data = Uint8Array.from(bytes);
    const run = this.#tail.then(async () => {
      let offset = 0;
      while (offset < data.length) {
        if (this.#handle !== handle) throw new TransportError(`${this.description} was closed`, { canceled: true });
        try {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset);
          offset += bytesWritten;
        } catch (cause) {
          const code = errorCode(cause);
          if (code && retryCodes.has(code)) {
            // Non-blocking and the printer's buffer is full: wait for it to print.
            await delay(this.#pollMs);
            continue;
          }
          const gone = code !== undefined && goneCodes.has(code);
          const error = new TransportError(`${this.description}: write failed: ${messageOf(cause)}`, { disconnected: gone, cause });
          if (gone) this.#dropped(error);
          throw error;
        }
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    this.#state = 'closed';
    if (this.#poller) clearTimeout(this.#poller);
    this.#poller = undefined;
    await handle?.close().catch(() => undefined);
  }

  #schedulePoll(handle: FileHandle): void {
    this.#poller = setTimeout(() => void this.#poll(handle), this.#pollMs);
    this.#poller.unref?.();
  }

  async #poll(handle: FileHandle): Promise<void> {
    const buffer = Buffer.alloc(4096);
    try {
      for (;;) {
        if (this.#handle !== handle) return;
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (this.#handle !== handle) return;
        if (bytesRead === 0) {
          if (this.#zeroReadIsHangup) {
            this.#dropped(new TransportError(`${this.description} disconnected: the device hung up`, { disconnected: true }));
            return;
          }
          break;
        }
        this.emit('data', Uint8Array.from(buffer.subarray(0, bytesRead)));
      }
    } catch (cause) {
      const code = errorCode(cause);
      if (!(code && retryCodes.has(code))) {
        if (this.#handle === handle) this.#dropped(new TransportError(`${this.description} disconnected: ${messageOf(cause)}`, { disconnected: true, cause }));
        return;
      }
    }
    if (this.#handle === handle) this.#schedulePoll(handle);
  }

  #dropped(error: TransportError): void {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = undefined;
    this.#state = 'closed';
    if (this.#poller) clearTimeout(this.#poller);
    void handle.close().catch(() => undefined);
    this.emit('disconnect', error);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
