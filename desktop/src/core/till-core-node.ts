/**
 * @module
 * A till on a PC: its SQLite file (`till.db`) in a private data folder, opened with
 * better-sqlite3, and its devices opened through `@cassa/drivers` (serial, USB, HID, TCP). Every
 * Node host (Electron, the browser host, tests, benchmarks) starts here.
 */
import { join } from 'node:path';
import { openTillDatabase } from './store/database';
import { nodeDeviceAccess } from './peripherals/node-device-access';
import { installNodeScrypt } from './portable/node-scrypt';
import { makePrivateDir } from './store/private-files';
import type { TillCore, TillCoreOnOptions } from './till-core';
import { createTillCoreOn } from './till-core';

// On a PC, PINs hash at native speed (same bytes as the portable scrypt): before any host hashes one.
installNodeScrypt();

export interface TillCoreOptions extends TillCoreOnOptions {
  /** Folder holding till.db; created if missing. */
  readonly dataDir: string;
}

export function createTillCore(options: TillCoreOptions): TillCore {
  makePrivateDir(options.dataDir);
  return createTillCoreOn(openTillDatabase(join(options.dataDir, 'till.db')), { devices: nodeDeviceAccess, ...options });
}
