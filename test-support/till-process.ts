/**
 * @module
 * Starts the real browser demo (`desktop/src/demo/browser-demo.ts`: the till and its embedded
 * head office) as a child process on free ports with its own data folder, the way
 * `npm run start:browser` does, and stops it with a signal.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface TillProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): void;
}

/** A bundle of the browser demo made for this run (test-support/e2e-setup.ts), when there is one. */
export const tillBundleVariable = 'CASSA_E2E_TILL_BUNDLE';

/** Node's arguments for the browser demo: its run's bundle, or its sources through tsx. */
function demoArguments(): string[] {
  const bundle = process.env[tillBundleVariable];
  if (bundle !== undefined && existsSync(bundle)) return [bundle];
  return ['--import', 'tsx', join(repoRoot, 'desktop/src/demo/browser-demo.ts')];
}

export async function startTillProcess(env: Record<string, string> = {}): Promise<TillProcess> {
  const dataDir = env.CASSA_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cassa-e2e-'));
  const child = spawn(process.execPath, demoArguments(), {
    cwd: repoRoot,
    env: { ...process.env, CASSA_TILL_PORT: '0', CASSA_SERVER_PORT: '0', CASSA_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The till did not start in time:\n${output}`)), 60_000);
    const onData = () => {
      const match = /Cassa till ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The till exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url,
    dataDir,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (!env.CASSA_DATA_DIR) {
        rmSync(dataDir, { recursive: true, force: true });
        // The PIN key the host keeps beside the data folder (desktop/src/host/pin-key.ts).
        rmSync(join(dirname(dataDir), `.${basename(dataDir)}.pin-key`), { force: true });
      }
    },
  };
}

/** Calls a till procedure over the host's HTTP API (as a LAN tablet does); throws its error message. */
export async function rpc(till: TillProcess, token: string | null, name: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${till.url}/api/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.data;
}
