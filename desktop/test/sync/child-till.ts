/**
 * @module
 * Runs `sync-till-child.ts` as a real Node process (bundled once with esbuild into .tmp/ inside
 * the repository, so better-sqlite3 resolves from node_modules) and lets a proof SIGKILL it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeScript } from '../../../test-support/bundle-node-script';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

export function bundleChild(name: string): Promise<{ path: string; remove(): void }> {
  return bundleNodeScript(join(here, 'sync-till-child.ts'), name);
}

export interface ChildTill {
  readonly child: ChildProcess;
  /** Sale ids the child reported complete (whole lines only). */
  readonly reported: () => string[];
  readonly output: () => string;
  /** Resolves when a line starting with `prefix` has been printed. */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  /** The exit: code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<void>;
}

export function runChild(bundle: string, config: Record<string, unknown>): ChildTill {
  const child = spawn(process.execPath, [bundle, JSON.stringify(config)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = output.split('\n').slice(0, -1).find((l) => l.startsWith(waiter.prefix));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    reported: () =>
      output
        .split('\n')
        .slice(0, -1)
        .filter((line) => line.startsWith('done '))
        .map((line) => line.slice(5)),
    output: () => `${output}\n--- stderr ---\n${errors}`,
    waitFor(prefix, timeoutMs = 60_000) {
      const existing = output.split('\n').slice(0, -1).find((l) => l.startsWith(prefix));
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never printed "${prefix}":\n${output}\n${errors}`)), timeoutMs);
        void exited.then((exit) => {
          clearTimeout(timer);
          setImmediate(() => reject(new Error(`child exited (${exit.code ?? exit.signal}) before "${prefix}":\n${output}\n${errors}`)));
        });
        waiters.push({
          prefix,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
