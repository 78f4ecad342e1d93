/**
 * The mobile till's start in its worker, in Node: the database lock shared by tabs, the PIN key
 * file made once and never replaced, and each start failure worded for the page.
 */
import { MessageChannel } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import type { WorkerToPage } from '@cassa/shared';
import { CassaError, workerToPageSchema } from '@cassa/shared';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyFileStore, LockRequester, MobileTillDeps, MessageEndpoint } from '../src/mobile';
import { PIN_KEY_FILE, pinKeyFrom, startMobileTill } from '../src/mobile';

/** Web Locks' `ifAvailable` semantics for one origin: a held name is refused with a null lock. */
function memoryLocks(): LockRequester {
  const held = new Set<string>();
  return {
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        held.delete(name);
      }
    },
  };
}

function memoryFiles(): KeyFileStore & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    read: async (name) => files.get(name) ?? null,
    create: async (name, bytes) => void files.set(name, bytes.slice()),
  };
}

describe('starting the mobile till in its worker', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A tab: its page end collects what the worker says. */
  function tab(overrides: Partial<MobileTillDeps>, shared: { locks: LockRequester; files: KeyFileStore }) {
    const channel = new MessageChannel();
    const said: WorkerToPage[] = [];
    channel.port2.on('message', (data: unknown) => said.push(workerToPageSchema.parse(data)));
    cleanups.push(() => (channel.port1.close(), channel.port2.close()));
    const keys: Uint8Array[] = [];
    const started = startMobileTill({
      endpoint: channel.port1 as unknown as MessageEndpoint,
      locks: shared.locks,
      keyFiles: shared.files,
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      startCore: async (pinKey) => {
        keys.push(pinKey);
        const till: TestTill = createTestTill({ demo: false });
        cleanups.push(() => till.dispose());
        return till.core;
      },
      log: () => undefined,
      ...overrides,
    });
    return { said, keys, started, settle: () => new Promise((resolve) => setTimeout(resolve, 30)) };
  }

  it('one tab owns the till; a second tab is told it is open elsewhere', async () => {
    const shared = { locks: memoryLocks(), files: memoryFiles() };
    const first = tab({}, shared);
    await first.started;
    await first.settle();
    expect(first.said).toEqual([{ type: 'ready', firstRun: true, paired: false }]);
    const second = tab({}, shared);
    await second.started;
    await second.settle();
    expect(second.said).toEqual([expect.objectContaining({ type: 'failed', problem: 'open-elsewhere' })]);
    expect(second.keys).toEqual([]);
  });

  it('makes the PIN key once, reads it back after a reload, and never replaces a damaged one', async () => {
    const files = memoryFiles();
    const random = (n: number) => new Uint8Array(randomBytes(n));
    const made = await pinKeyFrom(files, random);
    expect(made.length).toBe(32);
    expect(await pinKeyFrom(files, random)).toEqual(made);
    files.files.set(PIN_KEY_FILE, made.slice(0, 7));
    await expect(pinKeyFrom(files, random)).rejects.toThrow(/7 bytes/);
    expect(files.files.get(PIN_KEY_FILE)?.length).toBe(7);
  });

  it.each([
    ['no Web Locks', { locks: undefined }, 'no-opfs'],
    ['no OPFS', { keyFiles: null }, 'no-opfs'],
    ['storage refused', { startCore: () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' })) }, 'quota'],
    ['a newer database', { startCore: () => Promise.reject(new CassaError('DATABASE_TOO_NEW', 'schema 99')) }, 'newer-database'],
    ['a bug', { startCore: () => Promise.reject(new TypeError('x is undefined')) }, 'unexpected'],
  ] as const)('%s is a worded failure', async (_label, overrides, problem) => {
    const started = tab(overrides as Partial<MobileTillDeps>, { locks: memoryLocks(), files: memoryFiles() });
    await started.started;
    await started.settle();
    expect(started.said).toEqual([expect.objectContaining({ type: 'failed', problem })]);
  });
});
