/**
 * @module
 * Which database errors belong to one pushed record, and which to the database or to our code. A
 * record the database refuses (a value out of range, bytes it cannot store, a constraint or a
 * trigger) is set aside so the records behind it still apply. Anything else — a database that is
 * down, busy or full, or a bug in a statement — fails the whole push, to be retried: setting every
 * record aside for that would take them all out of the figures.
 */

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
