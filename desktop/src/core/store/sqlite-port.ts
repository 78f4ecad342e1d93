/**
 * @module
 * The one SQLite connection the till core codes against: exactly the part of better-sqlite3's API
 * the core uses, so better-sqlite3's `Database` satisfies it as it is (no wrapper, no cost on the
 * PC) and the mobile till's SQLite-in-WebAssembly adapter (`wasm-sqlite.ts`) implements it with
 * better-sqlite3's semantics. Types only: nothing here needs Node.
 */

/** What `run` reports, as better-sqlite3 does: rows changed and the last inserted rowid. */
export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters as better-sqlite3 takes them: positional values, arrays of
 * them, and one object for named parameters (`@x`, `:x`, `$x` all read key `x`).
 */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  /** The first row, or undefined when there is none. */
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows become their first column's value (turns `raw` off). */
  pluck(toggle?: boolean): this;
  /** Rows become arrays of values (turns `pluck` off). */
  raw(toggle?: boolean): this;
  /** Whether the statement returns rows. */
  readonly reader: boolean;
}

/** Spelled as better-sqlite3's typings spell it, so its `Transaction` is assignable to ours. */
type ArgumentTypes<F> = F extends (...args: infer A) => unknown ? A : never;

/** A function run inside a transaction; the returned function also runs it in other modes. */
export interface SqliteTransaction<F extends (...args: never[]) => unknown> {
  (...args: ArgumentTypes<F>): ReturnType<F>;
  deferred(...args: ArgumentTypes<F>): ReturnType<F>;
  immediate(...args: ArgumentTypes<F>): ReturnType<F>;
  exclusive(...args: ArgumentTypes<F>): ReturnType<F>;
}

export interface SqliteFunctionOptions {
  deterministic?: boolean;
}

export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): this;
  /** `PRAGMA <text>`: every row, or with `simple` the first row's first value. */
  pragma(text: string, options?: { simple?: boolean }): unknown;
  /**
   * Wraps `fn` in BEGIN…COMMIT (ROLLBACK when it throws); called inside another transaction it
   * becomes a savepoint, so an inner failure undoes only the inner work.
   */
  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F>;
  /** A scalar SQL function written in JavaScript; a throw fails the statement with that error. */
  function(name: string, options: SqliteFunctionOptions, fn: (...args: never[]) => unknown): this;
  readonly open: boolean;
  readonly inTransaction: boolean;
  close(): this;
}
