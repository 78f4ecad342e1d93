/**
 * @module
 * The PIN sealing key for the Electron till. With the OS keychain available (safeStorage:
 * Keychain, DPAPI, libsecret) the key is stored encrypted by it in the data folder, so a copy of
 * the folder taken to another machine or user cannot open it. Without a keychain (a Linux box
 * with no secret service) it falls back to the browser host's 0600 key file beside the folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinKey } from '../core';
import { loadOrCreatePinKeyFile, parsePinKey, pinKeyBytes, pinKeyFilePath } from '../host';
import type { SafeStorage } from './electron-api';

export const sealedKeyFileName = 'pin-key.safestorage';

export function electronPinKey(safeStorage: SafeStorage | undefined, dataDir: string): PinKey {
  const sealedFile = join(dataDir, sealedKeyFileName);
  if (existsSync(sealedFile)) {
    if (!safeStorage?.isEncryptionAvailable()) throw new Error(`The PIN key at ${sealedFile} needs the system keychain, which is not available now`);
    return parsePinKey(safeStorage.decryptString(readFileSync(sealedFile)), sealedFile);
  }
  // A till that began without a keychain keeps its key file: switching would lose every PIN.
  if (!safeStorage?.isEncryptionAvailable() || existsSync(pinKeyFilePath(dataDir))) return loadOrCreatePinKeyFile(pinKeyFilePath(dataDir));
  const key = randomBytes(pinKeyBytes);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(sealedFile, safeStorage.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
  return key;
}
