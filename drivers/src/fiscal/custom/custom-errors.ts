/**
 * @module
 * Custom error numbers (the `status` of a success="false" reply) → FiscalFailure. Meanings from
 * fiskaltrust `ProtocolErrors.cs` and Custom's "Status report guide" (reference/fiscal-rt.md §2).
 */
import type { FiscalFailure } from '@cassa/shared';
import { FiscalDeviceError } from '../fiscal-device';
import type { CustomReply } from './custom-replies';

const failures: ReadonlyMap<number, FiscalFailure> = new Map<number, FiscalFailure>([
  [16, 'paper-out'],
  [64, 'cover-open'],
  // 37: the cover was opened while a fiscal report printed.
  [37, 'cover-open'],
  // 21: "A remote terminal is sending a document. Wait for the end of current operation."
  [21, 'busy'],
  [23, 'bad-request'],
  [28, 'department-not-programmed'],
  [30, 'journal-full'],
  [31, 'journal-full'],
  [33, 'journal-full'],
  [41, 'journal-full'],
  [51, 'fiscal-memory-full'],
  [54, 'closure-needed'],
  [61, 'closure-needed'],
  [70, 'closure-needed'],
  // 55 training mode: documents are not fiscal, so the till must not count them as issued.
  [55, 'not-in-service'],
  [47, 'not-in-service'],
  [73, 'not-in-service'],
  [77, 'not-in-service'],
  [82, 'not-in-service'],
  [83, 'not-in-service'],
  [12, 'clock-error'],
  [13, 'clock-error'],
  [57, 'clock-error'],
  [71, 'refused'],
  [84, 'certificate-expired'],
  [48, 'busy'],
  [97, 'busy'],
  [98, 'busy'],
  [3, 'bad-request'],
  [7, 'bad-request'],
  [9, 'bad-request'],
  [11, 'bad-request'],
  [24, 'bad-request'],
  [92, 'bad-request'],
]);

/**
 * 75/76 "device busy consolidating a return or a cancellation / a dematerialized receipt" and 74
 * "time out in receiving task": after a request that prints, the document may exist (fiskaltrust
 * reads the last document on 76 instead of failing), so the outcome is unknown.
 */
const mayHaveIssued = new Set([74, 75, 76]);

const messages: Partial<Record<FiscalFailure, string>> = {
  'paper-out': 'The fiscal printer is out of paper',
  'cover-open': 'The fiscal printer\'s paper cover is open',
  busy: 'The fiscal printer is busy with another operation',
  'department-not-programmed': 'The fiscal printer has no VAT rate programmed for that department',
  'journal-full': 'The fiscal printer\'s electronic journal is full, nearly full or missing',
  'fiscal-memory-full': 'The fiscal printer\'s fiscal memory is full: call the technician',
  'closure-needed': 'The fiscal printer needs its daily closure (Z) first',
  'not-in-service': 'The fiscal printer is not in service (training mode, not activated or blocked)',
  'clock-error': 'The fiscal printer\'s date and time are not set or are earlier than its last document',
  'certificate-expired': 'The fiscal printer\'s certificate has expired',
  'bad-request': 'The fiscal printer refused the request as malformed',
  'outcome-unknown': 'The fiscal printer is still completing a document: it may have been issued',
  refused: 'The fiscal printer refused the request',
};

export function failureForCustomStatus(status: number, mayHaveActed: boolean): FiscalFailure {
  if (mayHaveIssued.has(status)) return mayHaveActed ? 'outcome-unknown' : 'busy';
  return failures.get(status) ?? 'refused';
}

/** Throws when the reply is a failure; `mayHaveActed` for requests that print or close (issue, Z). */
export function throwIfCustomFailed(reply: CustomReply, mayHaveActed: boolean): void {
  if (reply.success) return;
  const failure = failureForCustomStatus(reply.status, mayHaveActed);
  const message = reply.status === 71 ? 'A second fiscal closure is not allowed before a sale' : (messages[failure] ?? 'The fiscal printer refused the request');
  throw new FiscalDeviceError(failure, `${message} (Custom error ${reply.status})`, { deviceCode: String(reply.status) });
}
