/**
 * @module
 * A real sync server for proofs and benchmarks that can be stopped and started again on the same
 * database and the same port, plus read access to its tables (there is no admin API for per-sale
 * or per-movement read-outs, so proofs read the storage directly).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ListeningServer, SyncServer, SyncServerOptions } from '@cassa/sync-server';
import { createSyncServer } from '@cassa/sync-server';
import { createTestDatabase } from './postgres';

export type EngineName = 'sqlite' | 'postgres';

export interface RestartableServer {
  readonly engine: EngineName;
  readonly port: number;
  readonly url: string;
  /** The server currently running (changes on restart). */
  readonly server: SyncServer;
  restarts: number;
  /** Closes the server (connections cut) and opens it again on the same database and port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Runs a read-only query on the server's database (`?` placeholders on both engines). */
  query<T extends Record<string, unknown>>(sql: string, params?: readonly (string | number)[]): Promise<T[]>;
  /**
   * A consistent copy of the database as it is now: SQLite through its online backup API while
   * the server runs; PostgreSQL as a template copy (CREATE DATABASE … TEMPLATE), which needs the
   * server's connections closed, so the server stops for that moment. Returns the backup's name.
   */
  backup(): Promise<string>;
  /** Stops the server, replaces its database with the backup, and starts it again on the same port. */
  restoreFrom(backup: string): Promise<void>;
  /** Stops the server and deletes its database (and its backups). */
  dispose(): Promise<void>;
}

export async function startRestartableServer(options: {
  engine: EngineName;
  /** Superuser URL of a PostgreSQL cluster (from `inject('postgresUrl')`), for the postgres engine. */
  postgresUrl?: string | null;
  /** Reuse this SQLite file instead of a fresh temp one. */
  sqlitePath?: string;
  port?: number;
  sseHeartbeatMs?: number;
  /** Issue 18: more options for every start (a clock, the channel worker's settings). */
  serverOptions?: Omit<SyncServerOptions, 'databaseUrl' | 'sqlitePath'>;
}): Promise<RestartableServer> {
  let sqlitePath: string | undefined;
  let databaseUrl: string | undefined;
  let cleanup: () => Promise<void>;
  if (options.engine === 'sqlite') {
    if (options.sqlitePath) {
      sqlitePath = options.sqlitePath;
      cleanup = async () => undefined;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'cassa-sync-proof-'));
      sqlitePath = join(dir, 'sync.sqlite');
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  } else {
    if (!options.postgresUrl) throw new Error('PostgreSQL not available for this proof');
    const db = await createTestDatabase(options.postgresUrl);
    databaseUrl = db.url;
    cleanup = () => db.drop();
  }
  const open = () =>
    createSyncServer({
      ...options.serverOptions,
      ...(sqlitePath ? { sqlitePath } : { databaseUrl }),
      sseHeartbeatMs: options.sseHeartbeatMs ?? 1_000,
      log: process.env.CASSA_SYNC_SERVER_LOG ? (message, error) => console.error(`[sync-server] ${message}`, error ?? '') : () => undefined,
    });

  const backups: string[] = [];
  async function adminQuery(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: options.postgresUrl! });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
  const databaseName = () => new URL(databaseUrl!).pathname.slice(1);

  let server: SyncServer | null = await open();
  let listening: ListeningServer | null = await server.listen(options.port ?? 0, '127.0.0.1');
  const port = listening.port;

  const harness: RestartableServer = {
    engine: options.engine,
    port,
    url: `http://127.0.0.1:${port}`,
    get server() {
      if (!server) throw new Error('the sync server is stopped');
      return server;
    },
    restarts: 0,
    async stop() {
      const s = server;
      server = null;
      await listening?.close();
      listening = null;
      await s?.close();
    },
    async start() {
      if (server) return;
      server = await open();
      // The port was just freed; on a busy machine it can take a moment to be bindable again.
      for (let attempt = 0; ; attempt++) {
        try {
          listening = await server.listen(port, '127.0.0.1');
          return;
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    async restart(downMs = 0) {
      await harness.stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await harness.start();
      harness.restarts++;
    },
    async query<T extends Record<string, unknown>>(sql: string, params: readonly (string | number)[] = []): Promise<T[]> {
      if (sqlitePath) {
        const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        let n = 0;
        const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), [...params]);
        return result.rows as T[];
      } finally {
        await client.end();
      }
    },
    async backup() {
      const name = `backup_${backups.length + 1}_${Date.now().toString(36)}`;
      if (sqlitePath) {
        const path = `${sqlitePath}.${name}`;
        const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
        try {
          await db.backup(path);
        } finally {
          db.close();
        }
        backups.push(path);
        return path;
      }
      const backupName = `${databaseName()}_${name}`;
      await harness.stop();
      try {
        await adminQuery(`CREATE DATABASE ${backupName} TEMPLATE ${databaseName()}`);
        backups.push(backupName);
      } finally {
        await harness.start();
      }
      return backupName;
    },
    async restoreFrom(backup) {
      await harness.stop();
      if (sqlitePath) {
        for (const suffix of ['-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
        copyFileSync(backup, sqlitePath);
      } else {
        await adminQuery(`DROP DATABASE ${databaseName()} WITH (FORCE)`);
        await adminQuery(`CREATE DATABASE ${databaseName()} TEMPLATE ${backup}`);
      }
      await harness.start();
      harness.restarts++;
    },
    async dispose() {
      await harness.stop();
      for (const backup of backups.splice(0)) {
        if (sqlitePath) rmSync(backup, { force: true });
        else await adminQuery(`DROP DATABASE IF EXISTS ${backup} WITH (FORCE)`);
      }
      await cleanup();
    },
  };
  return harness;
}
