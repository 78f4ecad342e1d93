/**
 * @module
 * Serial ports (RS-232, USB-serial adapters, virtual COM ports) through the serialport package.
 */
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import { DeviceUnavailableError } from '../device/device-errors';
import { TypedEmitter } from '../device/typed-emitter';
import type { SerialConnection, SerialSettings } from '../connection/connection-string';
import { formatConnection } from '../connection/connection-string';
import { loadNativeModule } from './native-modules';
import type { ModuleImporter } from './native-modules';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

/** 9600 8N1 without flow control: what most receipt printers, displays and scanners ship with. */
export const defaultSerialSettings: Required<SerialSettings> = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'none',
};

export interface SerialTransportOptions {
  /** Settings the device's protocol implies (a Mettler scale: 7E1); the connection string wins. */
  readonly defaults?: SerialSettings;
  /** Reject a write that has not drained after this long (a printer off with RTS/CTS blocks forever). */
  readonly writeTimeoutMs?: number;
  /**
   * How often to check that the device node still exists (POSIX paths only; 0 turns it off).
   * serialport notices a vanished USB adapter through a read error, but a hung-up pty reads 0 bytes
   * forever without an error; and an adapter replugged quickly comes back as a new node under the
   * same name, which the old descriptor can never reach. Default 500 ms.
   */
  readonly presenceCheckMs?: number;
  /** For tests of the "serialport missing" path. */
  readonly importer?: ModuleImporter;
}

export class SerialTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly description: string;
  readonly settings: Required<SerialSettings>;
  readonly path: string;

  #state: TransportState = 'closed';
  #port: SerialPort | undefined;
  #closing = false;
  #presenceTimer: ReturnType<typeof setInterval> | undefined;
  #tail: Promise<void> = Promise.resolve();
  readonly #pending = new Set<(error: TransportError) => void>();
  readonly #options: SerialTransportOptions;

  constructor(connection: SerialConnection, options: SerialTransportOptions = {}) {
    super();
    this.#options = options;
    this.path = connection.path;
    this.description = formatConnection(connection);
    const pick = <K extends keyof SerialSettings>(key: K): Required<SerialSettings>[K] =>
      (connection[key] ?? options.defaults?.[key] ?? defaultSerialSettings[key]) as Required<SerialSettings>[K];
    this.settings = {
      baudRate: pick('baudRate'),
      dataBits: pick('dataBits'),
      parity: pick('parity'),
      stopBits: pick('stopBits'),
      flowControl: pick('flowControl'),
    };
  }

  get state(): TransportState {
    return this.#state;
  }

  async open(): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state === 'opening') throw new TransportError(`${this.description} is already opening`);
    this.#state = 'opening';
    try {
      const { SerialPort: Port } = await loadNativeModule('serialport', this.#options.importer);
      const s = this.settings;
      const port = new Port({
        path: this.path,
        baudRate: s.baudRate,
        dataBits: s.dataBits,
        parity: s.parity,
        stopBits: s.stopBits,
        rtscts: s.flowControl === 'rtscts',
        xon: s.flowControl === 'xonxoff',
        xoff: s.flowControl === 'xonxoff',
        autoOpen: false,
      });
      // Without an 'error' listener a late error event would crash the process.
      port.on('error', (error: Error) => this.#dropped(error));
      port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
        if (!this.#closing) this.#dropped(error ?? new Error('port closed'));
      });
      port.on('data', (chunk: Buffer) => {
        this.emit('data', new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
      this.#port = port;
      this.#closing = false;
      this.#state = 'open';
      await this.#watchPresence(port);
    } catch (cause) {
      this.#state = 'closed';
      this.#port = undefined;
      // DeviceUnavailableError passes through: the device kind is off, not this port absent.
      throw cause instanceof TransportError || cause instanceof DeviceUnavailableError ? cause : openError(this.description, cause);
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'open' || !this.#port) {
      return Promise.reject(new TransportError(`${this.description} is not open`, { disconnected: true }));
    }
    const port = this.#port;
    const copy = Buffer.from(bytes);
    // Chained so each write resolves after the ones before it, in call order.
    const run = this.#tail.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.#port !== port || this.#state !== 'open') {
            reject(new TransportError(`${this.description} is not open`, { disconnected: !this.#closing, canceled: this.#closing }));
            return;
          }
          let timer: ReturnType<typeof setTimeout> | undefined;
          const settle = (error?: TransportError) => {
            if (timer) clearTimeout(timer);
            if (!this.#pending.delete(fail)) return;
            if (error) reject(error);
            else resolve();
          };
          const fail = (error: TransportError) => settle(error);
          this.#pending.add(fail);
          const timeout = this.#options.writeTimeoutMs;
          if (timeout !== undefined) {
            timer = setTimeout(() => settle(new TransportError(`${this.description}: write did not drain within ${timeout} ms (device off or flow control stuck?)`)), timeout);
          }
          port.write(copy, (error) => {
            if (error) settle(new TransportError(`${this.description}: write failed: ${error.message}`, { disconnected: isDisconnect(error), cause: error }));
          });
          port.drain((error) => {
            if (error) settle(new TransportError(`${this.description}: write failed: ${error.message}`, { disconnected: isDisconnect(error), cause: error }));
            else settle();
          });
        }),
    );
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.#stopPresence();
    const port = this.#port;
    this.#rejectPending(new TransportError(`${this.description} was closed`, { canceled: true }));
    this.#port = undefined;
    if (!port) {
      this.#state = 'closed';
      return;
    }
    this.#closing = true;
    this.#state = 'closing';
    if (port.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    port.removeAllListeners('data');
    this.#state = 'closed';
  }

  async #watchPresence(port: SerialPort): Promise<void> {
    const every = this.#options.presenceCheckMs ?? 500;
    if (every <= 0 || !this.path.startsWith('/')) return;
    const identity = await nodeIdentity(this.path);
    if (!identity) return;
    let checking = false;
    this.#presenceTimer = setInterval(() => {
      if (checking) return;
      checking = true;
      void nodeIdentity(this.path)
        .then((now) => {
          if (this.#port !== port) return;
          if (!now) this.#dropped(new Error('the device node is gone'));
          else if (now !== identity) this.#dropped(new Error('the device node was replaced (replugged)'));
        })
        .finally(() => {
          checking = false;
        });
    }, every);
    this.#presenceTimer.unref?.();
  }

  #stopPresence(): void {
    if (this.#presenceTimer) clearInterval(this.#presenceTimer);
    this.#presenceTimer = undefined;
  }

  #dropped(cause: Error): void {
    if (this.#closing || this.#state !== 'open') return;
    this.#stopPresence();
    const port = this.#port;
    this.#port = undefined;
    this.#state = 'closed';
    const error = new TransportError(`${this.description} disconnected: ${cause.message}`, { disconnected: true, cause });
    this.#rejectPending(error);
    if (port?.isOpen) port.close(() => undefined);
    this.emit('disconnect', error);
  }

  #rejectPending(error: TransportError): void {
    for (const reject of [...this.#pending]) reject(error);
  }
}

/** Device number and inode of the node behind `path` (following links), or undefined if absent. */
async function nodeIdentity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return `${s.rdev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

function isDisconnect(error: Error & { disconnected?: boolean; code?: string }): boolean {
  return error.disconnected === true || /EIO|ENXIO|ENODEV|bad file descriptor|not open/i.test(`${error.code ?? ''} ${error.message}`);
}

function openError(description: string, cause: unknown): TransportError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/No such file|ENOENT|cannot find|File not found/i.test(message)) {
    return new TransportError(`${description}: no such serial port (unplugged, or a different name?)`, { disconnected: true, cause });
  }
  if (/Permission denied|EACCES|Access denied/i.test(message)) {
    return new TransportError(`${description}: permission denied (on Linux add the till user to the 'dialout' group)`, { cause });
  }
  if (/lock|busy|EBUSY/i.test(message)) {
    return new TransportError(`${description}: in use by another program`, { cause });
  }
  return new TransportError(`${description}: cannot open: ${message}`, { cause });
}
