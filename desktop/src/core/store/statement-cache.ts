/**
 * @module
 * Prepared statements kept per connection, keyed by their SQL text. better-sqlite3's `prepare`
 * compiles the SQL every call; on the sale path that compiling cost more than the statements'
 * work. A cached statement is shared: callers use only `run`, `get` and `all` on it, never
 * `iterate` (a statement mid-iteration is busy) nor `pluck`/`raw`/`expand` (they would change it
 * for every other caller).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

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
