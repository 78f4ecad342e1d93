/**
 * @module
 * The local outbox: every till-made record leaves through here, written in the same transaction
 * as the record itself, numbered 1, 2, 3… without gaps (the push protocol refuses skips).
 * Rows are only ever marked acknowledged, never deleted before the server confirmed them.
 *
 * Acknowledged rows stay for a while: a head office restored from a backup (or one that lost its
 * last commits) asks for them again, and the till marks them unsent and pushes them again
 * (`markUnsentFrom`). `prune` drops only rows that are acknowledged AND were acknowledged more
 * than the retention window ago AND are not among the newest `keepLast` ops, so neither a clock
 * years ahead nor a long idle spell empties the outbox; the newest row always stays, since the
 * next seq is counted from it. A backup older than what the till still keeps cannot be refilled
 * from this till: the sync client then reports SYNC_SERVER_MISSING_RECORDS.
 */
import type { TillRecord } from '@cassa/shared';
import type { Clock, IdFactory } from '../clock';
import type { Db } from '../store/database';
import { cachedStatement, insertRows } from '../store/statement-cache';

/** How long acknowledged ops are kept: longer than head office keeps its backups. */
export const OUTBOX_RETENTION_DAYS = 90;
/** The newest ops kept whatever their age (about a month of a busy register). */
export const OUTBOX_KEEP_LAST = 20_000;

export interface OutboxOp {
  readonly seq: number;
  readonly opId: string;
  readonly record: TillRecord;
}

export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdFactory,
  ) {}

  /** Call inside the writing transaction. */
  enqueue(record: TillRecord): number {
    return this.enqueueAll([record])[0]!;
  }

  /**
   * Call inside the writing transaction. Queues `records` in order under the next seqs (one
   * lookup of the last seq, multi-row inserts); returns their seqs.
   */
  enqueueAll(records: readonly TillRecord[]): number[] {
    const last = cachedStatement(this.db, 'SELECT max(seq) AS seq FROM outbox').get() as { seq: number | null };
    const first = (last.seq ?? 0) + 1;
    const createdAt = this.clock.now().toISOString();
    insertRows(
      this.db,
      'outbox (seq, op_id, type, payload, created_at)',
      records.map((record, i) => [first + i, this.newId(), record.type, JSON.stringify(record), createdAt]),
    );
    return records.map((_, i) => first + i);
  }

  /** The first unsent ops, at most `limit` and, past the first, at most `maxBytes` of payload. */
  pending(limit: number, maxBytes = Number.POSITIVE_INFINITY): OutboxOp[] {
    const rows = cachedStatement(this.db, 'SELECT seq, op_id, payload FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT ?')
      .iterate(limit) as IterableIterator<{ seq: number; op_id: string; payload: string }>;
    const ops: OutboxOp[] = [];
    let bytes = 0;
    for (const row of rows) {
      bytes += row.payload.length;
      if (ops.length > 0 && bytes > maxBytes) {
        rows.return?.();
        break;
      }
      ops.push({ seq: row.seq, opId: row.op_id, record: JSON.parse(row.payload) as TillRecord });
    }
    return ops;
  }

  acknowledge(upToSeq: number): void {
    cachedStatement(this.db, 'UPDATE outbox SET acknowledged_at = ? WHERE seq <= ? AND acknowledged_at IS NULL')
      .run(this.clock.now().toISOString(), upToSeq);
  }

  /** The highest seq marked acknowledged, 0 when none. */
  acknowledgedThrough(): number {
    // Acknowledged ops are always a prefix (acknowledge marks up to a seq, markUnsentFrom clears a
    // suffix, prune drops a prefix): look just below the first unsent op instead of walking back
    // over a backlog of unsent ones.
    const row = cachedStatement(
      this.db,
      `SELECT max(seq) AS seq FROM outbox
        WHERE seq < coalesce((SELECT min(seq) FROM outbox WHERE acknowledged_at IS NULL), 9007199254740991)
          AND acknowledged_at IS NOT NULL`,
    ).get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /** Call inside a write transaction. Marks every op from `fromSeq` unsent; returns how many were acknowledged. */
  markUnsentFrom(fromSeq: number): number {
    return cachedStatement(this.db, 'UPDATE outbox SET acknowledged_at = NULL WHERE seq >= ? AND acknowledged_at IS NOT NULL').run(fromSeq).changes;
  }

  /** The lowest seq not yet acknowledged, or null. */
  firstPendingSeq(): number | null {
    const row = cachedStatement(this.db, 'SELECT seq FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT 1').get() as { seq: number } | undefined;
    return row?.seq ?? null;
  }

  /** Call inside a write transaction. Drops acknowledged rows the retention rule (above) lets go; returns how many. */
  prune(retentionDays = OUTBOX_RETENTION_DAYS, keepLast = OUTBOX_KEEP_LAST): number {
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000).toISOString();
    return cachedStatement(this.db,
        `DELETE FROM outbox
          WHERE acknowledged_at IS NOT NULL AND acknowledged_at < ?
            AND seq <= (SELECT max(seq) FROM outbox) - ?`,
      )
      .run(cutoff, Math.max(1, keepLast)).changes;
  }

  stats(): { pending: number; oldestPendingAt: string | null } {
    // The count reads only the pending index; the oldest is the first op in outbox order (the one
    // that has waited longest), found without visiting every pending row.
    const row = cachedStatement(
      this.db,
      `SELECT (SELECT count(*) FROM outbox WHERE acknowledged_at IS NULL) AS pending,
              (SELECT created_at FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT 1) AS oldest`,
    )
      .get() as { pending: number; oldest: string | null };
    return { pending: row.pending, oldestPendingAt: row.oldest };
  }
}
