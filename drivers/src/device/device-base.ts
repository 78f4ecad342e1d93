/**
 * @module
 * The lifecycle every Cassa device shares, after UnifiedPOS but smaller:
 *
 *     closed ──open()──▶ opening ──▶ ready ──(link drops)──▶ offline ──(reconnect)──▶ ready
 *        ▲                  │                                   │
 *        └────close()───────┴──────────▶ error ◀────(gave up)───┘
 *
 * - `open()` claims the port (a process-wide exclusive lock keyed by connection), opens the
 *   transport and runs the device's own initialisation (`onReady`).
 * - When the transport reports `disconnect`, the device goes `offline` and reopens by itself with
 *   capped exponential backoff and jitter (so ten tills on one power strip do not retry in step).
 *   The claim is kept while offline: the port is still ours when the cable comes back.
 * - `error` is terminal until `close()`/`open()`: open failed, or reconnect gave up.
 * - `checkHealth()` asks the device itself (subclasses override `probe`), like UnifiedPOS's.
 *
 * Subclasses get `onData` for incoming bytes, `send` for outgoing bytes and `emitStatus` for typed
 * status events, and never touch the transport's lifecycle.
 */
import { connectionPortKey, parseConnection } from '../connection/connection-string';
import { TransportError } from '../transport/transport';
import type { Transport } from '../transport/transport';
import { DeviceError } from './device-errors';
import type { DeviceErrorCode, ErrorLocus } from './device-errors';
import { claimPort } from './port-claims';
import type { PortClaim } from './port-claims';
import { TypedEmitter } from './typed-emitter';
import type { ListenerArgs } from './typed-emitter';

export type DeviceState = 'closed' | 'opening' | 'ready' | 'offline' | 'error';

/** What an `error` event carries: enough for a status bar and a log line. */
export interface DeviceErrorEvent {
  readonly code: DeviceErrorCode;
  readonly locus: ErrorLocus;
  readonly message: string;
  readonly error: DeviceError;
}

export interface DeviceEvents<Status> {
  state: (state: DeviceState, previous: DeviceState) => void;
  status: (status: Status) => void;
  error: (event: DeviceErrorEvent) => void;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly state: DeviceState;
  /** One line for a technician: "ready, answered in 12 ms" or why not. */
  readonly detail: string;
}

export interface ReconnectPolicy {
  /** Delay before the first attempt. */
  readonly initialDelayMs: number;
  /** Ceiling for the delay: a till should notice a replugged device within this long. */
  readonly maxDelayMs: number;
  readonly factor: number;
  /** 0..1: each delay is scaled by a random factor in [1 - jitter, 1]. */
  readonly jitter: number;
  /** Attempts before giving up and going to `error`; Infinity keeps trying (the default). */
  readonly maxAttempts: number;
}

export const defaultReconnectPolicy: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.3,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** The delay before reconnect attempt `attempt` (0-based). `random` returns [0, 1). */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** attempt);
  return Math.round(raw * (1 - policy.jitter * random()));
}

export interface DeviceOptions {
  /** A name for messages and claims, e.g. "scale" or "pole display". */
  readonly name?: string;
  /** The lock key; defaults to the port the transport's description names, settings left out. */
  readonly portKey?: string;
  /** `false` turns automatic reconnect off (the device stays `offline`). */
  readonly reconnect?: Partial<ReconnectPolicy> | false;
  /** Source of jitter; tests pass a constant. */
  readonly random?: () => number;
}

export abstract class DeviceBase<
  Status = never,
  Events extends DeviceEvents<Status> = DeviceEvents<Status>,
> extends TypedEmitter<Events> {
  readonly transport: Transport;
  readonly name: string;
  readonly portKey: string;

  #state: DeviceState = 'closed';
  #claim: PortClaim | undefined;
  #opening: Promise<void> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectAttempt = 0;
  /** Bumped by close(): an open() still in flight sees it and backs out. */
  #generation = 0;
  /** True while onReady runs after a reconnect: the device may send although still offline. */
  #reinitialising = false;
  #lastStatus: Status | undefined;
  #lastError: DeviceError | undefined;
  readonly #reconnect: ReconnectPolicy | false;
  readonly #random: () => number;

  constructor(transport: Transport, options: DeviceOptions = {}) {
    super();
    this.transport = transport;
    this.name = options.name ?? new.target.name;
    this.portKey = options.portKey ?? portKeyOf(transport.description);
    this.#reconnect = options.reconnect === false ? false : { ...defaultReconnectPolicy, ...options.reconnect };
    this.#random = options.random ?? Math.random;
    // Subscribed once for the object's life: the transport outlives each open/close cycle.
    transport.on('data', (chunk) => {
      if (this.#state === 'ready') this.onData(chunk);
    });
    transport.on('disconnect', (error) => {
      this.#handleDisconnect(error);
    });
  }

  get state(): DeviceState {
    return this.#state;
  }

  /** The last status event, if any (so a late subscriber can draw the current state). */
  get lastStatus(): Status | undefined {
    return this.#lastStatus;
  }

  get lastError(): DeviceError | undefined {
    return this.#lastError;
  }

  get claimed(): boolean {
    return this.#claim !== undefined;
  }

  /**
   * Claims the port, opens the link and initialises the device. Idempotent while opening or ready.
   * @throws DeviceClaimedError if another device holds the port; DeviceError otherwise (state `error`).
   */
  open(): Promise<void> {
    if (this.#state === 'ready' || this.#state === 'offline') return Promise.resolve();
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    this.#claim ??= claimPort(this.portKey, `${this.name} (${this.transport.description})`);
    const generation = this.#generation;
    const closedMeanwhile = () => this.#generation !== generation;
    this.#setState('opening');
    try {
      await this.transport.open();
      if (!closedMeanwhile()) await this.onReady();
      if (closedMeanwhile()) {
        await this.transport.close().catch(() => undefined);
        throw new DeviceError(`${this.name} was closed while opening`, { code: 'OFFLINE', locus: 'open', unreachable: false });
      }
      this.#setState('ready');
    } catch (cause) {
      const error = this.toDeviceError(cause, 'open');
      if (closedMeanwhile()) throw error; // close() already released the claim and set 'closed'
      this.#claim?.release();
      this.#claim = undefined;
      await this.transport.close().catch(() => undefined);
      this.#fail(error);
      throw error;
    }
  }

  /** Stops reconnecting, closes the link and releases the claim. Idempotent. */
  async close(): Promise<void> {
    this.#generation += 1;
    this.#cancelReconnect();
    if (this.#state === 'closed' && !this.#claim) return;
    try {
      if (this.#state === 'ready') await this.beforeClose().catch(() => undefined);
      await this.transport.close();
    } finally {
      this.#claim?.release();
      this.#claim = undefined;
      this.#setState('closed');
    }
  }

  /** Asks the device whether it works now; never throws. */
  async checkHealth(): Promise<HealthReport> {
    if (this.#state !== 'ready') {
      const why = this.#lastError ? `: ${this.#lastError.message}` : '';
      return { ok: false, state: this.#state, detail: `${this.#state}${why}` };
    }
    const started = Date.now();
    try {
      const detail = await this.probe();
      return { ok: true, state: this.#state, detail: `${detail} (${Date.now() - started} ms)` };
    } catch (cause) {
      const error = this.toDeviceError(cause, 'health');
      this.reportError(error);
      return { ok: false, state: this.#state, detail: error.message };
    }
  }

  // ---- for subclasses ---------------------------------------------------------------------------

  /** Runs after the link opens and after every reconnect: initialise the device here. */
  protected onReady(): Promise<void> {
    return Promise.resolve();
  }

  /** Runs before a deliberate close while ready (e.g. clear a display). Errors are ignored. */
  protected beforeClose(): Promise<void> {
    return Promise.resolve();
  }

  /** Bytes from the device, only while ready. */
  protected onData(_chunk: Uint8Array): void {
    // Output-only devices ignore input.
  }

  /** A cheap round trip proving the device answers; resolves with a short description. */
  protected probe(): Promise<string> {
    return Promise.resolve(this.transport.state === 'open' ? 'link open' : `link ${this.transport.state}`);
  }

  /** Writes to the device, turning link failures into DeviceErrors with locus `output`. */
  protected async send(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'ready' && this.#state !== 'opening' && !this.#reinitialising) {
      throw new DeviceError(`${this.name} is ${this.#state}, cannot send`, { code: 'OFFLINE', locus: 'output', unreachable: this.#state === 'offline' });
    }
    try {
      await this.transport.write(bytes);
    } catch (cause) {
      throw this.toDeviceError(cause, 'output');
    }
  }

  protected emitStatus(status: Status): void {
    this.#lastStatus = status;
    this.#emitBase('status', status);
  }

  /** Publishes an error event without changing state (a bad frame, a failed probe). */
  protected reportError(error: DeviceError): void {
    this.#lastError = error;
    this.#emitBase('error', { code: error.code, locus: error.locus, message: error.message, error });
  }

  protected toDeviceError(cause: unknown, locus: ErrorLocus): DeviceError {
    if (cause instanceof DeviceError) return cause;
    if (cause instanceof TransportError) {
      const code: DeviceErrorCode = cause.disconnected ? (locus === 'open' ? 'NOT_FOUND' : 'DISCONNECTED') : 'IO';
      return new DeviceError(`${this.name}: ${cause.message}`, { code, locus, cause });
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    return new DeviceError(`${this.name}: ${message}`, { code: 'IO', locus, cause });
  }

  // ---- internals --------------------------------------------------------------------------------

  #emitBase<E extends keyof DeviceEvents<Status>>(event: E, ...args: ListenerArgs<DeviceEvents<Status>[E]>): void {
    // Events extends DeviceEvents<Status>, but TS cannot see through the generic; this view is exact.
    (this as unknown as { emit: TypedEmitter<DeviceEvents<Status>>['emit'] }).emit(event, ...args);
  }

  #setState(next: DeviceState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    if (next === 'ready') {
      this.#reconnectAttempt = 0;
      this.#lastError = undefined;
    }
    this.#emitBase('state', next, previous);
  }

  #fail(error: DeviceError): void {
    this.#setState('error');
    this.reportError(error);
  }

  #handleDisconnect(cause: TransportError): void {
    if (this.#state !== 'ready' && this.#state !== 'opening') return;
    this.#setState('offline');
    this.reportError(new DeviceError(`${this.name} disconnected: ${cause.message}`, { code: 'DISCONNECTED', locus: 'connection', cause }));
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const policy = this.#reconnect;
    if (!policy || this.#state !== 'offline') return;
    if (this.#reconnectAttempt >= policy.maxAttempts) {
      this.#fail(new DeviceError(`${this.name}: gave up reconnecting after ${this.#reconnectAttempt} attempts`, { code: 'NOT_FOUND', locus: 'connection' }));
      return;
    }
    const delay = reconnectDelay(this.#reconnectAttempt, policy, this.#random);
    this.#reconnectAttempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#tryReconnect();
    }, delay);
    // A pending reconnect must not keep a CLI or a test process alive.
    this.#reconnectTimer.unref?.();
  }

  async #tryReconnect(): Promise<void> {
    if (this.#state !== 'offline') return;
    try {
      await this.transport.open();
      if (this.#state !== 'offline') {
        // close() ran while the link was opening: do not leave it open behind the caller's back.
        if (this.#state === 'closed') await this.transport.close().catch(() => undefined);
        return;
      }
      this.#reinitialising = true;
      try {
        await this.onReady();
      } finally {
        this.#reinitialising = false;
      }
      this.#setState('ready');
    } catch {
      // Still absent: the next attempt is scheduled; the disconnect error already told the UI.
      if (this.#state !== 'offline') return;
      await this.transport.close().catch(() => undefined);
      this.#scheduleReconnect();
    }
  }

  #cancelReconnect(): void {
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }
}

/** serial:/dev/ttyUSB0?baudRate=9600 and serial:/dev/ttyUSB0 are one port, so one lock. */
function portKeyOf(description: string): string {
  try {
    return connectionPortKey(parseConnection(description));
  } catch {
    return description;
  }
}
