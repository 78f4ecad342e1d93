import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTillDatabase } from '../store/database';
import { migrations } from '../store/migrations';
import { FiscalStore } from './fiscal-store';

const before = migrations.findIndex((m) => m.name === '007-fiscal-z-sending');

describe('migration 007-fiscal-z-sending on a till that already ran Zs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every stored Z as the device's own, and starts with no Z in flight", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-z-sending-'));
    dirs.push(dir);
    const path = join(dir, 'till.db');
    const raw = new Database(path);
    raw.function('cassa_barcode_key', { deterministic: true }, (code: unknown) => String(code));
    for (const migration of migrations.slice(0, before)) raw.exec(migration.sql);
    raw.pragma(`user_version = ${before}`);
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare(
        `INSERT INTO fiscal_closures (id, shift_id, kind, serial, z_number, daily_amount_cents, device_date, device_time, at)
         VALUES ('z1', 'shift-1', 'Z', '99MEY012345', 41, 123456, '2026-11-25', '20:00:00', '2026-11-25T19:00:00.000Z')`,
      )
      .run();
    raw.close();

    const store = openTillDatabase(path);
    try {
      const fiscal = new FiscalStore(store.db, () => '2026-11-26T09:00:00.000Z');
      expect(fiscal.zClosureOf('shift-1')).toMatchObject({ z_number: 41, daily_amount_cents: 123456, source: 'device' });
      expect(fiscal.lastZNumber('99MEY012345')).toBe(41);
      expect(fiscal.lastZNumber('99MEY054321')).toBeNull();
      expect(fiscal.zSendingOf('shift-1')).toBeNull();
      expect(() => store.db.prepare("UPDATE fiscal_closures SET source = 'guessed'").run()).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
