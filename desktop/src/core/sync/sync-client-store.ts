/**
 * @module
 * What the sync client needs of the till's database. The till core implements it over its
 * SQLite store; tests use an in-memory one.
 */
import type { SyncChange, SyncStream, TillRecord } from '@cassa/shared';

export interface PendingOp {
  readonly seq: number;
  readonly opId: string;
  readonly record: TillRecord;
}

export interface SyncClientStore {
  /**
   * Unacknowledged outbox ops, lowest seq first, at most `limit`, and at most about `maxBytes` of
   * record JSON (the first op always, however large).
   */
  pendingOps(limit: number, maxBytes?: number): PendingOp[];
  /** The server holds every op up to `upToSeq`: mark them sent (never before the server said so). */
  acknowledge(upToSeq: number): void;
  /** The highest seq marked acknowledged (0 when none): what the server told us it holds. */
  acknowledgedThrough(): number;
  /**
   * The server holds only the ops before `fromSeq` (restored from a backup, or it lost its last
   * commits): mark every op from `fromSeq` unacknowledged again, so it is pushed (and exported)
   * again. Returns the lowest seq now pending, or null; one above `fromSeq` means the ops in
   * between were pruned and the server can no longer get them from this till.
   */
  markUnsentFrom(fromSeq: number): number | null;
  /** The cursor saved with the last applied page of `stream`, or null before the first pull. */
  cursor(stream: SyncStream): string | null;
  /**
   * Applies a page (upserts, and deletions where `data` is null) and saves `nextCursor` in ONE
   * transaction: a cursor saved without its rows would lose them for good.
   */
  applyPullPage(stream: SyncStream, changes: readonly SyncChange[], nextCursor: string): void;
  /**
   * The server cannot continue from the saved cursor: forget it (and the stream's rows, in one
   * transaction) so the next pull reloads the stream from a snapshot.
   */
  resetStream(stream: SyncStream): void;
  /** Optional: outbox size and age from the database, for the state the till shows. */
  pendingStats?(): { pending: number; oldestPendingAt: string | null };
}
