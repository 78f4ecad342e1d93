import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../sync-outbox/outbox';
import { openTillDatabase } from './database';
import { migrations } from './migrations';

const before = migrations.findIndex((m) => m.name === '004-outbox-acknowledged-prefix');

describe('migration 004-outbox-acknowledged-prefix on an upgraded till', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A till from before the marks: ops 1–3 acknowledged on day 1, 4–5 on day 2, 6–8 unsent. */
  function oldDatabase(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-outbox-acks-'));
    dirs.push(dir);
    const path = join(dir, 'till.db');
    const raw = new Database(path);
    // No barcodes here: migration 003's key function only has to exist.
    raw.function('cassa_barcode_key', { deterministic: true }, (code: unknown) => String(code));
    for (const migration of migrations.slice(0, before)) raw.exec(migration.sql);
    raw.pragma(`user_version = ${before}`);
    const insert = raw.prepare('INSERT INTO outbox (seq, op_id, type, payload, created_at, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (let seq = 1; seq <= 8; seq++) {
      const record = { type: 'customer', record: { id: `c${seq}`, name: `c${seq}`, phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-11-26T10:00:00+01:00' } };
      const acknowledgedAt = seq <= 3 ? '2026-08-01T10:00:00.000Z' : seq <= 5 ? '2026-08-02T10:00:00.000Z' : null;
      insert.run(seq, `op-${seq}`, 'customer', JSON.stringify(record), `2026-07-3${seq % 2}T10:00:00.000Z`, acknowledgedAt);
    }
    raw.close();
    return path;
  }

  it('keeps what was acknowledged and when, so the backlog, its age and the retention are unchanged', () => {
    const store = openTillDatabase(oldDatabase());
    try {
      expect(store.db.prepare('SELECT up_to_seq AS seq, acknowledged_at AS at FROM outbox_acks ORDER BY up_to_seq').all()).toEqual([
        { seq: 3, at: '2026-08-01T10:00:00.000Z' },
        { seq: 5, at: '2026-08-02T10:00:00.000Z' },
      ]);
      const columns = (store.db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('acknowledged_at');
      // 90 days after 1 August but before 90 days after 2 August: only ops 1–3 may go.
      const clock = { now: () => new Date('2026-10-31T00:00:00.000Z') };
      const outbox = new Outbox(store.db, clock, () => 'id');
      expect(outbox.acknowledgedThrough()).toBe(5);
      expect(outbox.pending(10).map((op) => op.seq)).toEqual([6, 7, 8]);
      expect(outbox.stats()).toEqual({ pending: 3, oldestPendingAt: '2026-07-30T10:00:00.000Z' });
      expect(store.db.transaction(() => outbox.prune(90, 1))()).toBe(3);
      expect(outbox.firstPendingSeq()).toBe(6);
      expect(store.db.transaction(() => outbox.markUnsentFrom(5))()).toBe(1);
      expect(outbox.pending(10).map((op) => op.seq)).toEqual([5, 6, 7, 8]);
    } finally {
      store.close();
    }
  });
});
