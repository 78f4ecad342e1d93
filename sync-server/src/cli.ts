/**
 * @module
 * `npm run server`: the sync server on PORT (8787). DATABASE_URL picks the engine; without it a
 * SQLite file in CASSA_DATA_DIR (default ./.data). CASSA_ADMIN_TOKEN enables the admin routes.
 */
import { join, resolve } from 'node:path';
import { createSyncServer } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '0.0.0.0';
  const dataDir = resolve(process.env.CASSA_DATA_DIR ?? './.data');
  const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'sync-server.sqlite')}`;
  const adminToken = process.env.CASSA_ADMIN_TOKEN;
  const server = await createSyncServer({ databaseUrl, adminToken });
  const listening = await server.listen(port, host);
  const engine = server.storage.engine === 'postgres' ? 'PostgreSQL' : databaseUrl;
  console.log(`Cassa sync server on http://${host}:${listening.port} (${engine})`);
  if (!adminToken) console.log('CASSA_ADMIN_TOKEN is not set: the /v1/admin routes are closed');
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
