/**
 * @module
 * The append-only audit log. Each entry's hash covers the previous entry's hash, so deleting or
 * editing any row (even with a raw SQLite tool, past the triggers) breaks the chain from there on,
 * and `verifyAuditChain` names the first broken entry. Entries also leave through the outbox.
 */
import { toHex } from '../portable/bytes';
import { sha256Of } from '../portable/hashing';
import { AUDIT_GENESIS_HASH, auditHashInput } from '@cassa/shared';
import type { AuditRecord, Role } from '@cassa/shared';
import type { Clock, IdFactory } from '../clock';
import type { Db } from '../store/database';
import type { Outbox } from '../sync-outbox/outbox';

export interface AuditEntryInput {
  readonly userId: string | null;
  readonly role: Role | null;
  readonly action: string;
  readonly details: Record<string, unknown>;
}

interface AuditRow {
  sequence: number;
  id: string;
  at: string;
  user_id: string | null;
  role: Role | null;
  action: string;
  details: string;
  previous_hash: string;
  hash: string;
}

const genesisHash = AUDIT_GENESIS_HASH;

function entryHash(row: Omit<AuditRow, 'hash'>, deviceId: string): string {
  // Head office recomputes it from the pushed record: one definition of what the hash covers.
  const canonical = auditHashInput(deviceId, {
    sequence: row.sequence, id: row.id, at: row.at, userId: row.user_id, role: row.role, action: row.action, details: row.details, previousHash: row.previous_hash,
  });
  return toHex(sha256Of(canonical));
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly deviceId: string,
    private readonly clock: Clock,
    private readonly newId: IdFactory,
    private readonly outbox: Outbox,
  ) {}

  /** Call inside the transaction of the action being audited. */
  append(entry: AuditEntryInput): AuditRecord {
    const last = this.db.prepare('SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1').get() as
      | { sequence: number; hash: string }
      | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      sequence: (last?.sequence ?? 0) + 1,
      id: this.newId(),
      at: this.clock.now().toISOString(),
      user_id: entry.userId,
      role: entry.role,
      action: entry.action,
      details: JSON.stringify(entry.details),
      previous_hash: last?.hash ?? genesisHash,
    };
    const hash = entryHash(row, this.deviceId);
    this.db
      .prepare(
        `INSERT INTO audit_log (sequence, id, at, user_id, role, action, details, previous_hash, hash)
         VALUES (@sequence, @id, @at, @user_id, @role, @action, @details, @previous_hash, @hash)`,
      )
      .run({ ...row, hash });
    const record: AuditRecord = {
      id: row.id,
      deviceId: this.deviceId,
      sequence: row.sequence,
      at: row.at,
      userId: row.user_id,
      role: row.role,
      action: row.action,
      details: entry.details as AuditRecord['details'],
      previousHash: row.previous_hash,
      hash,
    };
    this.outbox.enqueue({ type: 'audit', record });
    return record;
  }
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

export function verifyAuditChain(db: Db, deviceId: string): AuditVerification {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY sequence').iterate() as IterableIterator<AuditRow>;
  let previous = genesisHash;
  let expectedSequence = 1;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.sequence !== expectedSequence) {
      return { ok: false, entries: count, brokenAt: expectedSequence, reason: `entry ${expectedSequence} is missing` };
    }
    if (row.previous_hash !== previous) {
      return { ok: false, entries: count, brokenAt: row.sequence, reason: `entry ${row.sequence} does not follow the one before` };
    }
    const { hash, ...rest } = row;
    if (entryHash(rest, deviceId) !== hash) {
      return { ok: false, entries: count, brokenAt: row.sequence, reason: `entry ${row.sequence} was altered` };
    }
    previous = hash;
    expectedSequence++;
  }
  return { ok: true, entries: count };
}

/** The chain's last entry: what head office's audit head for this register should match once it is all pushed. */
export function auditChainHead(db: Db): { sequence: number; hash: string } | null {
  return (db.prepare('SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1').get() as { sequence: number; hash: string } | undefined) ?? null;
}

/**
 * Compares this chain with the head head office holds for the register (`GET /api/ho/audit-heads`).
 * The till's chain must hold that entry with that hash: missing means its tail was cut, another
 * hash means it was rewritten, and recomputing every hash cannot hide either. Entries after it are
 * simply not pushed yet.
 */
export function compareAuditChainWithHeadOffice(db: Db, headOffice: { sequence: number; hash: string }): { ok: true } | { ok: false; reason: string } {
  const row = db.prepare('SELECT hash FROM audit_log WHERE sequence = ?').get(headOffice.sequence) as { hash: string } | undefined;
  if (!row) return { ok: false, reason: `entry ${headOffice.sequence}, which head office received, is no longer here: the log was cut` };
  if (row.hash !== headOffice.hash) return { ok: false, reason: `entry ${headOffice.sequence} is not the one head office received: the log was rewritten` };
  return { ok: true };
}
