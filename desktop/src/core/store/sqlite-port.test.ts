import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteConnection } from './sqlite-port';
import { openWasmConnection, openWasmTillDatabase } from './wasm-sqlite';
import { schemaVersion } from './till-database';

// The same statements on better-sqlite3 (the PC) and on SQLite in WebAssembly (the phone): the
// core codes against one port, so every answer, and every failure, must be the same.
let sqlite3: Awaited<ReturnType<typeof sqlite3InitModule>>;
beforeAll(async () => {
  sqlite3 = await sqlite3InitModule();
});

const open: SqliteConnection[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function both(setup = ''): { native: SqliteConnection; wasm: SqliteConnection } {
  // The type check that better-sqlite3 satisfies the port as it is: no wrapper on the PC.
  const native: SqliteConnection = new Database(':memory:');
  const wasm = openWasmConnection(sqlite3, ':memory:');
  open.push(native, wasm);
  if (setup) {
    native.exec(setup);
    wasm.exec(setup);
  }
  return { native, wasm };
}

/** What `work` returns, or the error it throws reduced to what the core reads of it. */
function outcome(work: () => unknown): unknown {
  try {
    return { value: normalised(work()) };
  } catch (error) {
    const e = error as { name?: string; code?: unknown; message?: string };
    return { error: { kind: e instanceof RangeError ? 'RangeError' : e instanceof TypeError ? 'TypeError' : 'Error', code: e.code, message: e.message } };
  }
}

/** Buffers (better-sqlite3) and Uint8Arrays (WebAssembly) compare by their bytes. */
function normalised(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return value.map(normalised);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  return value;
}

function agree(setup: string, work: (db: SqliteConnection) => unknown): unknown {
  const { native, wasm } = both(setup);
  const expected = outcome(() => work(native));
  expect(outcome(() => work(wasm))).toEqual(expected);
  return expected;
}

describe('the SQLite port on better-sqlite3 and on WebAssembly', () => {
  it('binds positional, array and named parameters alike, @x :x $x all from key x', () => {
    agree('', (db) => db.prepare('SELECT ? AS a, ? AS b').get(1, 'x'));
    agree('', (db) => db.prepare('SELECT ? AS a, ? AS b').get([1, 'x']));
    agree('', (db) => db.prepare('SELECT @v AS a, :v AS b, $v AS c').get({ v: 5 }));
    agree('', (db) => db.prepare('SELECT ? AS a, @v AS b').get(1, { v: 'n' }));
    // Every number binds as REAL, as better-sqlite3 binds it: 3 / 2 is 1.5 on both.
    agree('', (db) => db.prepare('SELECT ? / 2 AS half, typeof(?) AS t').get(3, 3));
  });

  it('refuses missing, extra and unbindable parameters with the same errors, and binds undefined as NULL', () => {
    agree('', (db) => db.prepare('SELECT ?').get());
    agree('', (db) => db.prepare('SELECT ?').get(1, 2));
    agree('', (db) => db.prepare('SELECT @x').get({}));
    agree('', (db) => db.prepare('SELECT ?').get(true));
    agree('', (db) => db.prepare('SELECT ? AS a').get(undefined));
  });

  it('returns NULLs, empty strings, NUL bytes in text and blobs byte for byte', () => {
    const setup = 'CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, b BLOB)';
    const value = agree(setup, (db) => {
      const insert = db.prepare('INSERT INTO t (s, b) VALUES (?, ?)');
      insert.run(null, null);
      insert.run('', new Uint8Array(0));
      insert.run('a\u0000b', new Uint8Array([0, 255, 1]));
      insert.run('caffè €', Buffer.from([9, 8, 7]));
      return db.prepare('SELECT id, s, b, typeof(b) AS tb, length(s) AS ls FROM t ORDER BY id').all();
    });
    expect(value).toMatchObject({ value: [{ s: null }, { s: '' }, { s: 'a\u0000b', b: { bytes: [0, 255, 1] } }, {}] });
  });

  it('gives undefined when no row, and plucks or returns raw rows per statement', () => {
    const setup = 'CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, \'x\'), (2, \'y\')';
    agree(setup, (db) => db.prepare('SELECT a FROM t WHERE a = 99').get());
    agree(setup, (db) => db.prepare('SELECT a FROM t ORDER BY a').pluck().all());
    agree(setup, (db) => db.prepare('SELECT a, b FROM t ORDER BY a').raw().all());
    agree(setup, (db) => {
      const statement = db.prepare('SELECT a, b FROM t ORDER BY a').pluck();
      return [statement.raw().get(), statement.raw(false).get()];
    });
    agree(setup, (db) => [...db.prepare('SELECT a, b FROM t ORDER BY a').iterate()]);
    agree(setup, (db) => {
      const rows: unknown[] = [];
      // Leaving an iteration early frees the statement for the next call.
      const statement = db.prepare('SELECT a FROM t ORDER BY a');
      for (const row of statement.iterate()) {
        rows.push(row);
        break;
      }
      rows.push(statement.get());
      return rows;
    });
    agree(setup, (db) => db.prepare('INSERT INTO t VALUES (3, \'z\')').get());
  });

  it('reports changes and the last rowid, and keeps integers exact up to 2^53', () => {
    const setup = 'CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)';
    agree(setup, (db) => db.prepare('INSERT INTO t (n) VALUES (?)').run(Number.MAX_SAFE_INTEGER));
    agree(setup, (db) => db.prepare('UPDATE t SET n = n').run());
    agree(setup, (db) => db.prepare('SELECT ? AS n, ? AS m').get(9_007_199_254_740_991n, -9_007_199_254_740_991n));
  });

  it('refuses to read an integer beyond 2^53 rather than round it (better-sqlite3 rounds it)', () => {
    const { native, wasm } = both();
    expect(native.prepare('SELECT 9007199254740993 AS n').get()).toEqual({ n: 9_007_199_254_740_992 });
    expect(() => wasm.prepare('SELECT 9007199254740993 AS n').get()).toThrow(RangeError);
  });

  it('fails constraints with SQLite\'s extended code and message', () => {
    const setup = `CREATE TABLE p (id TEXT PRIMARY KEY);
      CREATE TABLE c (id INTEGER PRIMARY KEY, p TEXT NOT NULL REFERENCES p(id), u TEXT UNIQUE, CHECK (id > 0)) STRICT;
      PRAGMA foreign_keys = ON; INSERT INTO p VALUES ('a'); INSERT INTO c VALUES (1, 'a', 'u')`;
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (2, \'a\', \'u\')').run());
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (1, \'a\', \'v\')').run());
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (3, \'zz\', \'w\')').run());
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (4, NULL, \'w\')').run());
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (-1, \'a\', \'w\')').run());
    agree(setup, (db) => db.prepare('INSERT INTO c VALUES (\'x\', \'a\', \'w\')').run());
    agree(setup, (db) => db.prepare('SELECT * FROM nowhere').get());
    agree(setup, (db) => db.exec('INSERT INTO c VALUES (5, \'a\', \'u\')'));
  });

  it('reports a full database as SQLITE_FULL, which the dispatcher turns into DISK_FULL', () => {
    const setup = 'CREATE TABLE t (s TEXT)';
    const result = agree(setup, (db) => {
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
    });
    expect(result).toMatchObject({ error: { code: 'SQLITE_FULL' } });
  });

  it('rolls back a failed transaction, and only the inner savepoint when a nested one fails', () => {
    const setup = 'CREATE TABLE t (n INTEGER)';
    const result = agree(setup, (db) => {
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      const outer = db.transaction((n: number) => {
        insert.run(n);
        try {
          db.transaction(() => {
            insert.run(n + 1);
            throw new Error('inner');
          }).immediate();
        } catch {
          // The inner work is undone, the outer goes on.
        }
        insert.run(n + 2);
        return db.inTransaction;
      });
      const inside = outer.immediate(10);
      try {
        outer.exclusive(20);
        db.transaction(() => {
          insert.run(30);
          throw new Error('outer');
        }).deferred();
      } catch {
        // The whole transaction is undone.
      }
      return { inside, after: db.inTransaction, rows: db.prepare('SELECT n FROM t ORDER BY n').pluck().all() };
    });
    expect(result).toEqual({ value: { inside: true, after: false, rows: [10, 12, 20, 22] } });
  });

  it('runs JavaScript functions, rethrowing the very error one throws', () => {
    const { native, wasm } = both();
    for (const db of [native, wasm]) {
      db.function('twice', { deterministic: true }, (value: unknown) => `${String(value)}${String(value)}`);
      expect(db.prepare('SELECT twice(?) AS t').get('ab')).toEqual({ t: 'abab' });
      const boom = new Error('kaboom');
      db.function('boom', {}, () => {
        throw boom;
      });
      expect(() => db.prepare('SELECT boom()').get()).toThrow(boom);
      // The connection works on after the failure.
      expect(db.prepare('SELECT twice(1) AS t').get()).toEqual({ t: '11' });
    }
  });

  it('answers pragmas as rows or, simple, as the first value', () => {
    agree('', (db) => [db.pragma('user_version'), db.pragma('user_version', { simple: true })]);
    agree('', (db) => [db.pragma('user_version = 7'), db.pragma('user_version', { simple: true })]);
    agree('', (db) => db.pragma('foreign_keys = ON'));
  });

  it('searches FTS5 tables, which the catalogue uses', () => {
    const setup = `CREATE VIRTUAL TABLE s USING fts5(name, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO s (rowid, name) VALUES (1, 'Caffè espresso'), (2, 'Cappuccino'), (3, 'Tè verde')`;
    agree(setup, (db) => db.prepare('SELECT rowid FROM s WHERE s MATCH ? ORDER BY rank').pluck().all('caffe*'));
    agree(setup, (db) => db.prepare('SELECT rowid FROM s WHERE s MATCH ?').pluck().all('"te"'));
  });

  it('closes: statements are finalized, and using them afterwards fails plainly', () => {
    const { native, wasm } = both('CREATE TABLE t (n INTEGER)');
    for (const db of [native, wasm]) {
      const statement = db.prepare('SELECT n FROM t');
      db.close();
      expect(db.open).toBe(false);
      expect(() => statement.all()).toThrow(TypeError);
      expect(() => db.prepare('SELECT 1')).toThrow(TypeError);
    }
  });
});

describe("the phone's till database", () => {
  it('is migrated, syncs every commit in full, and keeps its files open (one worker owns them)', () => {
    const till = openWasmTillDatabase(sqlite3, ':memory:');
    try {
      const { db } = till;
      expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // EXCLUSIVE: the journal is not closed (and flushed by opfs-sahpool) after every commit.
      expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
      // MEMORY: sorts and statement journals never become pool files opened, flushed and closed.
      expect(db.pragma('temp_store', { simple: true })).toBe(2);
      // A write still goes through the one transaction wrapper.
      expect(till.write(() => db.prepare("INSERT INTO meta (key, value) VALUES ('t', 'v')").run().changes)).toBe(1);
    } finally {
      till.close();
    }
  });
});
