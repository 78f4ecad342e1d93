/**
 * @module
 * What the head-office storage modules share: how a user row reads and how times are stored.
 */
import type { HeadOfficeRole } from '@cassa/shared';
import type { HeadOfficeUserRow } from '../head-office-storage';
import { toNumber } from '../sql-database';

export function iso(date: Date): string {
  return date.toISOString();
}

export function userOf(row: Record<string, unknown>): HeadOfficeUserRow {
  return {
    organisationId: String(row.organisation_id),
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    passwordHash: String(row.password_hash),
    role: String(row.role) as HeadOfficeRole,
    storeIds: JSON.parse(String(row.store_ids)) as string[],
    failedLogins: toNumber(row.failed_logins),
    lockedUntil: row.locked_until === null || row.locked_until === undefined ? null : String(row.locked_until),
  };
}
