/**
 * @module
 * Noticing a head office restored from a backup: it holds fewer of this till's ops than it once
 * acknowledged. The till then sends them again (the server applies each once) and pulls every
 * stream from a snapshot, or, when it no longer keeps them, says so for a person to act.
 */
import type { SyncStream } from '@cassa/shared';
import type { SyncClientStore } from './sync-client-store';
import { SyncClientError } from './sync-client-error';
import type { SyncTransport } from './sync-transport';
import type { SyncWants } from './sync-wants';

export interface RestoreDeps {
  readonly store: SyncClientStore;
  readonly transport: SyncTransport;
  readonly wants: SyncWants;
  readonly streams: readonly SyncStream[];
}

/**
 * Head office holds only this device's ops before `expectedSeq` although it acknowledged more:
 * it was restored from a backup (or lost its last commits). Every op from there is marked
 * unsent again and pushed again (the server applies each once), and every pull stream starts
 * over from a snapshot: the restored server may reuse change numbers this till already saw.
 */
export function resendFrom(deps: RestoreDeps, expectedSeq: number): void {
  const { store } = deps;
  const rewound = store.acknowledgedThrough() >= expectedSeq;
  const firstPending = store.markUnsentFrom(expectedSeq);
  // Once per rewind, not on every retry of a till that cannot fill the gap.
  if (rewound) {
    for (const s of deps.streams) {
      store.resetStream(s);
      deps.wants.pull.add(s);
    }
  }
  if (firstPending !== null && firstPending <= expectedSeq) return;
  const lost = firstPending === null ? `${expectedSeq} onwards` : `${expectedSeq}–${firstPending - 1}`;
  throw new SyncClientError(
    'SYNC_SERVER_MISSING_RECORDS',
    `Head office lost records ${lost} of this till (restored from an old backup?) and this till no longer keeps them: export the unsent records and call support`,
    409,
    { expectedSeq, firstPending },
  );
}

/** With nothing queued, asks the server what it holds: a restored server shows up here. */
export async function serverLostAcknowledgedOps(deps: RestoreDeps): Promise<boolean> {
  const acknowledged = deps.store.acknowledgedThrough();
  if (acknowledged === 0) return false;
  const { highWaterMark } = await deps.transport.call('device.whoAmI', {});
  if (highWaterMark >= acknowledged) return false;
  resendFrom(deps, highWaterMark + 1);
  return true;
}
