/**
 * @module
 * What the sync worker still has to do, shared by the loops that fill it (events, timers, nudges)
 * and the ones that empty it (push, pull).
 */
import type { SyncStream } from '@cassa/shared';
import { syncStreams } from '@cassa/shared';

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

/**
 * The wanted streams in the order they must be applied: shared's `syncStreams` order, whatever
 * order they were wanted in. A store's price names a variant the catalogue stream brings, so prices
 * come after the catalogue; a Set's order is the order of adding, and a catalogue stream paused for
 * a push (or failed) is added back at the end, behind prices: the prices page then hit the
 * variants' foreign key on a first pull under load ("FOREIGN KEY constraint failed" on screen).
 */
export function streamsInPullOrder(wanted: ReadonlySet<SyncStream>): SyncStream[] {
  return syncStreams.filter((stream) => wanted.has(stream));
}
