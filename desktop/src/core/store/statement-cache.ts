/**
 * @module
 * Prepared statements kept per connection, keyed by their SQL text. better-sqlite3's `prepare`
 * compiles the SQL every call; on the sale path that compiling cost more than the statements'
 * work. A cached statement is shared: callers use only `run`, `get` and `all` on it, never
 * `iterate` (a statement mid-iteration is busy) nor `pluck`/`raw`/`expand` (they would change it
 * for every other caller).
 */
import type { SqliteStatement as Statement } from './sqlite-port';
import type { Db } from './till-database';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** The statement for `sql` on `db`, compiled on first use. */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Rows per multi-row statement: 100 rows stay far below SQLite's 32,766 bound parameters. */
const rowsPerStatement = 100;

const placeholders = new Map<string, string>();

/** `(?, ?), (?, ?)` for a multi-row VALUES clause of `rows` rows of `columns` values, built once per shape. */
function rowPlaceholders(rows: number, columns: number): string {
  const key = `${rows}x${columns}`;
  let text = placeholders.get(key);
  if (text === undefined) {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    text = Array.from({ length: rows }, () => row).join(', ');
    placeholders.set(key, text);
  }
  return text;
}

/**
 * Inserts `rows` (each one value per column, in order) with multi-row statements of up to 100
 * rows: one statement step instead of one per row. `suffix` follows the VALUES clause (an
 * ON CONFLICT clause); rows apply in order, so a later row sees an earlier one.
 */
export function insertRows(db: Db, into: string, rows: readonly (readonly unknown[])[], suffix = ''): void {
  const columns = rows[0]?.length ?? 0;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    cachedStatement(db, `INSERT INTO ${into} VALUES ${rowPlaceholders(chunk.length, columns)} ${suffix}`).run(chunk.flat());
  }
}
