import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreatePinKeyFile, pinKeyFilePath } from '../host';
import type { SafeStorage } from './electron-api';
import { electronPinKey, sealedKeyFileName } from './pin-key-store';

/** A keychain stand-in: reversible, and visibly not the plain text. */
function fakeSafeStorage(available = true): SafeStorage {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`kc:${Buffer.from(text).toString('base64')}`),
    decryptString: (data) => Buffer.from(data.toString().replace(/^kc:/, ''), 'base64').toString(),
  };
}

describe('the PIN sealing key', () => {
  const roots: string[] = [];
  const newRoot = () => {
    const root = mkdtempSync(join(tmpdir(), 'cassa-key-'));
    roots.push(root);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('in the browser host lives in a 0600 file beside the data folder, created once', () => {
    const dataDir = join(newRoot(), 'till');
    const path = pinKeyFilePath(dataDir);
    expect(path.startsWith(dataDir)).toBe(false);
    const first = loadOrCreatePinKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadOrCreatePinKeyFile(path)).equals(Buffer.from(first))).toBe(true);
    writeFileSync(path, 'damaged');
    expect(() => loadOrCreatePinKeyFile(path)).toThrow(/damaged/);
  });

  it('in Electron is kept encrypted by the OS keychain, and stays the same across starts', () => {
    const dataDir = join(newRoot(), 'userData');
    const key = electronPinKey(fakeSafeStorage(), dataDir);
    const sealed = readFileSync(join(dataDir, sealedKeyFileName), 'utf8');
    expect(sealed).not.toContain(Buffer.from(key).toString('hex'));
    expect(Buffer.from(electronPinKey(fakeSafeStorage(), dataDir)).equals(Buffer.from(key))).toBe(true);
    expect(existsSync(pinKeyFilePath(dataDir))).toBe(false);
    // A copy of the folder without that user's keychain cannot open it.
    expect(() => electronPinKey(fakeSafeStorage(false), dataDir)).toThrow(/keychain/);
  });

  it('falls back to the key file without a keychain, and keeps using it once there is one', () => {
    const dataDir = join(newRoot(), 'userData');
    const key = electronPinKey(fakeSafeStorage(false), dataDir);
    expect(existsSync(pinKeyFilePath(dataDir))).toBe(true);
    expect(Buffer.from(electronPinKey(fakeSafeStorage(true), dataDir)).equals(Buffer.from(key))).toBe(true);
  });
});
