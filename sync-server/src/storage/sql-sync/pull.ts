/**
 * @module
 * What tills pull: stream positions, changes after a cursor, snapshot pages, and the purge of
 * old tombstones that moves a stream's horizon.
 */
import type { SyncChange, SyncEntity } from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlRow } from '../sql-database';
import type { StreamPosition, SyncStorage } from '../storage';

interface SyncRowRow extends SqlRow {
  entity: string;
  row_key: string;
  change_no: unknown;
  data: string | null;
}

function toChange(row: SyncRowRow): SyncChange {
  // No schema parse here: every row was validated when head office wrote it, the sync schemas
  // have no defaults or transforms (a parse would return the row unchanged), and the till checks
  // every page it receives. Re-parsing a million products was a third of a first pull's server time.
  return {
    entity: row.entity,
    key: row.row_key,
    change: toNumber(row.change_no),
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
  } as SyncChange;
}

/**
 * A till user limited to other stores reaches this store's registers as a tombstone, never with
 * their PIN hash: a register that held them (the user was moved) drops them, and the snapshot
 * keeps its page size so paging goes on. Users are one row for many stores, so this is decided
 * here rather than by the row's single `store_id`.
 */
function visibleToStore(change: SyncChange, storeId: string): SyncChange {
  if (change.entity !== 'user' || change.data === null) return change;
  const stores = change.data.storeIds ?? [];
  return stores.length === 0 || stores.includes(storeId) ? change : { ...change, data: null };
}

export type PullStorage = Pick<SyncStorage, 'streamPosition' | 'readChanges' | 'readSnapshot' | 'purgeTombstones'>;

export function createPullStorage(db: SqlDatabase): PullStorage {
  return {
    async streamPosition(organisationId, stream): Promise<StreamPosition> {
      const rows = await db.query<{ head: unknown; horizon: unknown }>(
        'SELECT head, horizon FROM stream_heads WHERE organisation_id = ? AND stream = ?',
        [organisationId, stream],
      );
      const row = rows[0];
      return row ? { head: toNumber(row.head), horizon: toNumber(row.horizon) } : { head: 0, horizon: 0 };
    },
    async readChanges(principal, stream, afterChange, limit) {
      const rows = await db.query<SyncRowRow>(
        `SELECT entity, row_key, change_no, data FROM sync_rows
         WHERE organisation_id = ? AND stream = ? AND change_no > ? AND store_id IN ('', ?)
         ORDER BY change_no LIMIT ?`,
        [principal.organisationId, stream, afterChange, principal.storeId, limit],
      );
      return rows.map((row) => visibleToStore(toChange(row), principal.storeId));
    },
    async readSnapshot(principal, stream, after: { entity: SyncEntity; key: string } | null, limit) {
      const rows = await db.query<SyncRowRow>(
        `SELECT entity, row_key, change_no, data FROM sync_rows
         WHERE organisation_id = ? AND stream = ? AND data IS NOT NULL AND store_id IN ('', ?)
           AND (entity, row_key) > (?, ?)
         ORDER BY entity, row_key LIMIT ?`,
        // A row-value comparison lets both engines seek the index to where the last page ended;
        // the equivalent OR made every page walk the stream from its start (quadratic pulls).
        [principal.organisationId, stream, principal.storeId, after?.entity ?? '', after?.key ?? '', limit],
      );
      return rows.map((row) => visibleToStore(toChange(row), principal.storeId));
    },
    purgeTombstones(organisationId, stream, upToChange) {
      return db.transaction(async (tx) => {
        const deleted = await tx.query<{ row_key: string }>(
          'DELETE FROM sync_rows WHERE organisation_id = ? AND stream = ? AND data IS NULL AND change_no <= ? RETURNING row_key',
          [organisationId, stream, upToChange],
        );
        await tx.query(
          'INSERT INTO stream_heads (organisation_id, stream, head, horizon) VALUES (?, ?, 0, 0) ON CONFLICT (organisation_id, stream) DO NOTHING',
          [organisationId, stream],
        );
        await tx.query(
          'UPDATE stream_heads SET horizon = CASE WHEN horizon > ? THEN horizon ELSE ? END WHERE organisation_id = ? AND stream = ?',
          [upToChange, upToChange, organisationId, stream],
        );
        return deleted.length;
      });
    },
  };
}
