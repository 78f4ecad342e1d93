/**
 * @module
 * The benchmarks' child processes (Cassa and PouchDB, server and till side each in its own
 * process, so each one's time and memory are its own), with one harness for all of them.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from './bench-kit';

export interface BenchChild {
  /** The next JSON line the child prints. */
  next(): Promise<Record<string, unknown>>;
  /** Closes the child's stdin (kept open with `keepStdin`): the servers stop on it. */
  end(): void;
  readonly done: Promise<void>;
}

/** Runs a bundled bench script's `mode` in its own process; its stdout is one JSON value a line. */
export function runChild(bundle: string, mode: string, config: Record<string, unknown>, keepStdin = false): BenchChild {
  // CASSA_BENCH_CPU_PROF=<dir>: each child writes a .cpuprofile there (where the time goes, per side).
  const profile = process.env.CASSA_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CASSA_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--max-old-space-size=8192', bundle, mode, JSON.stringify(config)], { cwd: repoRoot, stdio: [keepStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const done = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 || code === null ? resolve() : reject(new Error(`${mode} child exited ${code}: ${errors.slice(-2000)}`)))),
  );
  return {
    done,
    end: () => void child.stdin?.end(),
    next: () =>
      new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(JSON.parse(line) as Record<string, unknown>);
        waiting.push((l) => resolve(JSON.parse(l) as Record<string, unknown>));
        void done.catch(reject);
      }),
  };
}

