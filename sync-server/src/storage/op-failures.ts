/**
 * @module
 * Which database errors belong to one pushed record, and which to the database itself. A record
 * the database refuses (a value out of range, bytes it cannot store, a constraint) is set aside so
 * the records behind it still apply; a database that is down, busy or out of room fails the whole
 * push, to be retried: setting records aside for that would lose them from the figures.
 */

/** PostgreSQL SQLSTATE classes of a database in trouble, not of the data sent to it. */
const POSTGRES_TRANSIENT = /^(08|40|53|55|57|58|XX)/;
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|NOMEM|INTERRUPT|CORRUPT|NOTADB|PROTOCOL)/;

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** True for a database error that the record itself caused. */
export function isRecordSpecificFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code === null) return false;
  if (code.startsWith('SQLITE_')) return !SQLITE_TRANSIENT.test(code);
  // SQLSTATE: five characters, digits and capitals. Node's own codes (ECONNRESET…) are not data errors.
  if (/^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E')) return !POSTGRES_TRANSIENT.test(code);
  return false;
}

/** The error's message, short and storable (no NUL or lone surrogate survives JSON text anyway). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}
