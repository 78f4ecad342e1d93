/** What every benchmark group gets: a way to report a figure and a way to say what it is doing. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
