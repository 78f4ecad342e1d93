/**
 * @module
 * Barcode scanner devices: serial (RS-232 or USB-CDC "virtual COM"), HID POS and HID keyboard
 * mode. All emit `scan` events with the code; unplug and replug are handled by DeviceBase (the
 * scanner goes offline, reconnects, and a half-received code from before the unplug is dropped).
 */
import type { Connection } from '../connection/connection-string';
import { parseConnection } from '../connection/connection-string';
import { DeviceBase } from '../device/device-base';
import type { DeviceOptions } from '../device/device-base';
import { DeviceError } from '../device/device-errors';
import { createTransport } from '../transport/create-transport';
import type { CreateTransportOptions } from '../transport/create-transport';
import type { Transport } from '../transport/transport';
import { BootKeyboardDecoder } from './boot-keyboard-decoder';
import { HidPosDecoder, hidPosUsagePage } from './hid-pos-decoder';
import type { HidPosDecoderOptions } from './hid-pos-decoder';
import { keyboardLayouts } from './keyboard-layouts';
import type { KeyboardLayout } from './keyboard-layouts';
import type { Scan, ScannerEvents } from './scan';
import { SerialScanDecoder } from './serial-scan-decoder';
import type { SerialScanFraming } from './serial-scan-decoder';

export abstract class ScannerDevice extends DeviceBase<never, ScannerEvents> {
  protected emitScan(scan: Scan): void {
    this.emit('scan', scan);
  }

  /** Resolves with the next scan; rejects with a TIMEOUT DeviceError after `timeoutMs`. */
  nextScan(timeoutMs: number): Promise<Scan> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new DeviceError(`${this.name}: no scan within ${timeoutMs} ms`, { code: 'TIMEOUT', locus: 'input' }));
      }, timeoutMs);
      const off = this.once('scan', (scan) => {
        clearTimeout(timer);
        resolve(scan);
      });
    });
  }
}

export type SerialScannerOptions = DeviceOptions &
  SerialScanFraming & {
    /** For scanners set up without a suffix: a pause this long ends the code. Off by default. */
    readonly idleFlushMs?: number;
  };

/** A scanner sending each code as text ended by CR/LF (or a configured suffix). */
export class SerialScanner extends ScannerDevice {
  readonly #decoder: SerialScanDecoder;
  readonly #idleFlushMs: number | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: Transport, options: SerialScannerOptions = {}) {
    super(transport, { name: 'scanner', ...options });
    this.#decoder = new SerialScanDecoder(options);
    this.#idleFlushMs = options.idleFlushMs;
  }

  protected override onReady(): Promise<void> {
    this.#decoder.reset();
    return Promise.resolve();
  }

  protected override onData(chunk: Uint8Array): void {
    for (const code of this.#decoder.push(chunk)) this.emitScan({ code, source: 'serial' });
    if (this.#idleFlushMs === undefined) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#decoder.pending
      ? setTimeout(() => {
          this.#idleTimer = undefined;
          if (this.state !== 'ready') return;
          for (const code of this.#decoder.flush()) this.emitScan({ code, source: 'serial' });
        }, this.#idleFlushMs)
      : undefined;
  }
}

export type HidPosScannerOptions = DeviceOptions & HidPosDecoderOptions;

/** A scanner in HID POS mode (usage page 0x8C): codes with their AIM symbology identifier. */
export class HidPosScanner extends ScannerDevice {
  readonly #decoder: HidPosDecoder;

  constructor(transport: Transport, options: HidPosScannerOptions = {}) {
    super(transport, { name: 'scanner', ...options });
    this.#decoder = new HidPosDecoder(options);
  }

  protected override onReady(): Promise<void> {
    this.#decoder.reset();
    return Promise.resolve();
  }

  protected override onData(report: Uint8Array): void {
    const scan = this.#decoder.push(report);
    if (scan) this.emitScan({ ...scan, source: 'hid-pos' });
  }
}

export interface HidKeyboardScannerOptions extends DeviceOptions {
  /** The keyboard country the scanner is set to (default 'us', most scanners' factory setting). */
  readonly layout?: KeyboardLayout['name'];
  /** Stripped from the start of a code when present. */
  readonly prefix?: string;
  /** For scanners without an Enter suffix: a pause this long ends the code. Off by default. */
  readonly idleFlushMs?: number;
  readonly reportIdIncluded?: boolean;
}

/** A scanner in keyboard mode read as raw HID reports: keys become characters, Enter ends a code. */
export class HidKeyboardScanner extends ScannerDevice {
  readonly #decoder: BootKeyboardDecoder;
  readonly #prefix: string;
  readonly #idleFlushMs: number | undefined;
  #buffer = '';
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: Transport, options: HidKeyboardScannerOptions = {}) {
    super(transport, { name: 'scanner', ...options });
    this.#decoder = new BootKeyboardDecoder(keyboardLayouts[options.layout ?? 'us'], options.reportIdIncluded === undefined ? {} : { reportIdIncluded: options.reportIdIncluded });
    this.#prefix = options.prefix ?? '';
    this.#idleFlushMs = options.idleFlushMs;
  }

  protected override onReady(): Promise<void> {
    this.#decoder.reset();
    this.#buffer = '';
    return Promise.resolve();
  }

  protected override beforeClose(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    return Promise.resolve();
  }

  protected override onData(report: Uint8Array): void {
    for (const press of this.#decoder.push(report)) {
      if (press.kind === 'enter') this.#flush();
      else if (press.kind === 'char') this.#buffer += press.char;
      // Unmapped keys (F-keys, arrows) are not part of any barcode: ignored.
    }
    if (this.#idleFlushMs !== undefined && this.#buffer) {
      if (this.#idleTimer) clearTimeout(this.#idleTimer);
      this.#idleTimer = setTimeout(() => this.#flush(), this.#idleFlushMs);
    }
  }

  #flush(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.state !== 'ready') {
      this.#buffer = ''; // a timer that outlived an unplug or close: the code is incomplete
      return;
    }
    const raw = this.#buffer;
    this.#buffer = '';
    const code = raw.startsWith(this.#prefix) ? raw.slice(this.#prefix.length) : raw;
    if (code) this.emitScan({ code, source: 'hid-keyboard' });
  }
}

export interface CreateScannerOptions extends DeviceOptions, SerialScanFraming, Omit<HidKeyboardScannerOptions, 'prefix'> {
  /** For hid:// connections: default 'pos' when the string says usagePage=0x8c, else 'keyboard'. */
  readonly hidMode?: 'pos' | 'keyboard';
  readonly transport?: CreateTransportOptions;
}

/** Builds the scanner a connection string describes (serial, file and virtual carry text frames). */
export function createScanner(connection: Connection | string, options: CreateScannerOptions = {}): ScannerDevice {
  const c = typeof connection === 'string' ? parseConnection(connection) : connection;
  const transport = createTransport(c, options.transport);
  if (c.kind !== 'hid') return new SerialScanner(transport, options);
  const mode = options.hidMode ?? (c.usagePage === hidPosUsagePage ? 'pos' : 'keyboard');
  return mode === 'pos' ? new HidPosScanner(transport, options) : new HidKeyboardScanner(transport, options);
}
