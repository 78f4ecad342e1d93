/**
 * Storage, admin API and a settable clock for testing head-office services without HTTP: a fresh
 * database per test on the given engine, closed after it.
 */
import { CassaError } from '@cassa/shared';
import type { ErrorCode } from '@cassa/shared';
import { afterEach } from 'vitest';
import { createAdminApi, createChangeNotifier, createLocalBus, openStorage } from '../src/index';
import type { AdminApi, SyncStorage } from '../src/index';
import type { Engine, EngineDatabase } from './fixtures';

export interface ServiceWorld {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  /** The services' clock; move it with `world.clock = …`. */
  clock: Date;
  readonly now: () => Date;
}

export function worldPerTest(engine: Engine): () => Promise<ServiceWorld> {
  let database: EngineDatabase | null = null;
  let storage: SyncStorage | null = null;
  afterEach(async () => {
    await storage?.close();
    await database?.cleanup();
    storage = null;
    database = null;
  });
  return async () => {
    database = await engine.database();
    storage = await openStorage(database.options);
    const world: ServiceWorld = {
      storage,
      admin: createAdminApi({ storage, notifier: createChangeNotifier(createLocalBus()), now: () => world.now() }),
      clock: new Date('2026-12-03T09:00:00Z'),
      now: () => world.clock,
    };
    return world;
  };
}

/** The code and details a service refused with; fails when it did not refuse with a CassaError. */
export async function refusal(work: Promise<unknown>): Promise<{ code: ErrorCode; details: unknown }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CassaError)) throw new Error(`expected a CassaError, got ${String(error)}`);
  return { code: error.code, details: error.details };
}
