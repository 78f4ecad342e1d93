/**
 * @module
 * Epson reply codes → FiscalFailure (reference/fiscal-rt.md §1, "Errors": meanings from fiskaltrust
 * `ErrorCodeFactory`, retry policy from the Microsoft sample's `ResponseParser`).
 */
import type { FiscalFailure } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { EpsonReply } from './epson-replies';
import { statusDigitsOk } from './epson-replies';

/** The firmware did not answer in time, or was still busy with the XML: the document may exist. */
const noAnswerCodes = new Set([
  'FP_NO_ANSWER',
  'FP_NO_ANSWER_NETWORK',
  'LAN_ERROR',
  'LAN_TIME_OUT',
  'TM_NO_ANSWER',
  'TP_NO_ANSWER',
  'TM_OFF_LINE',
  'TP_OFF_LINE',
  'OFF_LINE',
]);

/** The request itself is bad: never retried as is. */
const badRequestCodes = new Set(['PRINTER ERROR', 'PARSER_ERROR', 'NO_DATA', 'NO_RAM', 'INCOMPLETE FILE', 'NON VALID XML COMMAND', 'EFT_POS_ERROR']);

export function failureForCode(code: string): FiscalFailure {
  const upper = code.trim().toUpperCase();
  if (noAnswerCodes.has(upper)) return 'outcome-unknown';
  // Cover open, offline or no paper (fiskaltrust); the status digits cannot tell paper from cover.
  if (upper === 'EPTR_REC_EMPTY') return 'paper-out';
  if (badRequestCodes.has(upper)) return 'bad-request';
  return 'refused';
}

const messages: Partial<Record<FiscalFailure, string>> = {
  'outcome-unknown': 'The fiscal printer did not answer in time: the document may have been issued',
  'paper-out': 'The fiscal printer is out of paper or its cover is open',
  'bad-request': 'The fiscal printer refused the request as malformed',
  'journal-full': 'The fiscal printer\'s electronic journal is full or not usable',
  refused: 'The fiscal printer refused the request',
};

/**
 * Throws when the reply is a failure. `mayHaveActed` is true for requests that print or close
 * (issue, Z): there a success="true" with bad status digits (OCA's rule) means the device did
 * something and then stopped, so the outcome is unknown rather than a plain refusal.
 */
export function throwIfFailed(reply: EpsonReply, mayHaveActed: boolean): void {
  const status = reply.info.get('printerStatus') ?? reply.info.get('fpStatus') ?? '';
  if (!reply.success) {
    const failure = reply.code === '' ? failureForStatus(status) : failureForCode(reply.code);
    throw new FiscalDeviceError(failure, `${messages[failure] ?? 'The fiscal printer refused the request'} (${reply.code || `status ${status || reply.status}`})`, {
      deviceCode: reply.code || null,
    });
  }
  if (/^\d{5}$/.test(status) && !statusDigitsOk(status)) {
    const failure = mayHaveActed ? 'outcome-unknown' : failureForStatus(status);
    throw new FiscalDeviceError(failure, `The fiscal printer answered success with status ${status}: ${describeStatus(status)}`, { deviceCode: `status:${status}` });
  }
}

function failureForStatus(status: string): FiscalFailure {
  if (status[0] === '3') return 'paper-out';
  if (status[1] !== undefined && !['0', '1'].includes(status[1])) return 'journal-full';
  return 'refused';
}

function describeStatus(status: string): string {
  if (status[0] === '3') return 'printer offline (paper end or cover open)';
  if (status[1] === '5') return 'electronic journal full';
  return 'electronic journal not usable';
}
