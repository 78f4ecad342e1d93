/**
 * @module
 * Pushing the outbox in batches until it is empty, acknowledging what the server holds; an
 * out-of-order answer either skips ops the server already has or rewinds to the first it lacks.
 */
import { MAX_PUSH_OPS, PROTOCOL_VERSION, SCHEMA_VERSION, outOfOrderDetailsSchema } from '@cassa/shared';
import { resendFrom, serverLostAcknowledgedOps } from './restore-detection';
import type { RestoreDeps } from './restore-detection';
import { SyncClientError } from './sync-client-error';

export interface PushDeps extends RestoreDeps {
  /** The most ops this till sends in one push (the server's own limit may be lower). */
  readonly pushBatchSize: number;
  /** About how many bytes of records one push carries at most: servers refuse bodies over 5 MB. */
  readonly pushBatchBytes: number;
  /**
   * The most ops the server said it takes (`maxPushOps` in its push answers); LEGACY_MAX_PUSH_OPS
   * until it says, since older servers refuse larger pushes.
   */
  serverMaxPushOps: number;
  /**
   * Fewer ops than a push that came back "too large" (the server's or a proxy's body limit), once
   * one did; such a limit does not change while the till runs.
   */
  tooLargeCap?: number;
  /** This register's id, asked of the server once when pairing did not give it. */
  deviceId(): Promise<string>;
}

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

/** Ops per push against a server that takes them: a 72-hour backlog goes up in a few dozen pushes. */
export const DEFAULT_PUSH_BATCH_OPS = 2_000;
/** Record JSON per push: well under the server's 5 MB body limit, with the envelope around it. */
export const DEFAULT_PUSH_BATCH_BYTES = 3 * 1024 * 1024;

export async function pushAll(deps: PushDeps): Promise<void> {
  const { store, wants } = deps;
  const id = await deps.deviceId();
  let previousFirst = -1;
  let rewinds = 0;
  // Counted once per round and then kept by subtraction: counting a backlog of 100,000 ops
  // before each batch made a long catch-up quadratic. Sales made meanwhile show next round.
  let pending = store.pendingStats?.().pending;
  for (;;) {
    // Large batches are what makes a catch-up fast: each push is a round trip and a durable commit.
    const ops = store.pendingOps(Math.min(deps.pushBatchSize, deps.serverMaxPushOps, deps.tooLargeCap ?? Number.POSITIVE_INFINITY), deps.pushBatchBytes);
    const first = ops[0];
    if (!first) {
      if (wants.checkServer && (await serverLostAcknowledgedOps(deps))) {
        pending = store.pendingStats?.().pending;
        continue;
      }
      wants.checkServer = false;
      return;
    }
    // An outbox that does not move after an acknowledgement is a store bug; do not spin on it.
    if (first.seq === previousFirst) throw new SyncClientError('INTERNAL', `Outbox did not advance past op ${first.seq}`, null);
    previousFirst = first.seq;
    try {
      // Head office shows each register's backlog: what still waits once this batch has landed,
      // so a register that has caught up shows 0, not the size of its last batch.
      const queue = pending === undefined ? undefined : Math.max(0, pending - ops.length);
      const headers = queue === undefined ? undefined : { 'cassa-queue-length': String(queue) };
      const response = await deps.transport.call('sync.push', { ...versions, deviceId: id, ops }, headers);
      store.acknowledge(response.highWaterMark);
      deps.serverMaxPushOps = Math.min(response.maxPushOps ?? deps.serverMaxPushOps, MAX_PUSH_OPS);
      // An accepted push shows the server holds everything up to its mark: nothing to check.
      wants.checkServer = false;
      pending = queue;
    } catch (error) {
      // A body the server (or a proxy before it) finds too large: send half as many ops at a time,
      // down to one, rather than offering the same batch again for ever.
      if (error instanceof SyncClientError && error.code === 'PAYLOAD_TOO_LARGE' && ops.length > 1) {
        deps.tooLargeCap = Math.ceil(ops.length / 2);
        previousFirst = -1;
        continue;
      }
      const details = error instanceof SyncClientError && error.code === 'SYNC_OUT_OF_ORDER' ? outOfOrderDetailsSchema.safeParse(error.details) : null;
      // The server already holds ops this till still has queued: acknowledge them and go on.
      if (details?.success && details.data.expectedSeq > first.seq) {
        store.acknowledge(details.data.expectedSeq - 1);
        pending = store.pendingStats?.().pending;
        continue;
      }
      // The server lacks ops it once acknowledged: send them again from the first it lacks.
      if (details?.success && details.data.expectedSeq < first.seq && ++rewinds <= 3) {
        resendFrom(deps, details.data.expectedSeq);
        previousFirst = -1;
        pending = store.pendingStats?.().pending;
        continue;
      }
      throw error;
    }
    // A short batch may have been cut by size, not by the outbox running dry: ask again; the
    // empty answer ends the round.
  }
}
