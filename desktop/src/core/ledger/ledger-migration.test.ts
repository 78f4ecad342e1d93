/**
 * Migration 008 on a till that already sold with vouchers and store credit: the old entries keep
 * their balances, gain a reason and an authorisation, and go up to head office once, at the first
 * start, as `ledger-entry` records (head office never had them).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntryRecord } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../store/migrations';
import { createTestTill } from '../testing/test-till';

const before = migrations.findIndex((m) => m.name === '008-chain-ledgers');

describe('migration 008-chain-ledgers on an upgraded till', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function oldTill(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-ledger-upgrade-'));
    dirs.push(dir);
    const raw = new Database(join(dir, 'till.db'));
    raw.function('cassa_barcode_key', { deterministic: true }, (code: unknown) => String(code));
    for (const migration of migrations.slice(0, before)) raw.exec(migration.sql);
    raw.pragma(`user_version = ${before}`);
    raw.prepare("INSERT INTO meta (key, value) VALUES ('device.id', 'dev-old'), ('store.id', 'local')").run();
    const entry = raw.prepare('INSERT INTO ledger_entries (id, kind, account, amount_cents, sale_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    entry.run('e1', 'voucher', 'V-OLD1-OLD1', 5_000, null, 'user-marco', '2026-10-01T10:00:00.000Z');
    entry.run('e2', 'voucher', 'V-OLD1-OLD1', -1_200, 'sale-1', 'user-giulia', '2026-10-02T10:00:00.000Z');
    entry.run('e3', 'store-credit', 'cust-anna', 800, 'sale-2', 'user-giulia', '2026-10-03T10:00:00.000Z');
    raw.close();
    return dir;
  }

  it('keeps every balance and queues the old entries once, in their order', async () => {
    const dir = oldTill();
    const till = createTestTill({ dir, demo: false });
    try {
      const { ledger, context } = till.core.services;
      expect(ledger.balance('voucher', 'V-OLD1-OLD1')).toBe(3_800);
      expect(ledger.balance('store-credit', 'cust-anna')).toBe(800);
      const queued = context.outbox.pending(100).flatMap((op) => (op.record.type === 'ledger-entry' ? [op.record.record as LedgerEntryRecord] : []));
      expect(queued.map((e) => [e.id, e.kind, e.amount, e.reason, e.authorisation, e.deviceId, e.customerId])).toEqual([
        ['e1', 'voucher', 5_000, 'issue', 'credit', 'dev-old', null],
        ['e2', 'voucher', -1_200, 'spend', 'offline', 'dev-old', null],
        ['e3', 'store-credit', 800, 'refund', 'credit', 'dev-old', 'cust-anna'],
      ]);
      // The allowance counts the old offline spend against the chain's default limit (50 €).
      expect(ledger.allowance('voucher', 'V-OLD1-OLD1')).toBe(3_800);
    } finally {
      await till.dispose();
    }
    // A second start queues nothing again.
    const again = createTestTill({ dir, demo: false });
    try {
      expect(again.core.services.context.outbox.pending(100).filter((op) => op.record.type === 'ledger-entry')).toHaveLength(3);
    } finally {
      await again.dispose();
    }
  });
});
