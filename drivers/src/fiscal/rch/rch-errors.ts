/**
 * @module
 * What an RCH reply means for the till (FiscalFailure), and how long each command may take.
 * Native replies: the control code (rch-driver-js `RchProtocol.status`: G busy, S blocked, P paper
 * over, C cover open; `RchMessage.isError`: E) and the status block's error type (`RchMessage`: N
 * none, G generic, S blocking, P paper out) [C]: the two files read `G` differently (busy vs
 * generic error); a `G` control code is taken as busy, a `G` error type as a refusal.
 * service.cgi replies: the flags `printerError paperEnd coverOpen busy` and `errorCode` (lyancoder).
 * RCH's numeric error codes have no table in any source read: they go to the log as deviceCode.
 */
import type { FiscalFailure } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { RchReplyFrame } from './rch-frame';

/** The failure a native reply frame stands for, or null when it is fine. */
export function failureOfFrame(frame: RchReplyFrame): FiscalFailure | null {
  if (frame.control === 'P' || frame.errorType === 'P') return 'paper-out';
  if (frame.control === 'C') return 'cover-open';
  if (frame.control === 'G') return 'busy';
  if (frame.control === 'S' || frame.control === 'E' || frame.errorType === 'G' || frame.errorType === 'S') return 'refused';
  return null;
}

export function frameDeviceCode(frame: RchReplyFrame): string {
  return frame.errorType !== null ? `${frame.control}${frame.errorType}${frame.errorCode ?? ''}` : frame.control;
}

const describe: Partial<Record<FiscalFailure, string>> = {
  'paper-out': 'The fiscal printer is out of paper',
  'cover-open': 'The fiscal printer\'s cover is open',
  busy: 'The fiscal printer is busy',
  refused: 'The fiscal printer refused the command',
};

export function refusal(failure: FiscalFailure, command: string, deviceCode: string): FiscalDeviceError {
  return new FiscalDeviceError(failure, `${describe[failure] ?? 'The fiscal printer refused the command'} (${deviceCode}) at ${command}`, { deviceCode });
}

/** The flags of a service.cgi reply, as numbers (1 set, 0 clear). */
export interface RchHttpFlags {
  readonly errorCode: number;
  readonly printerError: boolean;
  readonly paperEnd: boolean;
  readonly coverOpen: boolean;
  readonly busy: boolean;
}

export function failureOfFlags(flags: RchHttpFlags): FiscalFailure | null {
  if (flags.paperEnd) return 'paper-out';
  if (flags.coverOpen) return 'cover-open';
  if (flags.busy) return 'busy';
  if (flags.printerError || flags.errorCode !== 0) return 'refused';
  return null;
}

/** 5 s for most commands, 30 s for long ones (rch-driver-js `ComConst.Cmd_Timeout`, `Cmd_LongTimeout`). */
export const rchNormalTimeoutMs = 5_000;
export const rchLongTimeoutMs = 30_000;

const longCommands = new Set(['=c', '=C501', '=C503', '=C508', '=C513', '=C514', '=C516', '=C518', '=C521', '=C524', '=C528', '<<']);

/**
 * The wait for one command, by the part before its first `/`. ComConst's table looks commands up
 * whole, so `=T1/$1980` would miss `=T1`; we apply it by head [U], as its comments mean it:
 * `=T…` 30 s, `=x` 60 s (`Cmd_LongTimeout_x`), `=r`/`=k` 180 s ("3 minuti"). Entries of -1 (the
 * reports `=C10`, `=C4xx` journal reads) have no stated bound: 60 s here [U].
 */
export function rchCommandTimeoutMs(command: string, normalMs = rchNormalTimeoutMs, longMs = rchLongTimeoutMs): number {
  const head = command.split('/')[0] ?? command;
  if (head === '=r' || head === '=k') return Math.max(longMs, 180_000);
  if (head === '=x' || head === '=C10' || /^=C4\d\d$/.test(head) || head === '=C900') return Math.max(longMs, 60_000);
  if (/^=T\d*$/.test(head) || longCommands.has(head)) return longMs;
  return normalMs;
}
