/**
 * @module
 * Starts the mobile till inside its Web Worker: one tab owns the database (Web Locks), the PIN
 * sealing key lives in its own OPFS file beside the database (like the PC's 0600 key file), the
 * core starts over the database the host opened, and the page is served over messages. Every way
 * this can fail ends in one worded `failed` message, never in a silent blank page. What touches
 * SQLite is passed in, so this logic runs (and is tested) without a browser.
 */
import type { WorkerStartProblem, WorkerToPage } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { TillCore } from '../core';
import type { MessageEndpoint } from './till-port-server';
import { isFirstRun, serveTillOverPort } from './till-port-server';

/** The lock every tab of this origin asks for; the holder owns the till's database. */
export const TILL_LOCK_NAME = 'cassa-till-database';
export const PIN_KEY_FILE = 'cassa-pin.key';
const PIN_KEY_BYTES = 32;

/** The small part of the OPFS API the key file needs (a worker's sync access handle). */
export interface KeyFileStore {
  /** The file's bytes, or null if it does not exist. */
  read(name: string): Promise<Uint8Array | null>;
  /** Writes and flushes the file; only ever called for a file that did not exist. */
  create(name: string, bytes: Uint8Array): Promise<void>;
}

/** The part of `navigator.locks` used: an exclusive lock, or null at once when another tab holds it. */
export interface LockRequester {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

export interface MobileTillDeps {
  readonly endpoint: MessageEndpoint;
  /** `navigator.locks` (undefined in a browser without Web Locks). */
  readonly locks: LockRequester | undefined;
  /** Null when the browser has no origin-private file system. */
  readonly keyFiles: KeyFileStore | null;
  readonly randomBytes: (length: number) => Uint8Array;
  /** Opens the database and starts the core on it (sqlite-wasm over opfs-sahpool in the browser). */
  readonly startCore: (pinKey: Uint8Array) => Promise<TillCore>;
  readonly log: (message: string, error?: unknown) => void;
}

class StartFailure extends Error {
  constructor(
    readonly problem: WorkerStartProblem,
    detail: string,
  ) {
    super(detail);
  }
}

/** The key that seals PIN hashes: made once, then read; a damaged key file is never replaced. */
export async function pinKeyFrom(files: KeyFileStore, randomBytes: (length: number) => Uint8Array): Promise<Uint8Array> {
  const existing = await files.read(PIN_KEY_FILE);
  if (existing && existing.length === PIN_KEY_BYTES) return existing;
  if (existing && existing.length > 0) {
    // Replacing it would make every PIN sealed with the old key unreadable: stop and say so.
    throw new StartFailure('unexpected', `The PIN key file holds ${existing.length} bytes instead of ${PIN_KEY_BYTES}: it was damaged, so the till did not start`);
  }
  const key = randomBytes(PIN_KEY_BYTES);
  await files.create(PIN_KEY_FILE, key);
  return key;
}

/** Which worded problem an error at start is. */
export function startProblemOf(error: unknown): WorkerStartProblem {
  if (error instanceof StartFailure) return error.problem;
  if (error instanceof CassaError && error.code === 'DATABASE_TOO_NEW') return 'newer-database';
  if (error instanceof CassaError && (error.code === 'DISK_FULL' || error.code === 'STORAGE_FAILED')) return 'quota';
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (name === 'QuotaExceededError' || code === 'SQLITE_FULL') return 'quota';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'no-opfs';
  return 'unexpected';
}

function detailOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/**
 * Runs the till until the worker is terminated. Resolves once the page has been told `ready` or
 * `failed`. The lock is held for the worker's whole life (the callback never returns while the
 * till runs), so a second tab is refused at once rather than waiting.
 */
export function startMobileTill(deps: MobileTillDeps): Promise<void> {
  const send = (message: WorkerToPage): void => deps.endpoint.postMessage(message);
  const fail = (error: unknown): void => {
    deps.log('The mobile till did not start', error);
    send({ type: 'failed', problem: startProblemOf(error), detail: detailOf(error) });
  };
  if (!deps.locks) return Promise.resolve(fail(new StartFailure('no-opfs', 'This browser has no Web Locks API')));
  const keyFiles = deps.keyFiles;
  if (!keyFiles) return Promise.resolve(fail(new StartFailure('no-opfs', 'This browser has no origin-private file system')));
  return new Promise<void>((started) => {
    deps.locks!
      .request(TILL_LOCK_NAME, { ifAvailable: true }, async (lock) => {
        if (!lock) {
          fail(new StartFailure('open-elsewhere', 'Another tab holds the till'));
          return;
        }
        let core: TillCore;
        try {
          core = await deps.startCore(await pinKeyFrom(keyFiles, deps.randomBytes));
        } catch (error) {
          fail(error);
          return;
        }
        serveTillOverPort(deps.endpoint, core, deps.log);
        send({ type: 'ready', firstRun: isFirstRun(core), paired: core.services.sync.state().paired });
        started();
        // Held until the worker (its tab) goes away: the browser then releases the lock by itself.
        await new Promise<never>(() => undefined);
      })
      .catch(fail)
      .finally(started);
  });
}
