/**
 * @module
 * Head office's view of each register's audit chain. The till's chain has no key, so a till can
 * rewrite it and recompute every hash, or cut its tail, and still pass its own check. Head office
 * has seen every entry as it was pushed: an entry that does not follow the last one it holds (its
 * sequence or its previous hash), or whose hash is not the hash of its own content, is a break,
 * and it is flagged. The entry then becomes the head, so one break is flagged once.
 */
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, auditHashInput } from '@cassa/shared';
import type { AuditRecord } from '@cassa/shared';

export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
  /** Entries received in this chain. */
  readonly entries: number;
  /** Breaks flagged so far. */
  readonly breaks: number;
}

export function auditEntryHash(deviceId: string, entry: AuditRecord): string {
  return createHash('sha256').update(auditHashInput(deviceId, { ...entry, details: JSON.stringify(entry.details) })).digest('hex');
}

/**
 * Problems of one entry against the head held for its register. With no head yet, the chain is
 * taken from wherever it starts (a register paired to an older server has history before it).
 */
export function auditChainProblems(deviceId: string, head: AuditHead | null, entry: AuditRecord): string[] {
  const problems: string[] = [];
  if (auditEntryHash(deviceId, entry) !== entry.hash) problems.push(`audit-hash-mismatch:${entry.sequence}`);
  if (head === null) {
    if (entry.sequence === 1 && entry.previousHash !== AUDIT_GENESIS_HASH) problems.push('audit-chain-break:1');
  } else if (entry.sequence !== head.sequence + 1 || entry.previousHash !== head.hash) {
    problems.push(`audit-chain-break:${entry.sequence}:expected-${head.sequence + 1}`);
  }
  return problems;
}

export function nextAuditHead(head: AuditHead | null, entry: AuditRecord, problems: readonly string[]): AuditHead {
  return {
    sequence: entry.sequence,
    hash: entry.hash,
    entries: (head?.entries ?? 0) + 1,
    breaks: (head?.breaks ?? 0) + (problems.length > 0 ? 1 : 0),
  };
}
