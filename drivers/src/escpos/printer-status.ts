/**
 * @module
 * Pure parsers for the two ways an ESC/POS printer reports its state:
 * - DLE EOT n (10 04 n), n = 1..4: one reply byte each, shaped 0xx1xx10 (so 0x12 is "all fine").
 * - Automatic Status Back (enabled with GS a n): 4-byte packets sent on every change. The first
 *   byte is shaped 0xx1xx00, bits 0-1 clear, which is what tells it apart from a DLE EOT reply;
 *   bytes 2-4 are shaped 0xx0xxxx, so they can never be mistaken for the start of either.
 */

export interface PrinterStatus {
  /** False when the printer says it is offline, or cannot print (cover, paper, error). */
  readonly online: boolean;
  readonly coverOpen: boolean;
  readonly paperNearEnd: boolean;
  readonly paperOut: boolean;
  readonly cutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly autoRecoverableError: boolean;
  /** Drawer kick connector pin 3, raw level: true = high. */
  readonly drawerPinHigh: boolean;
  /** `drawerPinHigh` read through the configured polarity (drawers differ). */
  readonly drawerOpen: boolean;
}

/** Which pin-3 level means "drawer open"; most drawers pull the switch high when open. */
export type DrawerPolarity = 'open-high' | 'open-low';

export interface StatusParseOptions {
  readonly drawerPolarity?: DrawerPolarity;
}

export type DleEotRequest = 1 | 2 | 3 | 4;

/** The bytes that ask for status n. Never place these inside another command's parameters. */
export function dleEotRequest(n: DleEotRequest): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/** True for a byte shaped like a DLE EOT reply (0xx1xx10). */
export function isDleEotReply(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** True for a byte shaped like the first byte of an ASB packet (0xx1xx00). */
export function isAsbFirstByte(byte: number): boolean {
  return (byte & 0x93) === 0x10;
}

/** The four DLE EOT replies; a missing one counts as "nothing wrong there". */
export interface DleEotReplies {
  readonly printer?: number; // n = 1
  readonly offlineCause?: number; // n = 2
  readonly errorCause?: number; // n = 3
  readonly paperSensor?: number; // n = 4
}

export class StatusParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusParseError';
  }
}

function bit(byte: number, n: number): boolean {
  return (byte & (1 << n)) !== 0;
}

function checkReply(byte: number | undefined, what: string): number {
  if (byte === undefined) return 0x12;
  if (!isDleEotReply(byte)) throw new StatusParseError(`${what} reply 0x${byte.toString(16).padStart(2, '0')} is not a DLE EOT reply (expected 0xx1xx10)`);
  return byte;
}

function finish(
  raw: Omit<PrinterStatus, 'online' | 'drawerOpen'> & { offline: boolean },
  options: StatusParseOptions,
): PrinterStatus {
  const { offline, ...rest } = raw;
  const openWhenHigh = (options.drawerPolarity ?? 'open-high') === 'open-high';
  return {
    ...rest,
    online: !offline && !raw.coverOpen && !raw.paperOut && !raw.unrecoverableError && !raw.autoRecoverableError && !raw.cutterError,
    drawerOpen: raw.drawerPinHigh === openWhenHigh,
  };
}

/**
 * Combines DLE EOT 1..4 replies into one status.
 * @throws StatusParseError when a byte is not shaped like a DLE EOT reply (a desynchronised stream).
 */
export function parseDleEotStatus(replies: DleEotReplies, options: StatusParseOptions = {}): PrinterStatus {
  const printer = checkReply(replies.printer, 'DLE EOT 1');
  const offlineCause = checkReply(replies.offlineCause, 'DLE EOT 2');
  const errorCause = checkReply(replies.errorCause, 'DLE EOT 3');
  const paper = checkReply(replies.paperSensor, 'DLE EOT 4');
  return finish(
    {
      offline: bit(printer, 3),
      drawerPinHigh: bit(printer, 2),
      coverOpen: bit(offlineCause, 2),
      paperOut: bit(offlineCause, 5) || (paper & 0x60) === 0x60,
      paperNearEnd: (paper & 0x0c) === 0x0c,
      cutterError: bit(errorCause, 3),
      unrecoverableError: bit(errorCause, 5),
      autoRecoverableError: bit(errorCause, 6),
    },
    options,
  );
}

/**
 * Parses one 4-byte ASB packet.
 * @throws StatusParseError for a packet that is not shaped like ASB.
 */
export function parseAsbStatus(packet: ArrayLike<number>, options: StatusParseOptions = {}): PrinterStatus {
  const [b1, b2, b3, b4] = [packet[0], packet[1], packet[2], packet[3]];
  if (packet.length !== 4 || b1 === undefined || b2 === undefined || b3 === undefined || b4 === undefined) {
    throw new StatusParseError(`ASB packet must be 4 bytes, got ${packet.length}`);
  }
  if (!isAsbFirstByte(b1)) throw new StatusParseError(`ASB byte 1 is 0x${b1.toString(16)}, expected 0xx1xx00`);
  for (const b of [b2, b3, b4]) {
    if ((b & 0x90) !== 0) throw new StatusParseError(`ASB byte 0x${b.toString(16)} has bit 4 or 7 set`);
  }
  return finish(
    {
      offline: bit(b1, 3),
      drawerPinHigh: bit(b1, 2),
      coverOpen: bit(b1, 5),
      cutterError: bit(b2, 3),
      unrecoverableError: bit(b2, 5),
      autoRecoverableError: bit(b2, 6),
      paperNearEnd: (b3 & 0x03) === 0x03,
      paperOut: (b3 & 0x0c) === 0x0c,
    },
    options,
  );
}

export type StatusMessage =
  | { readonly kind: 'dle-eot'; readonly byte: number }
  | { readonly kind: 'asb'; readonly packet: Uint8Array }
  | { readonly kind: 'unknown'; readonly byte: number };

/**
 * Splits the printer's back channel into DLE EOT replies and ASB packets. Stateful only across
 * chunk boundaries (a packet split over two TCP reads), otherwise pure.
 */
export class StatusStreamParser {
  #asb: number[] | undefined;

  push(chunk: ArrayLike<number>): StatusMessage[] {
    const out: StatusMessage[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] ?? 0;
      if (this.#asb) {
        if ((byte & 0x90) === 0) {
          this.#asb.push(byte);
          if (this.#asb.length === 4) {
            out.push({ kind: 'asb', packet: Uint8Array.from(this.#asb) });
            this.#asb = undefined;
          }
          continue;
        }
        // A byte with bit 4 set cannot continue an ASB packet: resynchronise on it.
        this.#asb = undefined;
      }
      if (isAsbFirstByte(byte)) this.#asb = [byte];
      else if (isDleEotReply(byte)) out.push({ kind: 'dle-eot', byte });
      else out.push({ kind: 'unknown', byte });
    }
    return out;
  }

  reset(): void {
    this.#asb = undefined;
  }
}

/** Status to show while nothing is known yet (a printer that never answers status). */
export function unknownStatus(): PrinterStatus {
  return {
    online: true,
    coverOpen: false,
    paperNearEnd: false,
    paperOut: false,
    cutterError: false,
    unrecoverableError: false,
    autoRecoverableError: false,
    drawerPinHigh: false,
    drawerOpen: false,
  };
}

/** Why a printer cannot print, as short words for a status bar; empty when it can. */
export function statusProblems(status: PrinterStatus): string[] {
  const out: string[] = [];
  if (status.coverOpen) out.push('cover open');
  if (status.paperOut) out.push('paper out');
  if (status.cutterError) out.push('cutter error');
  if (status.unrecoverableError) out.push('unrecoverable error');
  if (status.autoRecoverableError) out.push('auto-recoverable error (head temperature)');
  if (!status.online && out.length === 0) out.push('offline');
  return out;
}

export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  return (Object.keys(a) as (keyof PrinterStatus)[]).every((k) => a[k] === b[k]);
}

/** A printer's physical condition, as a simulator holds it (the inverse of the parsers). */
export interface PrinterCondition {
  readonly offline: boolean;
  readonly coverOpen: boolean;
  readonly paperNearEnd: boolean;
  readonly paperOut: boolean;
  readonly cutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly autoRecoverableError: boolean;
  readonly drawerPinHigh: boolean;
}

export const idleCondition: PrinterCondition = {
  offline: false,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  drawerPinHigh: false,
};

function conditionOffline(c: PrinterCondition): boolean {
  // Epson goes offline by itself with the cover open, at paper end and on any error.
  return c.offline || c.coverOpen || c.paperOut || c.cutterError || c.unrecoverableError || c.autoRecoverableError;
}

/** The byte a printer in condition `c` answers to DLE EOT n (for simulators and tests). */
export function encodeDleEotReply(n: number, c: PrinterCondition): number {
  const error = c.cutterError || c.unrecoverableError || c.autoRecoverableError;
  switch (n) {
    case 1:
      return 0x12 | (c.drawerPinHigh ? 0x04 : 0) | (conditionOffline(c) ? 0x08 : 0);
    case 2:
      return 0x12 | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (error ? 0x40 : 0);
    case 3:
      return 0x12 | (c.cutterError ? 0x08 : 0) | (c.unrecoverableError ? 0x20 : 0) | (c.autoRecoverableError ? 0x40 : 0);
    case 4:
      return 0x12 | (c.paperNearEnd || c.paperOut ? 0x0c : 0) | (c.paperOut ? 0x60 : 0);
    default:
      return 0x12;
  }
}

/** The 4-byte ASB packet a printer in condition `c` sends (for simulators and tests). */
export function encodeAsbPacket(c: PrinterCondition): Uint8Array {
  return Uint8Array.of(
    0x10 | (c.drawerPinHigh ? 0x04 : 0) | (conditionOffline(c) ? 0x08 : 0) | (c.coverOpen ? 0x20 : 0),
    (c.cutterError ? 0x08 : 0) | (c.unrecoverableError ? 0x20 : 0) | (c.autoRecoverableError ? 0x40 : 0),
    (c.paperNearEnd || c.paperOut ? 0x03 : 0) | (c.paperOut ? 0x0c : 0),
    0x00,
  );
}
