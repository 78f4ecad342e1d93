/**
 * @module
 * Pull cursors. Opaque to tills; they carry the database epoch so a cursor from another database
 * (a new server) resets instead of silently skipping rows, and the server start (boot) that issued
 * them, so a cursor past what a database restored from a backup holds resets too.
 *
 * `c2.EPOCH.BOOT.N`: everything up to change N is on the till.
 * `s2.EPOCH.BOOT.H.KEY`: a bulk snapshot as of change H is under way, rows up to KEY sent.
 * `c1.EPOCH.N` and `s1.EPOCH.H.KEY` (before boots were recorded) are still read, with no boot.
 */
import { CassaError, syncEntitySchema } from '@cassa/shared';
import type { SyncEntity } from '@cassa/shared';

export type ParsedCursor =
  | { readonly kind: 'changes'; readonly epoch: string; readonly boot: string | null; readonly change: number }
  | { readonly kind: 'snapshot'; readonly epoch: string; readonly boot: string | null; readonly asOf: number; readonly after: { entity: SyncEntity; key: string } };

export function changesCursor(epoch: string, boot: string, change: number): string {
  return `c2.${epoch}.${boot}.${change}`;
}

export function snapshotCursor(epoch: string, boot: string, asOf: number, after: { entity: SyncEntity; key: string }): string {
  return `s2.${epoch}.${boot}.${asOf}.${Buffer.from(JSON.stringify([after.entity, after.key]), 'utf8').toString('base64url')}`;
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
  const booted = kind === 'c2' || kind === 's2';
  const boot = booted ? (parts[2] ?? '') : null;
  if (boot === '') throw invalid();
  const rest = parts.slice(booted ? 3 : 2);
  if ((kind === 'c1' || kind === 'c2') && rest.length === 1) return { kind: 'changes', epoch, boot, change: parseCount(rest[0]) };
  if ((kind === 's1' || kind === 's2') && rest.length === 2) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(rest[1] ?? '', 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== 'string') throw invalid();
    const entity = syncEntitySchema.safeParse(decoded[0]);
    if (!entity.success) throw invalid();
    return { kind: 'snapshot', epoch, boot, asOf: parseCount(rest[0]), after: { entity: entity.data, key: decoded[1] } };
  }
  throw invalid();
}
