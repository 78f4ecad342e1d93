/**
 * @module
 * Which database errors belong to one pushed record, and which to the database or to our code. A
 * record the database refuses (a value out of range, bytes it cannot store, a constraint or a
 * trigger) is set aside so the records behind it still apply. Anything else — a database that is
 * down, busy or full, or a bug in a statement — fails the whole push, to be retried: setting every
 * record aside for that would take them all out of the figures.
 */

import type { PushOpResult } from '@cassa/shared';
import type { DevicePrincipal, IncomingOp } from './storage';

/** PostgreSQL SQLSTATE classes caused by the data: data exception, integrity constraint, program limit, raised by a trigger. */
const POSTGRES_DATA_ERROR = /^(22|23|54|P0)[0-9A-Z]{3}$/;
/** SQLite's: constraints (triggers included), a value too big or of the wrong type. */
const SQLITE_DATA_ERROR = /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH)/;

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** True for a database error that the record itself caused. */
export function isRecordSpecificFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code === null) return false;
  // SQLite reports an overflowing integer sum as a plain SQLITE_ERROR; other plain errors are bugs.
  if (code === 'SQLITE_ERROR') return /integer overflow/i.test(error instanceof Error ? error.message : '');
  return SQLITE_DATA_ERROR.test(code) || POSTGRES_DATA_ERROR.test(code);
}

/** The error's message, short (JSON text then escapes whatever it holds). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}

type ApplyOps = (principal: DevicePrincipal, ops: readonly IncomingOp[], now: Date) => Promise<PushOpResult[]>;

/**
 * Wraps a push's one-transaction apply: when the database refuses something the records caused,
 * the batch is applied again one op per transaction, and the op that still fails is set aside
 * (kept whole, flagged, acknowledged), so the till's queue moves on past it.
 */
export function setAsideRefusedOps(apply: ApplyOps): ApplyOps {
  return async (principal, ops, now) => {
    try {
      return await apply(principal, ops, now);
    } catch (error) {
      if (!isRecordSpecificFailure(error)) throw error;
      const results: PushOpResult[] = [];
      for (const op of ops) {
        try {
          results.push(...(await apply(principal, [op], now)));
        } catch (opError) {
          if (!isRecordSpecificFailure(opError)) throw opError;
          const raw = op.record === null ? op.raw : op.record;
          const problem = `database-refused:${errorText(opError)}`;
          results.push(...(await apply(principal, [{ seq: op.seq, opId: op.opId, record: null, raw, problem }], now)));
        }
      }
      return results;
    }
  };
}
