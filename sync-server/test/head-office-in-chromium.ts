/**
 * Head office on a fresh SQLite file and Debian's Chromium on one Italian page, for the tests of a
 * `describe` block of the web app, closed and removed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import { createSyncServer } from '../src/index';
import type { ListeningServer, SyncServer, SyncServerOptions } from '../src/index';

export interface HeadOfficeInChromium {
  readonly server: SyncServer;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly page: Page;
}

/**
 * Registers the block's beforeAll/afterAll; read the fields inside its tests. `options` go to the
 * server as they are (issue 18: the channels' keys and worker).
 */
export function headOfficeInChromium(name: string, options: Omit<SyncServerOptions, 'sqlitePath' | 'log'> = {}): HeadOfficeInChromium {
  const dir = mkdtempSync(join(tmpdir(), `cassa-${name}-e2e-`));
  let started: { server: SyncServer; listening: ListeningServer; browser: Browser; page: Page; base: string } | null = null;
  beforeAll(async () => {
    const server = await createSyncServer({ ...options, sqlitePath: join(dir, 'head-office.sqlite'), log: () => undefined });
    const listening = await server.listen(0, '127.0.0.1');
    const browser = await launchChromium();
    const page = await (await browser.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } })).newPage();
    started = { server, listening, browser, page, base: `http://127.0.0.1:${listening.port}` };
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.listening.close();
    await started?.server.close();
    started = null;
    rmSync(dir, { recursive: true, force: true });
  });
  const current = () => {
    if (!started) throw new Error('headOfficeInChromium: read it inside a test');
    return started;
  };
  return {
    get server() {
      return current().server;
    },
    get base() {
      return current().base;
    },
    get page() {
      return current().page;
    },
  };
}
