/**
 * @module
 * USB HID devices (barcode scanners in HID POS or keyboard mode) through node-hid, loaded lazily.
 *
 * HID is message-based, not a byte stream: each `data` event is exactly one input report, with the
 * report ID as its first byte when the device numbers its reports (as hidapi hands it over).
 * Decoders (scanner/hid-*.ts) rely on that. `write()` sends one output report; its first byte is
 * the report ID (0 when the device has none).
 *
 * On Linux node-hid uses hidraw: a scanner in keyboard mode still types into the focused window
 * as well. Put scanners in HID POS mode (usage page 0x8C) where they support it.
 */
import { DeviceUnavailableError } from '../device/device-errors';
import { TypedEmitter } from '../device/typed-emitter';
import type { HidConnection } from '../connection/connection-string';
import { formatConnection } from '../connection/connection-string';
import { loadNativeModule } from './native-modules';
import type { ModuleImporter } from './native-modules';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

/** What node-hid's devices() reports for one HID interface. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
  readonly interface: number;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
}

/** The part of node-hid's HID/HIDAsync device object we use; tests supply a thin fake. */
export interface HidHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): Promise<number> | number;
  close(): Promise<void> | void;
  removeAllListeners(event?: string): unknown;
}

/** The part of the node-hid module we use. */
export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidHandle> };
}

export interface HidTransportOptions {
  /** A stand-in for node-hid (tests); otherwise node-hid is loaded on first open. */
  readonly api?: HidApi;
  readonly importer?: ModuleImporter;
}

/** Picks the interface a HID connection names; composite devices list one entry per interface. */
export function matchHidDevices(connection: HidConnection, devices: readonly HidDeviceInfo[]): HidDeviceInfo[] {
  return devices.filter(
    (d) =>
      d.vendorId === connection.vendorId &&
      d.productId === connection.productId &&
      d.path !== undefined &&
      (connection.serialNumber === undefined || d.serialNumber === connection.serialNumber) &&
      (connection.usagePage === undefined || d.usagePage === connection.usagePage),
  );
}

export class HidTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly description: string;
  readonly connection: HidConnection;
  /** The interface opened last, for status pages. */
  openedDevice: HidDeviceInfo | undefined;

  #state: TransportState = 'closed';
  #handle: HidHandle | undefined;
  readonly #options: HidTransportOptions;

  constructor(connection: HidConnection, options: HidTransportOptions = {}) {
    super();
    this.connection = connection;
    this.description = formatConnection(connection);
    this.#options = options;
  }

  get state(): TransportState {
    return this.#state;
  }

  async open(): Promise<void> {
    if (this.#state === 'open') return;
    this.#state = 'opening';
    try {
      const api = this.#options.api ?? (await loadNativeModule('node-hid', this.#options.importer));
      const candidates = matchHidDevices(this.connection, await api.devicesAsync());
      const chosen = candidates[0];
      if (!chosen?.path) {
        throw new TransportError(`${this.description}: no such HID device (unplugged, or needs a udev rule?)`, { disconnected: true });
      }
      let handle: HidHandle;
      try {
        handle = await api.HIDAsync.open(chosen.path);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new TransportError(`${this.description}: cannot open ${chosen.path}: ${message} (on Linux a udev rule must grant access to hidraw)`, { cause });
      }
      handle.on('data', (report: Buffer) => {
        if (this.#handle === handle) this.emit('data', new Uint8Array(report.buffer, report.byteOffset, report.byteLength));
      });
      handle.on('error', (error: Error) => this.#dropped(handle, error));
      this.#handle = handle;
      this.openedDevice = chosen;
      this.#state = 'open';
    } catch (cause) {
      this.#state = 'closed';
      if (cause instanceof TransportError || cause instanceof DeviceUnavailableError) throw cause;
      throw new TransportError(`${this.description}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (this.#state !== 'open' || !handle) throw new TransportError(`${this.description} is not open`, { disconnected: true });
    try {
      await handle.write(Array.from(bytes));
    } catch (cause) {
      const error = new TransportError(`${this.description}: write failed: ${cause instanceof Error ? cause.message : String(cause)}`, { disconnected: true, cause });
      this.#dropped(handle, error);
      throw error;
    }
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    this.#state = 'closed';
    if (!handle) return;
    handle.removeAllListeners('data');
    try {
      await handle.close();
    } catch {
      // Closing an unplugged device fails; it is closed either way.
    }
    handle.removeAllListeners('error');
  }

  #dropped(handle: HidHandle, cause: Error): void {
    if (this.#handle !== handle) return;
    this.#handle = undefined;
    this.#state = 'closed';
    handle.removeAllListeners('data');
    // Keep an error listener: node-hid may emit more errors after the unplug.
    handle.removeAllListeners('error');
    handle.on('error', () => undefined);
    void Promise.resolve()
      .then(() => handle.close())
      .catch(() => undefined);
    this.emit('disconnect', cause instanceof TransportError ? cause : new TransportError(`${this.description} disconnected: ${cause.message}`, { disconnected: true, cause }));
  }
}
