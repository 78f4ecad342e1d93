import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTillDatabase, schemaVersion } from './database';
import { migrations } from './migrations';

describe('the till database', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-db-'));
    dirs.push(dir);
    return join(dir, 'till.db');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('opens in WAL mode with full sync and foreign keys, at the current schema version', () => {
    const store = openTillDatabase(tempFile());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    store.close();
  });

  it('commits a re-fetchable write without waiting for the disk, then is back to full sync, even when the work throws', () => {
    const store = openTillDatabase(tempFile());
    const seen = store.writeWithoutSync(() => {
      store.db.prepare("INSERT INTO meta (key, value) VALUES ('page', '1')").run();
      return store.db.pragma('synchronous', { simple: true });
    });
    expect(seen).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() =>
      store.writeWithoutSync(() => {
        store.db.prepare("INSERT INTO meta (key, value) VALUES ('page-2', '2')").run();
        throw new Error('bad page');
      }),
    ).toThrow('bad page');
    // The failed page rolled back whole; the committed one stayed; sales commit with full sync again.
    expect(store.db.prepare("SELECT key, value FROM meta WHERE key LIKE 'page%'").all()).toEqual([{ key: 'page', value: '1' }]);
    expect(store.write(() => store.db.pragma('synchronous', { simple: true }))).toBe(2);
    store.close();
  });

  it('reopens an existing database without migrating again', () => {
    const path = tempFile();
    const first = openTillDatabase(path);
    first.db.prepare("INSERT INTO meta (key, value) VALUES ('x', 'kept')").run();
    first.close();
    const second = openTillDatabase(path);
    expect(second.db.prepare("SELECT value FROM meta WHERE key = 'x'").get()).toEqual({ value: 'kept' });
    second.close();
  });

  it('refuses a database written by a newer Cassa, and leaves it untouched', () => {
    const path = tempFile();
    const raw = new Database(path);
    raw.pragma(`user_version = ${schemaVersion + 5}`);
    raw.close();
    expect(() => openTillDatabase(path)).toThrow(/newer than this Cassa/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion + 5);
    check.close();
  });

  it('upgrades a version-3 file: its stock movements stay, the variant index no till query reads goes', () => {
    const path = tempFile();
    const before = migrations.findIndex((m) => m.name === '005-drop-unread-stock-movements-index');
    const raw = new Database(path);
    raw.function('cassa_barcode_key', { deterministic: true }, (code: unknown) => String(code));
    for (const migration of migrations.slice(0, before)) raw.exec(migration.sql);
    raw.pragma(`user_version = ${before}`);
    raw.exec("INSERT INTO stock_movements VALUES ('m1', 'v1', -1000, 'sale', 's1', 'u1', '2026-12-01T10:00:00.000Z')");
    const variantIndex = "SELECT name FROM sqlite_master WHERE name = 'stock_movements_variant'";
    expect(raw.prepare(variantIndex).all()).toHaveLength(1);
    raw.close();
    const store = openTillDatabase(path);
    expect(store.db.prepare('SELECT id, delta_milli FROM stock_movements').all()).toEqual([{ id: 'm1', delta_milli: -1000 }]);
    expect(store.db.prepare(variantIndex).all()).toEqual([]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    store.close();
  });

  it('keeps the audit log append-only', () => {
    const store = openTillDatabase(tempFile());
    store.db
      .prepare("INSERT INTO audit_log (sequence, id, at, action, details, previous_hash, hash) VALUES (1, 'a', 't', 'x', '{}', 'p', 'h')")
      .run();
    expect(() => store.db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    store.close();
  });
});
