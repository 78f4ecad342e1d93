/**
 * @module
 * A real sync server listening on 127.0.0.1 for the tests of one `describe` block, on the engine
 * asked for (SQLite in memory, or a fresh PostgreSQL database of the cluster the test setup
 * started), closed and dropped after them. Tests give each case its own organisation.
 */
import { createSyncServer } from '@cassa/sync-server';
import type { SyncServer } from '@cassa/sync-server';
import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase } from './postgres';

export type Engine = 'sqlite' | 'postgres';

export interface SuiteServer {
  readonly server: SyncServer;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
}

async function database(engine: Engine): Promise<{ options: { sqlitePath?: string; databaseUrl?: string }; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { options: { sqlitePath: ':memory:' }, drop: async () => undefined };
  const url = inject('postgresUrl');
  if (url === null) throw new Error(inject('postgresError') ?? 'PostgreSQL not available');
  const db = await createTestDatabase(url);
  return { options: { databaseUrl: db.url }, drop: () => db.drop() };
}

/** Registers the block's beforeAll/afterAll; read `server` and `baseUrl` inside its tests. */
export function serverPerSuite(engine: Engine): SuiteServer {
  let started: (SuiteServer & { close(): Promise<void> }) | null = null;
  beforeAll(async () => {
    const db = await database(engine);
    const server = await createSyncServer({ ...db.options, sseHeartbeatMs: 60_000 });
    const listening = await server.listen(0, '127.0.0.1');
    started = {
      server,
      baseUrl: `http://127.0.0.1:${listening.port}`,
      async close() {
        await listening.close();
        await server.close();
        await db.drop();
      },
    };
  });
  afterAll(async () => {
    await started?.close();
    started = null;
  });
  const current = (): SuiteServer => {
    if (!started) throw new Error('serverPerSuite: read the server inside a test');
    return started;
  };
  return {
    get server() {
      return current().server;
    },
    get baseUrl() {
      return current().baseUrl;
    },
  };
}
