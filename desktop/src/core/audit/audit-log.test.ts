import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { verifyAuditChain } from './audit-log';

describe('the audit log', () => {
  let till: TestTill;
  beforeEach(async () => {
    till = createTestTill();
    const token = await till.login('user-giulia', '1111');
    await till.raw('session.login', { userId: 'user-giulia', pin: '0000' });
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
      { sequence: 1, action: 'login.failed', user_id: 'user-giulia' },
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
});
