/**
 * @module
 * What the sync worker still has to do, shared by the loops that fill it (events, timers, nudges)
 * and the ones that empty it (push, pull).
 */
import type { SyncStream } from '@cassa/shared';

export interface SyncWants {
  /** Push the outbox. */
  push: boolean;
  /**
   * Ask the server whether it still holds what it acknowledged, when nothing is queued: on start,
   * on every (re)connection of the event channel, on the periodic timer and on syncNow().
   */
  checkServer: boolean;
  /** Streams to pull. */
  readonly pull: Set<SyncStream>;
}

export function createSyncWants(): SyncWants {
  return { push: false, checkServer: false, pull: new Set() };
}

/** Everything: push, check the server, pull every stream. */
export function wantEverything(wants: SyncWants, streams: readonly SyncStream[]): void {
  wants.push = true;
  wants.checkServer = true;
  for (const s of streams) wants.pull.add(s);
}
