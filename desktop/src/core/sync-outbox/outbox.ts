/**
 * @module
 * The local outbox: every till-made record leaves through here, written in the same transaction
 * as the record itself, numbered 1, 2, 3… without gaps (the push protocol refuses skips).
 * Rows are never deleted before the server confirmed them; what it confirmed is a prefix, kept as
 * marks in `outbox_acks` (up to which seq, and when).
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
import { utf8ByteLength } from '../portable/bytes';

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

  /**
   * The acknowledged prefix: every op up to this seq is held by the server (0 when none). Acks
   * always cover a prefix (the server's high-water mark), so one number per acknowledgement says
   * it; marking each row instead rewrote every acknowledged op's page, 2 MB per 2,000-op push.
   */
  private mark(): number {
    return (cachedStatement(this.db, 'SELECT coalesce(max(up_to_seq), 0) AS seq FROM outbox_acks').get() as { seq: number }).seq;
  }

  private lastSeq(): number {
    return (cachedStatement(this.db, 'SELECT coalesce(max(seq), 0) AS seq FROM outbox').get() as { seq: number }).seq;
  }

  /** The first unsent ops, at most `limit` and, past the first, at most `maxBytes` of payload (UTF-8). */
  pending(limit: number, maxBytes = Number.POSITIVE_INFINITY): OutboxOp[] {
    const rows = cachedStatement(this.db, 'SELECT seq, op_id, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?').iterate(this.mark(), limit) as IterableIterator<{
      seq: number;
      op_id: string;
      payload: string;
    }>;
    const ops: OutboxOp[] = [];
    let bytes = 0;
    for (const row of rows) {
      // UTF-8 bytes, as they travel: an accented description counts twice.
      bytes += utf8ByteLength(row.payload);
      if (ops.length > 0 && bytes > maxBytes) {
        rows.return?.();
        break;
      }
      ops.push({ seq: row.seq, opId: row.op_id, record: JSON.parse(row.payload) as TillRecord });
    }
    return ops;
  }

  /** The server holds every op up to `upToSeq` (never past the last op this till made). */
  acknowledge(upToSeq: number): void {
    const upTo = Math.min(upToSeq, this.lastSeq());
    if (upTo <= this.mark()) return;
    cachedStatement(this.db, 'INSERT INTO outbox_acks (up_to_seq, acknowledged_at) VALUES (?, ?)').run(upTo, this.clock.now().toISOString());
  }

  /** The highest seq acknowledged, 0 when none: what the server told this till it holds. */
  acknowledgedThrough(): number {
    return this.mark();
  }

  /** Call inside a write transaction. Marks every op from `fromSeq` unsent; returns how many were acknowledged. */
  markUnsentFrom(fromSeq: number): number {
    const mark = this.mark();
    if (fromSeq > mark) return 0;
    const resent = (cachedStatement(this.db, 'SELECT count(*) AS n FROM outbox WHERE seq >= ? AND seq <= ?').get(fromSeq, mark) as { n: number }).n;
    // The ops below fromSeq stay acknowledged, as of the earliest acknowledgement that covered them.
    const covering = cachedStatement(this.db, 'SELECT acknowledged_at AS at FROM outbox_acks WHERE up_to_seq >= ? ORDER BY up_to_seq LIMIT 1').get(fromSeq) as { at: string };
    cachedStatement(this.db, 'DELETE FROM outbox_acks WHERE up_to_seq >= ?').run(fromSeq);
    if (fromSeq - 1 > this.mark()) cachedStatement(this.db, 'INSERT INTO outbox_acks (up_to_seq, acknowledged_at) VALUES (?, ?)').run(fromSeq - 1, covering.at);
    return resent;
  }

  /** The lowest seq not yet acknowledged, or null. */
  firstPendingSeq(): number | null {
    const row = cachedStatement(this.db, 'SELECT min(seq) AS seq FROM outbox WHERE seq > ?').get(this.mark()) as { seq: number | null };
    return row.seq;
  }

  /** Call inside a write transaction. Drops acknowledged rows the retention rule (above) lets go; returns how many. */
  prune(retentionDays = OUTBOX_RETENTION_DAYS, keepLast = OUTBOX_KEEP_LAST): number {
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000).toISOString();
    // Ops up to the highest mark below the first one made after the cutoff were all acknowledged
    // before it (a clock set back cannot make a younger ack look old).
    const old = cachedStatement(
      this.db,
      `SELECT coalesce(max(up_to_seq), 0) AS seq FROM outbox_acks
        WHERE up_to_seq < coalesce((SELECT min(up_to_seq) FROM outbox_acks WHERE acknowledged_at >= ?), 9007199254740991)`,
    ).get(cutoff) as { seq: number };
    const upTo = Math.min(old.seq, this.lastSeq() - Math.max(1, keepLast));
    if (upTo <= 0) return 0;
    // Marks below the newest old one say nothing the newest does not.
    cachedStatement(this.db, 'DELETE FROM outbox_acks WHERE up_to_seq < ?').run(old.seq);
    return cachedStatement(this.db, 'DELETE FROM outbox WHERE seq <= ?').run(upTo).changes;
  }

  stats(): { pending: number; oldestPendingAt: string | null } {
    // Seqs are gapless and only acknowledged ops are ever pruned: the backlog is a subtraction,
    // and the op that has waited longest is the one just after the mark.
    const mark = this.mark();
    const pending = Math.max(0, this.lastSeq() - mark);
    const oldest = pending === 0 ? undefined : (cachedStatement(this.db, 'SELECT created_at AS at FROM outbox WHERE seq = ?').get(mark + 1) as { at: string } | undefined);
    return { pending, oldestPendingAt: oldest?.at ?? null };
  }
}
