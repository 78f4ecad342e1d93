import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { hashPin, verifyPin } from './pin-hash';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('PINs at rest', () => {
  const tills: TestTill[] = [];
  const dirs: string[] = [];
  const track = (till: TestTill) => (tills.push(till), till);
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-pins-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const till of tills.splice(0)) await till.dispose();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const storedHashes = (till: TestTill) => (till.core.store.db.prepare('SELECT pin_hash FROM users').all() as { pin_hash: string }[]).map((r) => r.pin_hash);

  it('stores no hash a copied database could be guessed against', async () => {
    const till = track(createTestTill());
    expect(storedHashes(till).length).toBeGreaterThan(0);
    for (const stored of storedHashes(till)) {
      expect(stored).toMatch(/^sealed1\$/);
      // Even knowing the PIN, the stored value cannot be checked without the key.
      expect(verifyPin('1111', stored)).toBe(false);
    }
    const admin = await till.login('user-admin', '9999');
    await till.call('users.save', { name: 'Nuova', role: 'cashier', pin: '482913', active: true }, admin);
    expect(storedHashes(till).every((h) => h.startsWith('sealed1$'))).toBe(true);
  });

  it('refuses every PIN when the database is copied to a till with another key', async () => {
    const original = track(createTestTill());
    original.core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const thief = tempDir();
    copyFileSync(join(original.dir, 'till.db'), join(thief, 'till.db'));
    const copy = track(createTestTill({ dir: thief, demo: false, pinKey: Buffer.alloc(32, 9) }));
    expect(await copy.raw('session.login', { userId: 'user-giulia', pin: '1111' })).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    expect(await original.raw('session.login', { userId: 'user-giulia', pin: '1111' })).toMatchObject({ ok: true });
  });

  it('seals the hashes of an older till at start, and its PINs keep working', async () => {
    const dir = tempDir();
    const before = createTestTill({ dir, pinKey: null });
    expect(storedHashes(before).every((h) => h.startsWith('scrypt$'))).toBe(true);
    await before.dispose();
    const after = track(createTestTill({ dir, demo: false }));
    expect(storedHashes(after).every((h) => h.startsWith('sealed1$'))).toBe(true);
    expect(await after.login('user-giulia', '1111')).toEqual(expect.any(String));
  });

  it('seals a hash head office sends, and gives head office back the plain scrypt hash', () => {
    const till = track(createTestTill());
    const fromHeadOffice = hashPin('246810', { N: 1024 });
    till.core.services.users.upsert({ id: 'user-ho', name: 'Da sede', role: 'cashier', pinHash: fromHeadOffice, active: true });
    const row = till.core.store.db.prepare("SELECT pin_hash FROM users WHERE id = 'user-ho'").get() as { pin_hash: string };
    expect(row.pin_hash).toMatch(/^sealed1\$/);
    const exported = till.core.services.users.exportAll().find((u) => u.id === 'user-ho');
    expect(exported?.pinHash).toBe(fromHeadOffice);
  });

  it('keeps sessions when head office re-sends a user with the same PIN, and ends them when the PIN changed', async () => {
    const till = track(createTestTill());
    const users = till.core.services.users;
    const giulia = users.exportAll().find((u) => u.id === 'user-giulia')!;
    const token = await till.login('user-giulia', '1111');
    const store = till.core.services.sync.store;
    store.applyPullPage('users', [{ entity: 'user', key: giulia.id, change: 1, data: giulia }], 'c1');
    expect(await till.raw('session.me', {}, token)).toMatchObject({ ok: true });
    store.applyPullPage('users', [{ entity: 'user', key: giulia.id, change: 2, data: { ...giulia, pinHash: hashPin('135790', { N: 1024 }) } }], 'c2');
    expect(await till.raw('session.me', {}, token)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    expect(await till.login('user-giulia', '135790')).toEqual(expect.any(String));
  });

  it('keeps the data folder 0700 and till.db with its WAL files 0600, whatever the umask', async () => {
    const parent = tempDir();
    const dir = join(parent, 'till-data');
    mkdirSync(dir, { mode: 0o755 });
    const previous = process.umask(0o022);
    try {
      const till = track(createTestTill({ dir }));
      await till.login('user-giulia', '1111');
      expect(modeOf(dir)).toBe(0o700);
      for (const file of ['till.db', 'till.db-wal', 'till.db-shm']) expect(modeOf(join(dir, file))).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});
