/**
 * @module
 * Epson reply codes → FiscalFailure (reference/fiscal-rt.md §1, "Errors": meanings from fiskaltrust
 * `ErrorCodeFactory`, retry policy from the Microsoft sample's `ResponseParser`).
 */
import type { FiscalFailure, FiscalStatus } from '@cassa/shared';
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
  'not-in-service': 'The fiscal printer is not in service (not yet activated, or taken out of service)',
  'closure-needed': 'The fiscal printer needs its daily closure (Z) before any new document',
  'certificate-expired': 'The fiscal printer\'s certificate has expired',
  busy: 'The fiscal printer is busy with another request',
  offline: 'The fiscal printer did not answer the query',
  refused: 'The fiscal printer refused the request',
};

/**
 * A refusal whose code does not say why: PRINTER ERROR (the reference lists it with the malformed
 * requests, and an RT may answer it for its own state too [U]) or a code we do not know. Worth
 * asking the printer's status before telling the cashier "malformed".
 */
export function needsDiagnosis(error: FiscalDeviceError): boolean {
  return error.failure === 'refused' || (error.failure === 'bad-request' && (error.deviceCode ?? '').trim().toUpperCase() === 'PRINTER ERROR');
}

/**
 * What in the printer's own status stops a document or a closure, in the order the cashier can
 * act on it; null when the status shows nothing wrong (the refusal then stands as it came).
 * `today` is YYYY-MM-DD.
 */
export function refusalCause(status: FiscalStatus, today: string): FiscalFailure | null {
  if (!status.inService) return 'not-in-service';
  if (status.printer === 'paper-out' || status.printer === 'offline') return 'paper-out';
  if (status.printer === 'cover-open') return 'cover-open';
  if (status.journal === 'full') return 'journal-full';
  if (status.closureNeeded) return 'closure-needed';
  if (status.certificateExpiry !== null && status.certificateExpiry < today) return 'certificate-expired';
  return null;
}

/** A refusal re-told with the cause the status showed, keeping the device's code and the original error. */
export function explainedRefusal(error: FiscalDeviceError, cause: FiscalFailure): FiscalDeviceError {
  return new FiscalDeviceError(cause, `${messages[cause] ?? 'The fiscal printer refused the request'} (${error.deviceCode ?? 'no code'}, status read after the refusal)`, {
    deviceCode: error.deviceCode,
    cause: error,
  });
}

/**
 * A query (status, directIO read, X) prints and files nothing, so "the document may have been
 * issued" cannot apply to it: LAN_TIME_OUT there means busy, any other lost answer offline.
 */
export function queryFailure(error: unknown): unknown {
  if (!(error instanceof FiscalDeviceError) || error.failure !== 'outcome-unknown') return error;
  const failure = error.deviceCode === 'LAN_TIME_OUT' ? 'busy' : 'offline';
  return new FiscalDeviceError(failure, `${messages[failure] ?? ''}: ${error.message}`, { deviceCode: error.deviceCode, cause: error });
}

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
