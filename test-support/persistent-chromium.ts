/**
 * @module
 * Test support for the mobile till in a real Chromium whose profile survives a crash: the browser
 * is started by us (so we own its process group and can SIGKILL all of it, as a phone's OS kills a
 * backgrounded browser) and driven over CDP. The page gets a handle on the till's own worker, so a
 * test calls the till's procedures through the real worker and core, exactly as the UI does.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { chromiumPath, chromiumSwitches, noOmniboxWebUi } from './browser';

export interface PersistentChromium {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** SIGKILL to the browser's whole process group: no unload, no flush, nothing graceful. */
  kill(): Promise<void>;
  /** A clean shutdown (the profile is flushed). */
  close(): Promise<void>;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts Chromium on `userDataDir` (created if absent) and connects to it. */
export async function launchPersistentChromium(userDataDir: string): Promise<PersistentChromium> {
  const child = spawn(
    chromiumPath,
    [
      ...chromiumSwitches,
      noOmniboxWebUi,
      '--lang=it-IT',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      'about:blank',
    ],
    // Its own process group, so one kill reaches the renderer, GPU and utility processes too.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let errors = '';
    const onData = (chunk: Buffer): void => {
      errors += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(errors);
      if (found) {
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(found[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening: ${errors.slice(-2000)}`)));
  });
  // Detached, it would outlive a test or bench that dies halfway: taken down with this process.
  const killOnExit = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0]!;
  await context.addInitScript({ content: tillWorkerProbe });
  return {
    browser,
    context,
    async kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await waitForExit(child);
    },
    async close() {
      await browser.close().catch(() => undefined);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await waitForExit(child);
    },
  };
}

/**
 * Runs before the page's own scripts: keeps the till's worker (the one named `cassa-till`) and its
 * lifecycle message, and adds `__cassaCall(method, input, token)`, a `call` message of the worker
 * protocol with ids far above the page transport's own (which ignores results it did not ask for).
 */
const tillWorkerProbe = `(() => {
  const Original = window.Worker;
  if (!Original) return;
  let nextId = 1e12;
  const pending = new Map();
  window.__cassaLifecycle = null;
  window.Worker = class extends Original {
    constructor(url, options) {
      super(url, options);
      if (options && options.name === 'cassa-till') {
        window.__cassaTillWorker = this;
        this.addEventListener('message', (event) => {
          const data = event.data;
          if (data && (data.type === 'ready' || data.type === 'failed')) window.__cassaLifecycle = data;
          if (data && data.type === 'result' && pending.has(data.id)) {
            pending.get(data.id)(data.result);
            pending.delete(data.id);
          }
        });
      }
    }
  };
  window.__cassaPair = (serverUrl, code) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      window.__cassaTillWorker.postMessage({ type: 'firstRunPair', id, serverUrl, code });
    });
  window.__cassaCall = (method, input, token) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      window.__cassaTillWorker.postMessage({ type: 'call', id, method, input: input ?? {}, token: token ?? null });
    });
})();`;

export interface ApiOk<T> {
  ok: true;
  data: T;
}

/** Calls one till procedure through the page's till worker; throws on a refusal. */
export async function callTill<T>(page: Page, method: string, input: unknown = {}, token: string | null = null): Promise<T> {
  const result = (await page.evaluate(
    ([m, i, t]) => (window as unknown as { __cassaCall(m: unknown, i: unknown, t: unknown): Promise<unknown> }).__cassaCall(m, i, t),
    [method, input, token] as const,
  )) as ApiOk<T> | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** The first-run pairing message, exactly as the pairing screen sends it once it has read the QR. */
export async function pairFirstRun(page: Page, serverUrl: string, code: string): Promise<void> {
  const result = (await page.evaluate(
    ([s, c]) => (window as unknown as { __cassaPair(s: string, c: string): Promise<unknown> }).__cassaPair(s, c),
    [serverUrl, code] as const,
  )) as { ok: boolean; error?: { code: string; message: string } };
  if (!result.ok) throw new Error(`First-run pairing refused: ${result.error?.code} ${result.error?.message}`);
}

/** Sends a procedure call and returns at once (for a kill while the call is in flight). */
export async function sendTill(page: Page, method: string, input: unknown = {}, token: string | null = null): Promise<void> {
  await page.evaluate(
    ([m, i, t]) => void (window as unknown as { __cassaCall(m: unknown, i: unknown, t: unknown): Promise<unknown> }).__cassaCall(m, i, t),
    [method, input, token] as const,
  );
}

/** Waits for the till worker's `ready` (or throws with its `failed` detail). */
export async function waitForTill(page: Page, timeout = 30_000): Promise<{ firstRun: boolean; paired: boolean }> {
  const handle = await page.waitForFunction(() => (window as unknown as { __cassaLifecycle: unknown }).__cassaLifecycle, undefined, { timeout });
  const message = (await handle.jsonValue()) as { type: 'ready'; firstRun: boolean; paired: boolean } | { type: 'failed'; problem: string; detail: string };
  if (message.type === 'failed') throw new Error(`The mobile till did not start: ${message.problem} ${message.detail}`);
  return message;
}

/**
 * The files of the till's opfs-sahpool pool, read from a same-origin page while no till runs (the
 * worker holds the files' access handles while it does): each pool file is a 4096-byte header
 * naming the SQLite file (in the pool's `.opaque` folder), then that file's bytes. Gives each
 * named file's logical size, and with `withBytes` its bytes as base64.
 */
function poolFiles(page: Page, directory: string, withBytes: boolean): Promise<{ name: string; size: number; base64: string | null }[]> {
  return page.evaluate(
    async ([dir, bytesToo]) => {
      let folder = await navigator.storage.getDirectory();
      for (const part of dir.split('/').filter(Boolean)) folder = await folder.getDirectoryHandle(part);
      const pool = await folder.getDirectoryHandle('.opaque');
      const out: { name: string; size: number; base64: string | null }[] = [];
      // @ts-expect-error: async iteration of a directory handle is in Chromium, not yet in TS's DOM lib
      for await (const [, handle] of pool.entries() as AsyncIterable<[string, FileSystemFileHandle]>) {
        if (handle.kind !== 'file') continue;
        const file = await handle.getFile();
        const header = new Uint8Array(await file.slice(0, 512).arrayBuffer());
        const nameEnd = header.indexOf(0);
        const name = new TextDecoder().decode(header.subarray(0, nameEnd < 0 ? 512 : nameEnd));
        if (!name) continue;
        let base64: string | null = null;
        if (bytesToo) {
          const data = new Uint8Array(await file.slice(4096).arrayBuffer());
          let binary = '';
          for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
          base64 = btoa(binary);
        }
        out.push({ name, size: Math.max(0, file.size - 4096), base64 });
      }
      return out;
    },
    [directory, withBytes] as const,
  );
}

/** The till's database files as the pool keeps them (name → base64 of the bytes), read while no till runs. */
export async function readPoolFiles(page: Page, directory: string): Promise<Record<string, string>> {
  return Object.fromEntries((await poolFiles(page, directory, true)).map((file) => [file.name, file.base64 ?? '']));
}

/** The logical size of each file of the pool (name → bytes), read while no till runs. */
export async function poolFileSizes(page: Page, directory: string): Promise<Record<string, number>> {
  return Object.fromEntries((await poolFiles(page, directory, false)).map((file) => [file.name, file.size]));
}
