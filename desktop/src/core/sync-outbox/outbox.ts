/**
 * @module
 * The local outbox: every till-made record leaves through here, written in the same transaction
 * as the record itself, numbered 1, 2, 3… without gaps (the push protocol refuses skips).
 * Rows are only ever marked acknowledged, never deleted before the server confirmed them.
 */
import type { TillRecord } from '@cassa/shared';
import type { Clock, IdFactory } from '../clock';
import type { Db } from '../store/database';

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
    const last = this.db.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number | null };
    const seq = (last.seq ?? 0) + 1;
    this.db
      .prepare('INSERT INTO outbox (seq, op_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(seq, this.newId(), record.type, JSON.stringify(record), this.clock.now().toISOString());
    return seq;
  }

  pending(limit: number): OutboxOp[] {
    const rows = this.db
      .prepare('SELECT seq, op_id, payload FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq LIMIT ?')
      .all(limit) as { seq: number; op_id: string; payload: string }[];
    return rows.map((row) => ({ seq: row.seq, opId: row.op_id, record: JSON.parse(row.payload) as TillRecord }));
  }

  acknowledge(upToSeq: number): void {
    this.db
      .prepare('UPDATE outbox SET acknowledged_at = ? WHERE seq <= ? AND acknowledged_at IS NULL')
      .run(this.clock.now().toISOString(), upToSeq);
  }

  stats(): { pending: number; oldestPendingAt: string | null } {
    const row = this.db
      .prepare('SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE acknowledged_at IS NULL')
      .get() as { pending: number; oldest: string | null };
    return { pending: row.pending, oldestPendingAt: row.oldest };
  }
}
