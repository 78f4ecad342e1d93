/**
 * Pull cursors after head office is restored from a backup (issue 12). The database epoch lives in
 * the database, so a restored copy keeps it; what tells a till's cursor apart is the server start
 * (boot) that issued it and the stream heads each later start found. Runs on SQLite (the online
 * backup file copied back) and PostgreSQL (CREATE DATABASE … TEMPLATE).
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { PullResponse } from '@cassa/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, inject, it } from 'vitest';
import { openStorage } from './storage/open-storage';
import { SERVER_BOOT_RETENTION_DAYS } from './storage/sql-storage';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import { product, seedTenant } from '../test/fixtures';
import type { Tenant } from '../test/fixtures';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

describe.each(['sqlite', 'postgres'] as const)('pull cursors after a restore from a backup on %s', (engine) => {
  it('reset a cursor past the restored head although head office reused its numbers, and one from a lost start; older cursors go on', { timeout: 60_000 }, async () => {
    const server: RestartableServer = await startRestartableServer({ engine, postgresUrl: engine === 'postgres' ? inject('postgresUrl') : null });
    try {
      const t: Tenant = await seedTenant(server.server);
      const principal = { organisationId: t.organisationId, storeId: t.till.storeId, deviceId: t.till.deviceId };
      const pull = (cursor: string | null): Promise<PullResponse> => server.server.service.pull(principal, { ...versions, stream: 'catalogue', cursor });
      const upsert = (id: string) => server.server.admin.upsertProducts(t.organisationId, [product(id)]);
      /** Follows the stream from `cursor` to its end; the keys it brought, or 'reset'. */
      async function follow(cursor: string | null): Promise<{ keys: string[]; cursor: string } | PullResponse['kind']> {
        const keys: string[] = [];
        for (;;) {
          const response = await pull(cursor);
          if (response.kind === 'reset') return response.kind;
          keys.push(...response.changes.filter((c) => c.entity === 'product').map((c) => c.key));
          cursor = response.nextCursor;
          if (!response.hasMore) return { keys, cursor };
        }
      }
      const cursorOf = async (from: string | null) => {
        const result = await follow(from);
        if (typeof result === 'string') throw new Error('unexpected reset');
        return result;
      };

      const atBackup = await cursorOf(null);
      const backup = await server.backup();
      // After the backup: a change the till pulls, a restart, another change it pulls.
      await upsert('lost-1');
      const pastBackup = await cursorOf(atBackup.cursor);
      expect(pastBackup.keys).toEqual(['lost-1']);
      await server.restart();
      await upsert('lost-2');
      const fromLostStart = await cursorOf(pastBackup.cursor);
      expect(fromLostStart.keys).toEqual(['lost-2']);

      await server.restoreFrom(backup);
      // Head office carries on: the restored database hands out the lost change numbers again.
      await upsert('new-1');
      await upsert('new-2');
      await upsert('new-3');

      // SQLite was copied while the server ran, so the start that issued this cursor is in the
      // backup and the cursor is past its head; PostgreSQL's copy stopped the server and the start
      // after it is lost. Either way: reset, not a silent skip of new-1…new-3.
      expect(await pull(pastBackup.cursor)).toMatchObject({ kind: 'reset', reason: engine === 'sqlite' ? 'cursor-ahead' : 'unknown-epoch' });
      expect(await pull(fromLostStart.cursor)).toMatchObject({ kind: 'reset', reason: 'unknown-epoch' });
      // A cursor from before the backup is still good: it gets exactly what came after.
      const fromBackup = await cursorOf(atBackup.cursor);
      expect(fromBackup.keys).toEqual(['new-1', 'new-2', 'new-3']);
      const snapshot = await cursorOf(null);
      expect(snapshot.keys.sort()).toEqual(['acme-p1', 'acme-p2', 'new-1', 'new-2', 'new-3']);

      // A plain restart (no restore) keeps every cursor good.
      await server.restart();
      await upsert('after-restart');
      expect((await cursorOf(fromBackup.cursor)).keys).toEqual(['after-restart']);
      expect((await cursorOf(snapshot.cursor)).keys).toEqual(['after-restart']);
      // Cursors from before boots were recorded are read as before.
      const [kindTag, epoch] = snapshot.cursor.split('.');
      expect(kindTag).toBe('c2');
      const legacy = await cursorOf(`c1.${epoch}.${snapshot.cursor.split('.').at(-1)}`);
      expect(legacy.keys).toEqual(['after-restart']);
    } finally {
      await server.dispose();
    }
  });
});

describe('remembered server starts', () => {
  it('are forgotten after the retention, so the table does not grow for ever; a cursor of a forgotten start resets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-boots-'));
    const path = join(dir, 'sync.sqlite');
    try {
      const first = await openStorage({ sqlitePath: path });
      const old = await first.latestBoot();
      await first.close();
      const second = await openStorage({ sqlitePath: path });
      const recent = await second.latestBoot();
      expect(recent).not.toBe(old);
      expect(await second.cursorLimit('org', 'catalogue', old)).toBe(0);
      await second.close();
      const db = new Database(path);
      db.prepare('UPDATE server_boots SET started_at = ? WHERE id = ?').run(new Date(Date.now() - (SERVER_BOOT_RETENTION_DAYS + 1) * 86_400_000).toISOString(), old);
      db.close();
      const third = await openStorage({ sqlitePath: path });
      expect(await third.cursorLimit('org', 'catalogue', old)).toBeNull();
      expect(await third.cursorLimit('org', 'catalogue', recent)).toBe(0);
      expect(await third.cursorLimit('org', 'catalogue', await third.latestBoot())).toBe(Number.MAX_SAFE_INTEGER);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
