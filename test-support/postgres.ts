/**
 * @module
 * A throwaway PostgreSQL for tests. As a vitest globalSetup it starts one cluster per run (initdb
 * and pg_ctl as the `postgres` user when we are root, in a temp dir with its own socket dir, on a
 * free port) or uses TEST_DATABASE_URL when set, and hands the URL to tests through
 * `inject('postgresUrl')`. Each test file then makes its own database with `createTestDatabase`.
 * When the binaries are missing, tests that need PostgreSQL fail with the install command;
 * the rest of the suite runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test cluster, or null when it could not start (see postgresError). */
    postgresUrl: string | null;
    postgresError: string | null;
  }
}

interface ProvideContext {
  provide(key: 'postgresUrl', value: string | null): void;
  provide(key: 'postgresError', value: string | null): void;
}

export interface RunningPostgres {
  readonly url: string;
  stop(): void;
}

export const INSTALL_HINT = 'PostgreSQL server binaries (initdb, pg_ctl) not found: install them with `apt-get install -y postgresql`, or set TEST_DATABASE_URL';

function findBinDir(): string | null {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found.replace(/\/initdb$/, '') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster in a temp dir; `stop()` shuts it down and deletes the dir. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findBinDir();
  if (!bin) throw new Error(INSTALL_HINT);
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cassa-pg-'));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'sockets');
  // The server refuses to run as root, so as root everything runs as `postgres`, which must own
  // the temp dir.
  const run = (command: string, args: string[]): void => {
    const [file, fileArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    execFileSync(file, fileArgs, { stdio: 'pipe', cwd: dir });
  };
  try {
    execFileSync('mkdir', ['-p', socketDir]);
    chmodSync(dir, 0o700);
    if (isRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      chownSync(socketDir, uid, gid);
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop() {
        if (stopped) return;
        stopped = true;
        try {
          run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`Could not start a test PostgreSQL: ${error instanceof Error ? error.message : String(error)} ${stderr}`.trim());
  }
}

/** Makes a fresh database on the cluster, so test files never see each other's rows. */
export async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cassa_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

let running: RunningPostgres | null = null;

/** vitest globalSetup: one cluster for the whole run. */
export async function setup(project: ProvideContext): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    project.provide('postgresError', null);
    return;
  }
  try {
    running = await startPostgres();
    project.provide('postgresUrl', running.url);
    project.provide('postgresError', null);
  } catch (error) {
    project.provide('postgresUrl', null);
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
  }
}

export function teardown(): void {
  running?.stop();
  running = null;
}
