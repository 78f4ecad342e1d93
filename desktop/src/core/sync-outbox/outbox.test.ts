import type { OutboxExport, TillRecord } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTill } from '../testing/test-till';
import type { TestTill } from '../testing/test-till';
import { OUTBOX_KEEP_LAST, OUTBOX_RETENTION_DAYS } from './outbox';

const day = 86_400_000;
const manager = { userId: 'user-manager', role: 'manager' as const };

function customer(id: string): TillRecord {
  return { type: 'customer', record: { id, name: id, phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-11-26T10:00:00+01:00' } };
}

describe('the outbox keeps acknowledged ops for a head office restored from a backup', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill({ demo: false });
  });
  afterEach(() => till.dispose());

  const ctx = () => till.core.services.context;
  const seqs = () => (ctx().store.db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  function enqueue(ids: string[]): void {
    ctx().store.write(() => {
      for (const id of ids) ctx().outbox.enqueue(customer(id));
    });
  }
  const prune = (retentionDays?: number, keepLast?: number) => ctx().store.write(() => ctx().outbox.prune(retentionDays, keepLast));

  it('prunes only ops acknowledged longer ago than the retention and older than the newest ones kept', () => {
    enqueue(['a', 'b', 'c', 'd', 'e', 'f']);
    till.core.services.sync.store.acknowledge(4);
    expect(prune()).toBe(0);
    till.clock.advance((OUTBOX_RETENTION_DAYS - 1) * day);
    expect(prune(OUTBOX_RETENTION_DAYS, 1)).toBe(0);
    till.clock.advance(2 * day);
    // 1–4 are old enough; 5 and 6 were never acknowledged; keepLast 3 spares 4.
    expect(prune(OUTBOX_RETENTION_DAYS, 3)).toBe(3);
    expect(seqs()).toEqual([4, 5, 6]);
    expect(ctx().outbox.pending(10).map((op) => op.seq)).toEqual([5, 6]);
  });

  it('keeps the newest op so numbering goes on, and a clock 50 years ahead empties nothing recent', () => {
    enqueue(['a', 'b', 'c']);
    till.core.services.sync.store.acknowledge(3);
    till.clock.advance(50 * 365 * day);
    expect(prune()).toBe(0); // fewer than OUTBOX_KEEP_LAST ops
    expect(OUTBOX_KEEP_LAST).toBeGreaterThanOrEqual(10_000);
    expect(prune(OUTBOX_RETENTION_DAYS, 0)).toBe(2);
    expect(seqs()).toEqual([3]);
    enqueue(['d']);
    expect(seqs()).toEqual([3, 4]);
  });

  it('marks ops from the first one head office lacks unsent again, audits it, and exports them', () => {
    enqueue(['a', 'b', 'c', 'd', 'e']);
    const store = till.core.services.sync.store;
    store.acknowledge(5);
    expect(store.acknowledgedThrough()).toBe(5);
    expect(() => till.core.services.sync.exportUnsent(manager)).toThrow(/Nothing waits/);

    // The restored head office holds ops 1–2 only.
    expect(store.markUnsentFrom(3)).toBe(3);
    expect(store.acknowledgedThrough()).toBe(2);
    // 3–5 again, and 6: the audit entry of the rewind, which travels like every audit entry.
    expect(till.core.services.sync.state().pending).toBe(4);
    const file = JSON.parse(till.core.services.sync.exportUnsent(manager).content) as OutboxExport;
    expect(file.ops.map((op) => op.seq)).toEqual([3, 4, 5, 6]);
    expect(file.ops.slice(0, 3).map((op) => op.record.record.id)).toEqual(['c', 'd', 'e']);
    const audit = ctx().store.db.prepare("SELECT details FROM audit_log WHERE action = 'sync.serverBehind'").all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ fromSeq: 3, resent: 3, firstPending: 3 });
  });

  it('reports a gap it cannot fill: the lowest op it still holds is above the one head office expects', () => {
    enqueue(['a', 'b', 'c', 'd', 'e']);
    const store = till.core.services.sync.store;
    store.acknowledge(5);
    till.clock.advance((OUTBOX_RETENTION_DAYS + 1) * day);
    expect(prune(OUTBOX_RETENTION_DAYS, 2)).toBe(3);
    expect(store.markUnsentFrom(2)).toBe(4);
  });

  it('cuts a page by size but always sends the first op, however large', () => {
    enqueue(['a', 'b', 'c', 'd']);
    const big = customer('huge');
    (big.record as { name: string }).name = 'x'.repeat(10_000);
    ctx().store.write(() => ctx().outbox.enqueue(big));
    const store = till.core.services.sync.store;
    const one = JSON.stringify(customer('a')).length;
    expect(store.pendingOps(100, one * 2).map((op) => op.seq)).toEqual([1, 2]);
    expect(store.pendingOps(3, Number.POSITIVE_INFINITY).map((op) => op.seq)).toEqual([1, 2, 3]);
    store.acknowledge(4);
    // Larger than the cap on its own: still sent, alone, or the queue would stop for good.
    expect(store.pendingOps(100, one).map((op) => op.seq)).toEqual([5]);
    // The cap counts UTF-8 bytes as they travel: accented letters count twice.
    store.acknowledge(5);
    const accented = customer('accenti');
    (accented.record as { name: string }).name = 'è'.repeat(1_000);
    ctx().store.write(() => ctx().outbox.enqueueAll([accented, customer('f')]));
    const size = JSON.stringify(accented).length + JSON.stringify(customer('f')).length;
    // Counted in characters both would fit with 500 to spare; in bytes the 1,000 è do not.
    expect(store.pendingOps(100, size + 500).map((op) => op.seq)).toEqual([6]);
    expect(store.pendingOps(100, size + 1_000).map((op) => op.seq)).toEqual([6, 7]);
  });

  it('finds the acknowledged prefix, the backlog and its age without walking a long backlog', () => {
    enqueue(Array.from({ length: 50 }, (_, i) => `c${i}`));
    const store = till.core.services.sync.store;
    expect(store.acknowledgedThrough()).toBe(0);
    expect(till.core.services.sync.state().pending).toBe(50);
    store.acknowledge(30);
    expect(store.acknowledgedThrough()).toBe(30);
    expect(store.pendingStats?.()).toEqual({ pending: 20, oldestPendingAt: expect.any(String) as string });
    store.acknowledge(50);
    expect(store.acknowledgedThrough()).toBe(50);
    expect(store.pendingStats?.()).toEqual({ pending: 0, oldestPendingAt: null });
    // An acknowledgement writes one mark, not a timestamp on every op it covers.
    const marks = () => (ctx().store.db.prepare('SELECT up_to_seq AS seq FROM outbox_acks ORDER BY up_to_seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(marks()).toEqual([30, 50]);
    // A server mark past the last op this till made acknowledges no more than it made.
    enqueue(['late']);
    store.acknowledge(1_000);
    expect(store.acknowledgedThrough()).toBe(51);
  });

  it('never prunes ops acknowledged after the cutoff, even when a later acknowledgement carries an older time', () => {
    enqueue(['a', 'b', 'c', 'd', 'e', 'f']);
    const store = till.core.services.sync.store;
    store.acknowledge(2);
    till.clock.advance(-(OUTBOX_RETENTION_DAYS + 10) * day); // the clock is set back a long way
    store.acknowledge(4);
    till.clock.advance((OUTBOX_RETENTION_DAYS + 10) * day);
    till.clock.advance((OUTBOX_RETENTION_DAYS - 1) * day);
    // Ops 3–4 carry a time older than the cutoff but come after ops acknowledged since: none goes.
    expect(prune(OUTBOX_RETENTION_DAYS, 1)).toBe(0);
    till.clock.advance(2 * day);
    expect(prune(OUTBOX_RETENTION_DAYS, 1)).toBe(4);
    expect(seqs()).toEqual([5, 6]);
    expect(store.acknowledgedThrough()).toBe(4);
  });
});
