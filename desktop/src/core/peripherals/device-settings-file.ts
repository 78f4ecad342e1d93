/**
 * @module
 * The PC host reads the saved device settings straight from till.db before the till opens it
 * (its devices open first). Node only: the browser entry has no file to read this way.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceSettings } from '@cassa/shared';
import { defaultDeviceSettings, deviceSettingsFrom } from './device-settings';

/** Reads the saved settings before the till opens its database for real (devices open first). */
export function readDeviceSettings(dataDir: string): DeviceSettings {
  const file = join(dataDir, 'till.db');
  if (!existsSync(file)) return defaultDeviceSettings;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) return defaultDeviceSettings;
    const read = db.prepare('SELECT value FROM meta WHERE key = ?');
    return deviceSettingsFrom((key) => (read.get(key) as { value: string } | undefined)?.value ?? null);
  } finally {
    db.close();
  }
}
