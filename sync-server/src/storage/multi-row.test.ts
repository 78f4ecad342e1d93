import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engines } from '../../test/fixtures';
import { insertMany } from './multi-row';
import type { MultiRowTable } from './multi-row';
import { openDatabase } from './open-storage';
import type { SqlValue } from './sql-database';

const TABLE = `CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, n BIGINT NOT NULL, h INTEGER NOT NULL, t TEXT)`;
const upsert: MultiRowTable = {
  table: 'kv',
  columns: ['k', 'n', 'h', 't'],
  types: ['text', 'bigint', 'integer', 'text'],
  suffix: ' ON CONFLICT (k) DO UPDATE SET n = kv.n + excluded.n, t = excluded.t RETURNING k, n',
};

// Texts an array literal must escape: quotes, backslashes, commas, braces, the word NULL, spaces, accents, emoji.
const awkward = fc.oneof(
  fc.constantFrom('', 'NULL', 'null', '"', '\\', '{a,b}', ' lead', 'trail ', 'a,b', "it's", 'Caffè ☕', '\\"}'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

describe.each(engines)('insertMany on $name', (engine) => {
  it('stores every row as given, in order, texts and NULLs intact, with what RETURNING gives back in order', async () => {
    const database = await engine.database();
    const db = openDatabase({ ...database.options });
    try {
      await db.exec(TABLE);
      // More rows than one SQLite statement holds, so the slicing is exercised too.
      const rows: SqlValue[][] = Array.from({ length: 950 }, (_, i) => [`key-${String(i).padStart(4, '0')}`, 2 ** 40 + i, i % 24, i % 7 === 0 ? null : `text ${i}`]);
      const back = await db.transaction((tx) => insertMany<{ k: string; n: unknown }>(tx, upsert, rows));
      expect(back.map((r) => r.k)).toEqual(rows.map((r) => r[0]));
      const stored = await db.query<{ k: string; n: unknown; h: unknown; t: string | null }>('SELECT k, n, h, t FROM kv ORDER BY k');
      expect(stored.map((r) => [r.k, Number(r.n), Number(r.h), r.t])).toEqual(rows);
      // Upserting again adds, and the newest text wins.
      await db.transaction((tx) => insertMany(tx, upsert, [['key-0001', 5, 0, 'newer']]));
      const [row] = await db.query<{ n: unknown; t: string }>('SELECT n, t FROM kv WHERE k = ?', ['key-0001']);
      expect([Number(row?.n), row?.t]).toEqual([2 ** 40 + 1 + 5, 'newer']);
    } finally {
      await db.close();
      await database.cleanup();
    }
  });

  it('keeps any text exactly as given', async () => {
    const database = await engine.database();
    const db = openDatabase({ ...database.options });
    try {
      await db.exec(TABLE);
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(awkward, { nil: null }), { minLength: 1, maxLength: 20 }), async (texts) => {
          round++;
          const rows = texts.map((t, i): SqlValue[] => [`r${round}-${i}`, i, 0, t]);
          await db.transaction((tx) => insertMany(tx, upsert, rows));
          const stored = await db.query<{ t: string | null }>('SELECT t FROM kv WHERE k LIKE ? ORDER BY n', [`r${round}-%`]);
          expect(stored.map((r) => r.t)).toEqual(texts);
        }),
        { numRuns: 60 },
      );
    } finally {
      await db.close();
      await database.cleanup();
    }
  });
});
