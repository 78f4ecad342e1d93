import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatement, insertRows } from './statement-cache';

describe('prepared statements kept per connection', () => {
  const open: Database.Database[] = [];
  const connect = () => {
    const db = new Database(':memory:');
    open.push(db);
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT');
    return db;
  };
  afterEach(() => open.splice(0).forEach((db) => db.close()));

  it('compiles a statement once per connection and SQL text', () => {
    const a = connect();
    const b = connect();
    const sql = 'SELECT count(*) AS n FROM t';
    expect(cachedStatement(a, sql)).toBe(cachedStatement(a, sql));
    expect(cachedStatement(a, sql)).not.toBe(cachedStatement(b, sql));
    a.exec("INSERT INTO t VALUES ('x', 1)");
    expect(cachedStatement(a, sql).get()).toEqual({ n: 1 });
    expect(cachedStatement(b, sql).get()).toEqual({ n: 0 });
  });

  it('inserts rows in order over several statements, the suffix applying to each', () => {
    const db = connect();
    const rows = Array.from({ length: 230 }, (_, i) => [`k${i % 40}`, 1]);
    insertRows(db, 't (k, n)', rows, 'ON CONFLICT (k) DO UPDATE SET n = n + excluded.n');
    expect(db.prepare('SELECT count(*) AS keys, sum(n) AS total FROM t').get()).toEqual({ keys: 40, total: 230 });
    insertRows(db, 't (k, n)', []);
    expect(() => insertRows(db, 't (k, n)', [['k0', 1]])).toThrow(/UNIQUE/);
  });
});
