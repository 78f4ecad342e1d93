/** What every benchmark group gets: a way to report a figure and a way to say what it is doing. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startPostgres } from '../../test-support/postgres';

export interface BenchContext {
  emit(name: string, value: number, unit: string): void;
  progress(message: string): void;
}

export type BenchGroup = (ctx: BenchContext) => Promise<void>;

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A folder under .tmp/bench kept between runs, for data that is slow to build. */
export function benchDir(name: string): string {
  const dir = join(repoRoot, '.tmp', 'bench', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** A deterministic generator so every run measures the same data. */

/**
 * A fresh PostgreSQL database for one bench: in the cluster `CASSA_BENCH_DATABASE_URL` names, else
 * in a throwaway cluster started for it; dropped (and the cluster stopped) afterwards.
 */
export async function withBenchDatabase<T>(ctx: BenchContext, run: (databaseUrl: string) => Promise<T>): Promise<T> {
  let stop = (): void => undefined;
  let serverUrl = process.env.CASSA_BENCH_DATABASE_URL ?? null;
  if (serverUrl === null) {
    ctx.progress('starting a throwaway PostgreSQL');
    const running = await startPostgres();
    serverUrl = running.url;
    stop = () => running.stop();
  }
  try {
    const database = await createTestDatabase(serverUrl);
    try {
      return await run(database.url);
    } finally {
      await database.drop();
    }
  } finally {
    stop();
  }
}
