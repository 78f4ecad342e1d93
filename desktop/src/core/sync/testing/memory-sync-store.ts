/**
 * @module
 * The sync client's store held in memory, for the client's own tests: an outbox, cursors, and the
 * pulled rows per stream (keyed `entity:key`). The till's real store is TillSyncStore over SQLite.
 */
import type { SyncChange, SyncStream, TillRecord } from '@cassa/shared';
import type { PendingOp, SyncClientStore } from '../sync-client-store';

export class MemorySyncStore implements SyncClientStore {
  readonly outbox: PendingOp[] = [];
  acknowledged = 0;
  readonly cursors = new Map<SyncStream, string>();
  readonly rows = new Map<SyncStream, Map<string, SyncChange>>();
  readonly resets: SyncStream[] = [];

  /** Adds a record as the next op; op ids derive from record ids, so they are unique across tills. */
  add(record: TillRecord): void {
    const seq = (this.outbox.at(-1)?.seq ?? 0) + 1;
    this.outbox.push({ seq, opId: `${record.record.id}-op`, record });
  }
  pendingOps(limit: number, maxBytes = Number.POSITIVE_INFINITY): PendingOp[] {
    const ops: PendingOp[] = [];
    let bytes = 0;
    for (const op of this.outbox.filter((o) => o.seq > this.acknowledged).slice(0, limit)) {
      bytes += JSON.stringify(op.record).length;
      if (ops.length > 0 && bytes > maxBytes) break;
      ops.push(op);
    }
    return ops;
  }
  acknowledge(upToSeq: number): void {
    this.acknowledged = Math.max(this.acknowledged, upToSeq);
  }
  acknowledgedThrough(): number {
    return this.acknowledged;
  }
  markUnsentFrom(fromSeq: number): number | null {
    this.acknowledged = Math.min(this.acknowledged, fromSeq - 1);
    return this.outbox.find((op) => op.seq > this.acknowledged)?.seq ?? null;
  }
  /** Drops acknowledged ops up to `upToSeq`, as the till's retention rule does. */
  prune(upToSeq: number): void {
    const keep = this.outbox.filter((op) => op.seq > upToSeq || op.seq > this.acknowledged);
    this.outbox.splice(0, this.outbox.length, ...keep);
  }
  cursor(stream: SyncStream): string | null {
    return this.cursors.get(stream) ?? null;
  }
  applyPullPage(stream: SyncStream, changes: readonly SyncChange[], nextCursor: string): void {
    const rows = this.rows.get(stream) ?? new Map<string, SyncChange>();
    for (const change of changes) {
      if (change.data === null) rows.delete(`${change.entity}:${change.key}`);
      else rows.set(`${change.entity}:${change.key}`, change);
    }
    this.rows.set(stream, rows);
    this.cursors.set(stream, nextCursor);
  }
  resetStream(stream: SyncStream): void {
    this.resets.push(stream);
    this.rows.delete(stream);
    this.cursors.delete(stream);
  }
  keys(stream: SyncStream): string[] {
    return [...(this.rows.get(stream)?.keys() ?? [])].sort();
  }
  /** A pulled row by entity and key, e.g. row('catalogue', 'product', 'p1'). */
  row(stream: SyncStream, entity: string, key: string): SyncChange | undefined {
    return this.rows.get(stream)?.get(`${entity}:${key}`);
  }
}
