import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './sqlite-database';

describe('the server SQLite connection', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('syncs every commit to disk (synchronous=FULL), so an acknowledged push survives a power cut', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-sqlite-pragmas-'));
    dirs.push(dir);
    const db = openSqliteDatabase(join(dir, 'sync.sqlite'));
    try {
      const [journal] = await db.query<{ journal_mode: string }>('PRAGMA journal_mode');
      const [sync] = await db.query<{ synchronous: number }>('PRAGMA synchronous');
      expect(journal?.journal_mode).toBe('wal');
      // 2 = FULL (1 = NORMAL lost the last commits of WAL mode to a power cut).
      expect(sync?.synchronous).toBe(2);
    } finally {
      await db.close();
    }
  });
});
