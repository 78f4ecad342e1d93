/**
 * @module
 * What a test till needs from its platform, in Node: a temporary folder, and a till core on
 * better-sqlite3 (or, with `CASSA_TILL_SQLITE=wasm`, on SQLite in WebAssembly) in it. Its browser
 * twin, `test-till-platform.browser.ts`, takes its place in the `core-chromium` vitest project
 * through a resolve alias, so no Node import ever reaches the browser's module graph.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TillCore, TillCoreOnOptions } from '../till-core';
import { createTillCoreOn } from '../till-core';
import { createTillCore } from '../till-core-node';
import { openWasmTestDatabase, tillOnWasm } from './wasm-test-store';

/** A new empty folder of the system's temporary directory. */
export function createTestFolder(prefix = 'cassa-till-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeTestFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A till core whose database is `<dir>/till.db`. */
export function startTestTillCore(dir: string, options: TillCoreOnOptions): TillCore {
  return tillOnWasm ? createTillCoreOn(openWasmTestDatabase(dir), options) : createTillCore({ dataDir: dir, ...options });
}
