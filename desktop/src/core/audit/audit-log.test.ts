import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { auditHashInput } from '@cassa/shared';
import type { AuditRecord } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { auditChainHead, compareAuditChainWithHeadOffice, verifyAuditChain } from './audit-log';

describe('the audit log', () => {
  let till: TestTill;
  beforeEach(async () => {
    till = createTestTill();
    const token = await till.login('user-giulia', '1111');
    // Wrong PINs are counted, and the lockout they cause is audited once.
    for (let i = 0; i < 5; i++) await till.raw('session.login', { userId: 'user-giulia', pin: '0000' });
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, token);
    // Voiding a line needs a manager's approval (the shop's default policy).
    await till.call('sale.voidLine', { lineId: ticket.lines[0]!.lineId, override: { userId: 'user-marco', pin: '2222' } }, token);
    await till.call('drawer.open', { reason: 'Cambio monete' }, token);
  });
  afterEach(() => till.dispose());

  const deviceId = () => till.core.services.context.deviceId;
  const entries = () => till.core.store.db.prepare('SELECT sequence, action, user_id FROM audit_log ORDER BY sequence').all();

  it('records who did what, each entry chained to the one before', () => {
    expect(entries()).toEqual([
      { sequence: 1, action: 'login.lockedOut', user_id: 'user-giulia' },
      { sequence: 2, action: 'sale.voidLine', user_id: 'user-giulia' },
      { sequence: 3, action: 'drawer.open', user_id: 'user-giulia' },
    ]);
    expect(verifyAuditChain(till.core.store.db, deviceId())).toEqual({ ok: true, entries: 3 });
  });

  it('detects an entry edited behind the triggers', () => {
    const db = till.core.store.db;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET details = '{}' WHERE sequence = 2").run();
    expect(verifyAuditChain(db, deviceId())).toEqual({ ok: false, entries: 2, brokenAt: 2, reason: 'entry 2 was altered' });
  });

  it('detects a deleted entry', () => {
    const db = till.core.store.db;
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE sequence = 2').run();
    expect(verifyAuditChain(db, deviceId())).toMatchObject({ ok: false, brokenAt: 2, reason: 'entry 2 is missing' });
  });

  it('is checked by the verify command, which fails on a tampered file', async () => {
    const repo = join(__dirname, '..', '..', '..', '..');
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/verify-audit.ts'), till.dir], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    till.core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(run()).toContain('Audit log intact: 3 entries.');
    till.core.store.db.exec('DROP TRIGGER audit_log_no_update');
    till.core.store.db.prepare("UPDATE audit_log SET user_id = 'someone-else' WHERE sequence = 3").run();
    till.core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(run).toThrow(/broken at entry 3: entry 3 was altered/);
  });

  /** Rewrites entries from `from` on with new details and recomputes every hash: the till's own check still passes. */
  function rewriteFrom(from: number): void {
    const db = till.core.store.db;
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    const rows = db.prepare('SELECT * FROM audit_log WHERE sequence >= ? ORDER BY sequence').all(from) as {
      sequence: number; id: string; at: string; user_id: string | null; role: null; action: string; details: string; previous_hash: string;
    }[];
    let previous = (db.prepare('SELECT hash FROM audit_log WHERE sequence = ?').get(from - 1) as { hash: string }).hash;
    for (const row of rows) {
      const details = row.sequence === from ? '{"forged":true}' : row.details;
      const hash = createHash('sha256')
        .update(auditHashInput(deviceId(), { sequence: row.sequence, id: row.id, at: row.at, userId: row.user_id, role: row.role, action: row.action, details, previousHash: previous }))
        .digest('hex');
      db.prepare('UPDATE audit_log SET details = ?, previous_hash = ?, hash = ? WHERE sequence = ?').run(details, previous, hash, row.sequence);
      previous = hash;
    }
  }

  it('sends entries whose hash head office can recompute from the pushed record alone', () => {
    const rows = till.core.store.db.prepare("SELECT payload FROM outbox WHERE type = 'audit' ORDER BY seq").all() as { payload: string }[];
    expect(rows.length).toBe(3);
    for (const { payload } of rows) {
      const parsed = JSON.parse(payload) as { record?: AuditRecord } & AuditRecord;
      const record = parsed.record ?? parsed;
      // What the sync server does (sync-server/src/audit-chain.ts), with only the record in hand.
      const recomputed = createHash('sha256').update(auditHashInput(deviceId(), { ...record, details: JSON.stringify(record.details) })).digest('hex');
      expect(recomputed).toBe(record.hash);
    }
  });

  it("a rewrite with recomputed hashes passes the till's own check but not the comparison with head office's head", () => {
    const db = till.core.store.db;
    const headOffice = auditChainHead(db)!;
    expect(headOffice.sequence).toBe(3);
    expect(compareAuditChainWithHeadOffice(db, headOffice)).toEqual({ ok: true });
    rewriteFrom(2);
    expect(verifyAuditChain(db, deviceId())).toEqual({ ok: true, entries: 3 });
    expect(compareAuditChainWithHeadOffice(db, headOffice)).toMatchObject({ ok: false, reason: expect.stringMatching(/rewritten/) });
  });

  it('a cut tail passes the till\'s own check but not the comparison, also through the verify command', () => {
    const db = till.core.store.db;
    const headOffice = auditChainHead(db)!;
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE sequence = 3').run();
    expect(verifyAuditChain(db, deviceId())).toEqual({ ok: true, entries: 2 });
    expect(compareAuditChainWithHeadOffice(db, headOffice)).toMatchObject({ ok: false, reason: expect.stringMatching(/cut/) });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const repo = join(__dirname, '..', '..', '..', '..');
    const run = (...extra: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/verify-audit.ts'), till.dir, ...extra], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    const second = auditChainHead(db)!;
    expect(run()).toContain(`Head: entry 2, hash ${second.hash}`);
    expect(run('--head-office', `2:${second.hash}`)).toContain('Matches head office up to entry 2.');
    expect(() => run('--head-office', `3:${headOffice.hash}`)).toThrow(/Does not match head office: entry 3, which head office received, is no longer here/);
  });
});
