/**
 * @module
 * Pull cursors. Opaque to tills; they carry the database epoch so a cursor from another database
 * (a restore, a new server) resets instead of silently skipping rows.
 *
 * `c1.EPOCH.N`: everything up to change N is on the till.
 * `s1.EPOCH.H.KEY`: a bulk snapshot as of change H is under way, rows up to KEY sent.
 */
import { CassaError, syncEntitySchema } from '@cassa/shared';
import type { SyncEntity } from '@cassa/shared';

export type ParsedCursor =
  | { readonly kind: 'changes'; readonly epoch: string; readonly change: number }
  | { readonly kind: 'snapshot'; readonly epoch: string; readonly asOf: number; readonly after: { entity: SyncEntity; key: string } };

export function changesCursor(epoch: string, change: number): string {
  return `c1.${epoch}.${change}`;
}

export function snapshotCursor(epoch: string, asOf: number, after: { entity: SyncEntity; key: string }): string {
  return `s1.${epoch}.${asOf}.${Buffer.from(JSON.stringify([after.entity, after.key]), 'utf8').toString('base64url')}`;
}

function invalid(): CassaError {
  return new CassaError('VALIDATION', 'Unreadable sync cursor');
}

function parseCount(text: string | undefined): number {
  if (text === undefined || !/^\d{1,15}$/.test(text)) throw invalid();
  return Number(text);
}

export function parseCursor(cursor: string): ParsedCursor {
  const parts = cursor.split('.');
  const [kind, epoch] = parts;
  if (epoch === undefined || epoch.length === 0) throw invalid();
  if (kind === 'c1' && parts.length === 3) return { kind: 'changes', epoch, change: parseCount(parts[2]) };
  if (kind === 's1' && parts.length === 4) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(parts[3] ?? '', 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== 'string') throw invalid();
    const entity = syncEntitySchema.safeParse(decoded[0]);
    if (!entity.success) throw invalid();
    return { kind: 'snapshot', epoch, asOf: parseCount(parts[2]), after: { entity: entity.data, key: decoded[1] } };
  }
  throw invalid();
}
