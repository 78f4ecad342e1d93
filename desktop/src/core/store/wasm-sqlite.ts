/**
 * @module
 * The till's SQLite connection on SQLite compiled to WebAssembly (`@sqlite.org/sqlite-wasm`, the
 * official build), with better-sqlite3's semantics wherever the core relies on them, so every
 * service, migration and test is the same code on a PC and on a phone. It runs in a Web Worker:
 * nothing here may import Node.
 *
 * The oo1 API (https://sqlite.org/wasm/doc/trunk/api-oo1.md) opens and prepares; stepping,
 * binding numbers and reading columns go through the C-style API
 * (https://sqlite.org/wasm/doc/trunk/api-c-style.md) because oo1's `Stmt.step()` logs every failed
 * step through `sqlite3.config.warn` (a constraint the core expects is not worth a console line)
 * and its `bind()` binds an integral number as INTEGER where better-sqlite3 binds every number as
 * REAL (`SELECT ? / 2` with 3 is 1.5 on the PC: it must be on the phone too).
 */
import type { Database as WasmDb, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { prepareTillDatabase } from './till-database';
import type { TillDatabase } from './till-database';
import type { SqliteConnection, SqliteFunctionOptions, SqliteRunResult, SqliteStatement, SqliteTransaction } from './sqlite-port';

export interface WasmOpenOptions {
  /** The VFS: `opfs-sahpool` in the browser's worker; SQLite's default (memory only) in Node. */
  readonly vfs?: string;
}

/** The error better-sqlite3 throws: SQLite's message, and its extended result code as text. */
export class SqliteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const SQLITE_INTEGER = 1;
const SQLITE_FLOAT = 2;
const SQLITE_TEXT = 3;
const SQLITE_BLOB = 4;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Opens `filename` and wraps it as the core's connection. */
export function openWasmConnection(sqlite3: Sqlite3Static, filename: string, options: WasmOpenOptions = {}): SqliteConnection {
  // Flags 'c': create if missing, read-write (api-oo1.md, "The DB Class"). oo1 turns on
  // extended result codes, so a failure's code names the constraint (SQLITE_CONSTRAINT_UNIQUE).
  let db: WasmDb;
  try {
    db = new sqlite3.oo1.DB(filename, 'c', options.vfs);
  } catch (error) {
    throw asSqliteError(sqlite3, error);
  }
  return new WasmConnection(sqlite3, db);
}

/**
 * The till's database on SQLite in WebAssembly. In the browser the `opfs-sahpool` VFS keeps the
 * file in the origin-private file system without COOP/COEP headers; it has no shared memory, so
 * no WAL: the journal is a rollback journal (TRUNCATE) with `synchronous = FULL`, which makes
 * SQLite flush the journal and then the database file (the VFS's xSync flushes its access
 * handle) before COMMIT returns: a sale the till reported is on storage, as on the PC.
 */
export function openWasmTillDatabase(sqlite3: Sqlite3Static, filename: string, options: WasmOpenOptions = {}): TillDatabase {
  const connection = openWasmConnection(sqlite3, filename, options);
  try {
    keepFilesOpen(connection);
  } catch (error) {
    connection.close();
    throw error;
  }
  return prepareTillDatabase(connection, filename, { journalMode: 'TRUNCATE' });
}

/**
 * One worker owns the database (the page takes a Web Lock, and opfs-sahpool holds every file's
 * access handle itself), so nothing is lost by SQLite keeping it: in EXCLUSIVE locking mode the
 * journal stays open between transactions instead of being closed, and the VFS flushes a file on
 * every close, so each commit paid one more flush, and each start a dozen. Temporary files (sorts,
 * statement journals) stay in memory for the same reason: each would be a pool file opened,
 * flushed and closed. Commits still sync as `synchronous = FULL` says: durability is unchanged.
 */
function keepFilesOpen(connection: SqliteConnection): void {
  connection.pragma('locking_mode = EXCLUSIVE');
  connection.pragma('temp_store = MEMORY');
}

function asSqliteError(sqlite3: Sqlite3Static, error: unknown): unknown {
  if (error instanceof sqlite3.SQLite3Error) {
    const code = sqlite3.capi.sqlite3_js_rc_str(error.resultCode) ?? `SQLITE_ERROR_${error.resultCode}`;
    // oo1's message is "<CODE>: sqlite3 result code <n>: <SQLite's message>"; keep SQLite's part.
    const message = error.message.replace(/^\w+: sqlite3 result code \d+: /, '');
    return new SqliteError(message, code);
  }
  return error;
}

class WasmConnection implements SqliteConnection {
  /** The error a JavaScript function threw mid-statement: rethrown as is, as better-sqlite3 does. */
  pendingFunctionError: unknown = undefined;
  private readonly control = new Map<string, WasmStatement>();

  constructor(
    readonly sqlite3: Sqlite3Static,
    readonly db: WasmDb,
  ) {}

  get open(): boolean {
    return this.db.isOpen();
  }

  get inTransaction(): boolean {
    return this.db.isOpen() && this.sqlite3.capi.sqlite3_get_autocommit(this.db) === 0;
  }

  prepare(sql: string): SqliteStatement {
    if (!this.db.isOpen()) throw new TypeError('The database connection is not open');
    let statement: PreparedStatement;
    try {
      statement = this.db.prepare(sql);
    } catch (error) {
      throw asSqliteError(this.sqlite3, error);
    }
    return new WasmStatement(this, statement);
  }

  exec(sql: string): this {
    if (!this.db.isOpen()) throw new TypeError('The database connection is not open');
    // The C-level sqlite3_exec runs every statement of the text, quietly, like better-sqlite3's exec.
    const rc = this.sqlite3.capi.sqlite3_exec(this.db, sql, 0, 0, 0);
    if (rc !== 0) throw this.failure(rc);
    return this;
  }

  pragma(text: string, options: { simple?: boolean } = {}): unknown {
    const statement = this.prepare(`PRAGMA ${text}`);
    if (!statement.reader) {
      statement.run();
      return options.simple ? undefined : [];
    }
    return options.simple ? statement.pluck().get() : statement.all();
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F> {
    const run = (begin: string) => (...args: never[]) => this.inOneTransaction(begin, () => fn(...args));
    const wrapped = Object.assign(run('BEGIN'), {
      deferred: run('BEGIN DEFERRED'),
      immediate: run('BEGIN IMMEDIATE'),
      exclusive: run('BEGIN EXCLUSIVE'),
    });
    // The arguments pass through untouched; only the generic spelling differs.
    return wrapped as unknown as SqliteTransaction<F>;
  }

  function(name: string, options: SqliteFunctionOptions, fn: (...args: never[]) => unknown): this {
    const call = (_context: unknown, ...values: unknown[]) => {
      try {
        const result = fn(...(values.map((value) => fromSqlite(value)) as never[]));
        return checkedResult(name, result);
      } catch (error) {
        this.pendingFunctionError = error;
        throw error;
      }
    };
    // Arity from the function, as better-sqlite3 does (api-oo1.md, DB.createFunction()).
    this.db.createFunction(name, call as never, { arity: fn.length, deterministic: options.deterministic === true });
    return this;
  }

  close(): this {
    // oo1's close() finalizes every statement this DB prepared before closing (api-oo1.md, DB.close()).
    if (this.db.isOpen()) this.db.close();
    return this;
  }

  /** The error for a failed call: a JavaScript function's own throw, else SQLite's. */
  failure(rc: number): unknown {
    const thrown = this.pendingFunctionError;
    if (thrown !== undefined) {
      this.pendingFunctionError = undefined;
      return thrown;
    }
    const capi = this.sqlite3.capi;
    const code = capi.sqlite3_js_rc_str(rc) ?? `SQLITE_ERROR_${rc}`;
    return new SqliteError(capi.sqlite3_errmsg(this.db), code);
  }

  /**
   * better-sqlite3's transaction rule: outermost, BEGIN…COMMIT, ROLLBACK on a throw; nested, a
   * savepoint rolled back and released on a throw, so the outer transaction carries on.
   */
  private inOneTransaction<T>(begin: string, work: () => T): T {
    const nested = this.inTransaction;
    this.controlStatement(nested ? 'SAVEPOINT "\t_cassa.\t"' : begin).run();
    try {
      const result = work();
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      this.controlStatement(nested ? 'RELEASE "\t_cassa.\t"' : 'COMMIT').run();
      return result;
    } catch (error) {
      if (this.inTransaction) {
        if (nested) {
          this.controlStatement('ROLLBACK TO "\t_cassa.\t"').run();
          this.controlStatement('RELEASE "\t_cassa.\t"').run();
        } else {
          this.controlStatement('ROLLBACK').run();
        }
      }
      throw error;
    }
  }

  private controlStatement(sql: string): WasmStatement {
    let statement = this.control.get(sql);
    if (!statement) {
      statement = this.prepare(sql) as WasmStatement;
      this.control.set(sql, statement);
    }
    return statement;
  }
}

/** A value from SQLite as better-sqlite3 hands it over: a number, never a rounded one. */
function fromSqlite(value: unknown): unknown {
  if (typeof value === 'bigint') throw unsafeInteger(value);
  return value;
}

function unsafeInteger(value: bigint): RangeError {
  return new RangeError(`The integer ${value} is beyond JavaScript's exact range (2^53); it was not rounded`);
}

function checkedResult(name: string, result: unknown): unknown {
  if (result === undefined || result === null) return null;
  if (typeof result === 'number' || typeof result === 'string' || typeof result === 'bigint' || result instanceof Uint8Array) return result;
  throw new TypeError(`User-defined function ${name}() returned an invalid value`);
}

function isNamedParameters(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof ArrayBuffer);
}

type RowShape = 'object' | 'pluck' | 'raw';

class WasmStatement implements SqliteStatement {
  readonly reader: boolean;
  private shape: RowShape = 'object';
  private busy = false;
  private readonly columnNames: string[];
  /** Per parameter (1-based index - 1): null for a positional one, else its name without the prefix. */
  private readonly parameterNames: (string | null)[];

  constructor(
    private readonly connection: WasmConnection,
    private readonly statement: PreparedStatement,
  ) {
    const capi = connection.sqlite3.capi;
    this.reader = statement.columnCount > 0;
    this.columnNames = this.reader ? statement.getColumnNames() : [];
    const count = capi.sqlite3_bind_parameter_count(statement);
    this.parameterNames = Array.from({ length: count }, (_, index) => {
      const name = capi.sqlite3_bind_parameter_name(statement, index + 1);
      return name === null || name.startsWith('?') ? null : name.slice(1);
    });
  }

  pluck(toggle = true): this {
    this.shape = toggle ? 'pluck' : this.shape === 'pluck' ? 'object' : this.shape;
    return this;
  }

  raw(toggle = true): this {
    this.shape = toggle ? 'raw' : this.shape === 'raw' ? 'object' : this.shape;
    return this;
  }

  run(...params: unknown[]): SqliteRunResult {
    const capi = this.connection.sqlite3.capi;
    const db = this.connection.db;
    this.start(params);
    try {
      while (this.step()) {
        // A statement that returns rows runs to its end, as better-sqlite3's run() does.
      }
    } finally {
      this.finish();
    }
    const rowid = capi.sqlite3_last_insert_rowid(db);
    return { changes: capi.sqlite3_changes(db), lastInsertRowid: exactNumber(rowid) };
  }

  get(...params: unknown[]): unknown {
    this.affirmReader();
    this.start(params);
    try {
      return this.step() ? this.row() : undefined;
    } finally {
      this.finish();
    }
  }

  all(...params: unknown[]): unknown[] {
    this.affirmReader();
    this.start(params);
    try {
      const rows: unknown[] = [];
      while (this.step()) rows.push(this.row());
      return rows;
    } finally {
      this.finish();
    }
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    this.affirmReader();
    this.start(params);
    return this.rows();
  }

  /** Rows one by one; leaving the loop early (return()) or a throw resets the statement. */
  private *rows(): Generator<unknown, void, undefined> {
    try {
      while (this.step()) yield this.row();
    } finally {
      this.finish();
    }
  }

  private affirmReader(): void {
    if (!this.reader) throw new TypeError('This statement does not return data. Use run() instead');
  }

  private start(params: unknown[]): void {
    // After close() oo1 has finalized the statement: a C call on it would read freed memory.
    if (!this.connection.open) throw new TypeError('The database connection is not open');
    if (this.busy) throw new TypeError('This statement is busy executing a query');
    this.connection.sqlite3.capi.sqlite3_reset(this.statement);
    this.bind(params);
    this.busy = true;
  }

  private finish(): void {
    this.busy = false;
    this.connection.sqlite3.capi.sqlite3_reset(this.statement);
  }

  private step(): boolean {
    const rc = this.connection.sqlite3.capi.sqlite3_step(this.statement);
    if (rc === SQLITE_ROW) return true;
    if (rc === SQLITE_DONE) return false;
    throw this.connection.failure(rc);
  }

  /** Binds as better-sqlite3 does: arrays spread into positional values, one object names the rest. */
  private bind(params: unknown[]): void {
    const positional: unknown[] = [];
    let named: Record<string, unknown> | undefined;
    for (const param of params) {
      if (Array.isArray(param)) positional.push(...(param as unknown[]));
      else if (isNamedParameters(param)) {
        if (named) throw new TypeError('You cannot specify named parameters in two different objects');
        named = param;
      } else positional.push(param);
    }
    let next = 0;
    this.parameterNames.forEach((name, index) => {
      if (name === null) {
        if (next >= positional.length) throw new RangeError('Too few parameter values were provided');
        this.bindValue(index + 1, positional[next++]);
      } else {
        if (!named || !Object.hasOwn(named, name)) throw new RangeError(`Missing named parameter "${name}"`);
        this.bindValue(index + 1, named[name]);
      }
    });
    if (next < positional.length) throw new RangeError('Too many parameter values were provided');
  }

  private bindValue(index: number, value: unknown): void {
    const capi = this.connection.sqlite3.capi;
    const statement = this.statement;
    let rc: number | undefined;
    // This build's sqlite3_bind_null binding returns nothing (it cannot fail on a valid index).
    if (value === null || value === undefined) rc = capi.sqlite3_bind_null(statement, index) as number | undefined;
    // Every number as REAL, as better-sqlite3 binds it; an INTEGER column's affinity stores it exact.
    else if (typeof value === 'number') rc = capi.sqlite3_bind_double(statement, index, value);
    else if (typeof value === 'bigint') {
      if (value < int64Min || value > int64Max) throw new RangeError('BigInt value is too large to be represented as a 64-bit integer');
      rc = capi.sqlite3_bind_int64(statement, index, value);
    } else if (typeof value === 'string' || value instanceof Uint8Array) {
      // oo1's bind copies strings (as UTF-8) and byte arrays (as blobs) into the WebAssembly heap.
      this.statement.bind(index, value);
      return;
    } else throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    if (rc !== undefined && rc !== 0) throw this.connection.failure(rc);
  }

  private row(): unknown {
    if (this.shape === 'pluck') return this.column(0);
    if (this.shape === 'raw') return this.columnNames.map((_, index) => this.column(index));
    const row: Record<string, unknown> = {};
    this.columnNames.forEach((name, index) => {
      row[name] = this.column(index);
    });
    return row;
  }

  private column(index: number): unknown {
    const { capi, wasm } = this.connection.sqlite3;
    const statement = this.statement;
    switch (capi.sqlite3_column_type(statement, index)) {
      case SQLITE_INTEGER: {
        // A double holds every integer up to 2^53 exactly; beyond, read the 64 bits and refuse.
        const value = capi.sqlite3_column_double(statement, index);
        if (Number.isSafeInteger(value)) return value;
        throw unsafeInteger(BigInt(capi.sqlite3_column_int64(statement, index)));
      }
      case SQLITE_FLOAT:
        return capi.sqlite3_column_double(statement, index);
      case SQLITE_TEXT:
        return capi.sqlite3_column_text(statement, index);
      case SQLITE_BLOB: {
        const bytes = capi.sqlite3_column_bytes(statement, index);
        if (bytes === 0) return new Uint8Array(0);
        const start = Number(capi.sqlite3_column_blob(statement, index));
        // A copy: the heap view is SQLite's, valid only until the next step.
        return wasm.heap8u().slice(start, start + bytes);
      }
      default:
        return null;
    }
  }
}

/** A rowid as a number while exact; beyond 2^53 a BigInt (better-sqlite3 would round it). */
function exactNumber(value: bigint | number): number | bigint {
  if (typeof value === 'number') return value;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return value;
  return Number(value);
}

function wasmHandle(connection: SqliteConnection): { sqlite3: Sqlite3Static; db: WasmDb } {
  if (!(connection instanceof WasmConnection)) throw new TypeError('Not a WebAssembly SQLite connection');
  return connection;
}

/** The whole database as SQLite's file bytes (sqlite3_js_db_export, api-c-style.md): a backup, or a test's "file". */
export function exportWasmImage(connection: SqliteConnection): Uint8Array {
  const { sqlite3, db } = wasmHandle(connection);
  return sqlite3.capi.sqlite3_js_db_export(db);
}

/**
 * Replaces an open in-memory database's content with `image` (a database file's bytes), through
 * sqlite3_deserialize as api-c-style.md describes: the copy in the WebAssembly heap becomes
 * SQLite's, freed on close and free to grow.
 */
export function loadWasmImage(connection: SqliteConnection, image: Uint8Array): void {
  const { sqlite3, db } = wasmHandle(connection);
  const { capi, wasm } = sqlite3;
  // A plain Uint8Array view: wasm.allocFromTypedArray refuses subclasses such as Node's Buffer.
  const pointer = wasm.allocFromTypedArray(new Uint8Array(image.buffer, image.byteOffset, image.byteLength));
  const rc = capi.sqlite3_deserialize(
    db,
    'main',
    pointer,
    image.byteLength,
    image.byteLength,
    capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  if (rc !== 0) throw (connection as WasmConnection).failure(rc);
}
