/**
 * @module
 * What the till shows about syncing: online or not, the last success, what waits to be sent, the
 * last error and which direction (push, pull) is failing, with listeners told of every change.
 */
import type { SyncClientStore } from './sync-client-store';
import type { SyncErrorCode } from './sync-client-error';

/** Why one direction (push or pull) last failed; null once it succeeds again. */
export interface SyncDirectionError {
  readonly code: SyncErrorCode;
  readonly message: string;
}

export interface SyncClientState {
  /** The server answered the last request (or the event channel is open); pushes that land keep it true while pulls fail. */
  readonly online: boolean;
  /** When a push or pull last completed without error (ISO). */
  readonly lastSyncAt: string | null;
  readonly pending: number;
  readonly oldestPendingAt: string | null;
  /** What went wrong last, for people; null once a round succeeds. */
  readonly lastError: string | null;
  readonly lastErrorCode: SyncErrorCode | null;
  readonly pushError: SyncDirectionError | null;
  readonly pullError: SyncDirectionError | null;
  /** Which direction's last attempt failed: 'both', one of them, or null when neither. */
  readonly failing: 'push' | 'pull' | 'both' | null;
}

type Status = Omit<SyncClientState, 'pending' | 'oldestPendingAt' | 'failing'>;

export interface SyncStatus {
  state(): SyncClientState;
  /** The status without counting the outbox: cheap enough to read on every push. */
  peek(): Readonly<Status>;
  update(patch: Partial<Status>): void;
  subscribe(listener: (state: SyncClientState) => void): () => void;
}

export function createSyncStatus(store: SyncClientStore, clock: { now(): Date }): SyncStatus {
  const listeners = new Set<(state: SyncClientState) => void>();
  const seenPending = new Map<number, string>();
  let status: Status = { online: false, lastSyncAt: null, lastError: null, lastErrorCode: null, pushError: null, pullError: null };

  function pendingState(): { pending: number; oldestPendingAt: string | null } {
    if (store.pendingStats) return store.pendingStats();
    // Without stats from the database, the age is when this client first saw the oldest op.
    const ops = store.pendingOps(10_000);
    const current = new Set(ops.map((op) => op.seq));
    for (const seq of seenPending.keys()) if (!current.has(seq)) seenPending.delete(seq);
    for (const op of ops) if (!seenPending.has(op.seq)) seenPending.set(op.seq, clock.now().toISOString());
    const first = ops[0];
    return { pending: ops.length, oldestPendingAt: first ? (seenPending.get(first.seq) ?? null) : null };
  }

  function state(): SyncClientState {
    const { pushError, pullError } = status;
    const failing = pushError && pullError ? 'both' : pushError ? 'push' : pullError ? 'pull' : null;
    return { ...status, failing, ...pendingState() };
  }

  return {
    state,
    peek: () => status,
    update(patch) {
      status = { ...status, ...patch };
      if (listeners.size === 0) return;
      const snapshot = state();
      for (const listener of listeners) listener(snapshot);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
