/**
 * @module
 * The little SQL both engines share. Storage code is written once against this: `?` placeholders,
 * rows as plain objects, numbers as numbers, and a transaction that is a write transaction from
 * its first statement (BEGIN IMMEDIATE on SQLite) so no read ever has to upgrade to a write.
 */

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs one statement and returns its rows (empty for statements without RETURNING). */
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one write transaction, committed when it resolves and rolled back when it
   * throws. Transactions never interleave on SQLite (one writer); on PostgreSQL each gets its own
   * connection, and a serialization failure or deadlock is retried.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements, outside of any transaction helper. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads a numeric column that PostgreSQL returns as a string for BIGINT and COUNT. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  return 0;
}
