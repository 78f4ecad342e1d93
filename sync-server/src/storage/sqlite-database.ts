/**
 * @module
 * SQLite through better-sqlite3: one connection, WAL with synchronous=FULL, a busy timeout, and every statement queued
 * through one async lane so an awaited transaction never interleaves with another caller's
 * statements on the same connection.
 */
import Database from 'better-sqlite3';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';

const STATEMENT_CACHE_SIZE = 256;

export function openSqliteDatabase(path: string): SqlDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  // FULL: a push the server acknowledged is on disk. With NORMAL a power cut could drop the last
  // commits of WAL mode after the till had marked them sent (and a till never sends them again).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  let lane: Promise<unknown> = Promise.resolve();
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = lane.then(work, work);
    lane = run.catch(() => undefined);
    return run;
  }

  // Ingest runs the same few statements for every record; compiling each anew cost more than
  // running it. Bounded, because store filters and IN lists make SQL text that varies.
  const statements = new Map<string, Database.Statement>();
  function prepared(sql: string): Database.Statement {
    const cached = statements.get(sql);
    if (cached) {
      statements.delete(sql);
      statements.set(sql, cached);
      return cached;
    }
    const statement = db.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
    return statement;
  }

  const direct: SqlExecutor = {
    dialect: 'sqlite',
    query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      const statement = prepared(sql);
      if (statement.reader) return Promise.resolve(statement.all(...params) as T[]);
      statement.run(...params);
      return Promise.resolve([]);
    },
  };

  let closed = false;
  return {
    dialect: 'sqlite',
    query: (sql, params) => serialised(() => direct.query(sql, params)),
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return serialised(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    exec: (script) =>
      serialised(() => {
        db.exec(script);
        return Promise.resolve();
      }),
    close: () =>
      serialised(() => {
        if (!closed) {
          closed = true;
          db.close();
        }
        return Promise.resolve();
      }),
  };
}
