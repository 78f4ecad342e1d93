/**
 * @module
 * PostgreSQL through a pg pool. Each transaction checks out its own connection; serialization
 * failures and deadlocks are retried a few times, since they are the database asking us to.
 */
import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';

const RETRYABLE = new Set(['40001', '40P01']);

/** `?` → `$1, $2…`; our statements never hold a literal question mark. */
/** Converted texts: a push sends the same few multi-row statements (thousands of `?`) over and over. */
const converted = new Map<string, string>();

export function toPostgresPlaceholders(sql: string): string {
  let text = converted.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    // Bounded: statement shapes are few (tables times row counts), but a caller could vary them.
    if (converted.size >= 4_000) converted.clear();
    converted.set(sql, text);
  }
  return text;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    dialect: 'postgres',
    async query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      const result = await client.query(toPostgresPlaceholders(sql), [...params]);
      return result.rows as T[];
    },
  };
}

export function openPostgresDatabase(connectionString: string, options: { maxConnections?: number } = {}): SqlDatabase {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', () => undefined);
  const direct = executor(pool);
  return {
    dialect: 'postgres',
    query: (sql, params) => direct.query(sql, params),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work(executor(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && RETRYABLE.has(code) && attempt < 5) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await pool.end();
    },
  };
}
