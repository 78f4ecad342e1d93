/**
 * @module
 * Server starts and the stream heads each found: a cursor issued before a later start can be
 * checked against what that start saw (see the server-boots migration).
 */
import { randomUUID } from 'node:crypto';
import { toNumber } from '../sql-database';
import type { SqlDatabase } from '../sql-database';
import type { SyncStorage } from '../storage';

/** How long a server start is remembered: a till that has not pulled for longer reloads its streams. */
export const SERVER_BOOT_RETENTION_DAYS = 90;

/**
 * Records this server start and the stream heads it finds (see the server-boots migration), and
 * forgets starts older than the retention: a cursor issued under a forgotten start resets, which
 * is safe; tills pull every few minutes, so their cursors carry a recent start.
 */
export async function recordBoot(db: SqlDatabase, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const cutoff = new Date(now.getTime() - SERVER_BOOT_RETENTION_DAYS * 86_400_000).toISOString();
    await tx.query('DELETE FROM server_boot_heads WHERE boot_id IN (SELECT id FROM server_boots WHERE started_at < ?)', [cutoff]);
    await tx.query('DELETE FROM server_boots WHERE started_at < ?', [cutoff]);
    const id = randomUUID();
    const last = await tx.query<{ ordinal: unknown }>('SELECT max(ordinal) AS ordinal FROM server_boots');
    await tx.query('INSERT INTO server_boots (id, ordinal, started_at) VALUES (?, ?, ?)', [id, toNumber(last[0]?.ordinal ?? 0) + 1, now.toISOString()]);
    await tx.query('INSERT INTO server_boot_heads (organisation_id, stream, boot_id, head) SELECT organisation_id, stream, ?, head FROM stream_heads', [id]);
  });
}

export type BootReads = Pick<SyncStorage, 'latestBoot' | 'cursorLimit'>;

export function createBootReads(db: SqlDatabase): BootReads {
  return {
    async latestBoot() {
      const rows = await db.query<{ id: string }>('SELECT id FROM server_boots ORDER BY ordinal DESC, id DESC LIMIT 1');
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('server_boots is empty after start');
      return id;
    },
    async cursorLimit(organisationId, stream, bootId) {
      const boot = await db.query<{ ordinal: unknown }>('SELECT ordinal FROM server_boots WHERE id = ?', [bootId]);
      if (boot.length === 0) return null;
      // A stream with no heads row at a later start had head 0 then.
      const rows = await db.query<{ later: unknown; head: unknown }>(
        `SELECT count(*) AS later, min(coalesce(h.head, 0)) AS head FROM server_boots b
         LEFT JOIN server_boot_heads h ON h.boot_id = b.id AND h.organisation_id = ? AND h.stream = ?
         WHERE b.ordinal > ?`,
        [organisationId, stream, toNumber(boot[0]!.ordinal)],
      );
      return toNumber(rows[0]?.later ?? 0) === 0 ? Number.MAX_SAFE_INTEGER : toNumber(rows[0]!.head);
    },
  };
}
