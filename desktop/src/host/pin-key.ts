/**
 * @module
 * Where a till keeps the key that seals its PIN hashes: outside the database and outside the data
 * folder, so a copied till.db (or a copied data folder) is not enough to guess PINs offline.
 * The browser host keeps it in a 0600 file beside the data folder; Electron wraps it with the
 * OS keychain (safeStorage) when it can, see `main/pin-key-store.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { PinKey } from '../core';

export const pinKeyBytes = 32;

/** `<parent of data dir>/.<data dir name>.pin-key`: beside the folder a backup copies, not in it. */
export function pinKeyFilePath(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `.${basename(absolute)}.pin-key`);
}

/** Reads the key, or creates it (0600, never overwriting one another process just wrote). */
export function loadOrCreatePinKeyFile(path: string): PinKey {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(pinKeyBytes).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  return parsePinKey(readFileSync(path, 'utf8'), path);
}

export function parsePinKey(text: string, where: string): PinKey {
  const key = Buffer.from(text.trim(), 'hex');
  if (key.length !== pinKeyBytes) {
    // A damaged key would silently lock every user out: stop and say where it is instead.
    throw new Error(`The PIN key at ${where} is damaged (expected ${pinKeyBytes * 2} hex digits); restore it from a backup`);
  }
  return key;
}
