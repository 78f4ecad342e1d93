/**
 * @module
 * Errors a device reports. Like serialport's errors they carry boolean markers, so callers branch
 * on `error.unavailable` or `error.claimed` instead of parsing messages, and a closed list of codes
 * that the till maps to user-facing messages.
 */

/**
 * - UNAVAILABLE: this kind of device cannot work in this process (native module missing).
 * - NOT_FOUND: the port, host or device is absent or unreachable.
 * - CLAIMED: another device object holds the port.
 * - DISCONNECTED: the link dropped while in use.
 * - OFFLINE: asked to do something while not ready.
 * - TIMEOUT: the device did not answer in time.
 * - PROTOCOL: the device answered something we cannot parse.
 * - DEVICE: the device answered and reported a fault (motion, over capacity, paper out…).
 * - IO: any other failure of the link.
 */
export type DeviceErrorCode =
  | 'UNAVAILABLE'
  | 'NOT_FOUND'
  | 'CLAIMED'
  | 'DISCONNECTED'
  | 'OFFLINE'
  | 'TIMEOUT'
  | 'PROTOCOL'
  | 'DEVICE'
  | 'IO';

/** Where an error happened, after UnifiedPOS's ErrorLocus. */
export type ErrorLocus = 'open' | 'input' | 'output' | 'connection' | 'health';

export class DeviceError extends Error {
  readonly code: DeviceErrorCode;
  readonly locus: ErrorLocus;
  /** True when the device or its link is absent: showing "check the cable" makes sense. */
  readonly unreachable: boolean;

  constructor(
    message: string,
    opts: { code: DeviceErrorCode; locus: ErrorLocus; unreachable?: boolean; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeviceError';
    this.code = opts.code;
    this.locus = opts.locus;
    this.unreachable = opts.unreachable ?? (opts.code === 'NOT_FOUND' || opts.code === 'DISCONNECTED');
  }
}

/** A kind of device is switched off in this process, e.g. node-hid failed to load. */
export class DeviceUnavailableError extends DeviceError {
  readonly unavailable = true;

  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { code: 'UNAVAILABLE', locus: 'open', unreachable: false, cause: opts.cause });
    this.name = 'DeviceUnavailableError';
  }
}

/** A second device object tried to claim a port that is already claimed. */
export class DeviceClaimedError extends DeviceError {
  readonly claimed = true;
  readonly portKey: string;

  constructor(portKey: string, holder: string) {
    super(`${portKey} is already claimed by ${holder}; close that device first`, {
      code: 'CLAIMED',
      locus: 'open',
      unreachable: false,
    });
    this.name = 'DeviceClaimedError';
    this.portKey = portKey;
  }
}
