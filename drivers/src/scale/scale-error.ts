/**
 * @module
 * The scale's typed failure, apart from the serial device itself so code that only words the
 * failure (the till core, in a browser too) does not pull the transports in.
 */
import { DeviceError } from '../device/device-errors';

export type ScaleFailure = 'motion' | 'over-capacity' | 'under-zero' | 'no-answer';

/** Why there is no weight. The booleans follow serialport's style: branch on `error.motion`. */
export class ScaleError extends DeviceError {
  readonly reason: ScaleFailure;
  readonly motion: boolean;
  readonly overCapacity: boolean;
  readonly underZero: boolean;
  readonly noAnswer: boolean;

  constructor(reason: ScaleFailure, message: string) {
    super(message, { code: reason === 'no-answer' ? 'TIMEOUT' : 'DEVICE', locus: 'input', unreachable: false });
    this.name = 'ScaleError';
    this.reason = reason;
    this.motion = reason === 'motion';
    this.overCapacity = reason === 'over-capacity';
    this.underZero = reason === 'under-zero';
    this.noAnswer = reason === 'no-answer';
  }
}
