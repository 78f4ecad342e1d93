/**
 * @module
 * The till's files hold sales, customers and PIN hashes: only the user running the till may read
 * them. Folders are made 0700 and files 0600 whatever the umask, and an older install's looser
 * modes are tightened at start. (On Windows the per-user profile folder already protects them.)
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodSync(dir, privateDirMode);
}

/** Creates the file empty if missing (SQLite then gives its -wal and -shm the same mode). */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', privateFileMode));
  chmodSync(path, privateFileMode);
}

/** Tightens files that exist; a missing one is fine (SQLite creates -wal and -shm on demand). */
export function tightenExisting(paths: readonly string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, privateFileMode);
}
