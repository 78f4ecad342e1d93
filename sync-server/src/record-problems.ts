/**
 * @module
 * Business checks on records arriving from a till. A problem never refuses the record: it is
 * stored and flagged, because refusing it would block every sale queued behind it at the till.
 */
import { GIFT_CARD_VARIANT_ID, saleArithmeticProblems } from '@cassa/shared';
import type { TillRecord } from '@cassa/shared';

export interface RecordPrincipal {
  readonly storeId: string;
  readonly deviceId: string;
}

/** Variant ids a record refers to, to be checked against the organisation's catalogue. */
export function variantIdsOf(record: TillRecord): string[] {
  switch (record.type) {
    case 'sale':
      // A gift card is a built-in line, not a catalogue product (shared's GIFT_CARD_VARIANT_ID).
      return [...new Set(record.record.lines.map((line) => line.variantId))].filter((id) => id !== GIFT_CARD_VARIANT_ID);
    case 'stock-movement':
      return [record.record.variantId];
    // Listed rather than defaulted: a new record kind that names products must be checked too.
    case 'shift':
    case 'customer':
    case 'audit':
    case 'fiscal-document':
    case 'fiscal-closure':
    case 'fiscal-status':
    case 'ledger-entry':
      return [];
  }
}

export function recordProblems(record: TillRecord, principal: RecordPrincipal, knownVariants: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const variantId of variantIdsOf(record)) {
    if (!knownVariants.has(variantId)) problems.push(`unknown-variant:${variantId}`);
  }
  const claims = record.record as { storeId?: unknown; deviceId?: unknown };
  if (typeof claims.storeId === 'string' && claims.storeId !== principal.storeId) {
    problems.push(`store-mismatch:${claims.storeId}`);
  }
  if (typeof claims.deviceId === 'string' && claims.deviceId !== principal.deviceId) {
    problems.push(`device-mismatch:${claims.deviceId}`);
  }
  return problems;
}

/** A record dated further ahead than this of the server's clock is flagged: a till's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 48 * 3600 * 1000;
/**
 * …and older than this. A till can stay offline for weeks, or be restored from an old backup and
 * push what it never sent; three years is past any of that, while a clock reset to its factory
 * date (1970, 2000) is far past it.
 */
export const MAX_CLOCK_BEHIND_MS = 3 * 366 * 24 * 3600 * 1000;

/** The moment a record says it happened. */
export function recordedAt(record: TillRecord): string {
  switch (record.type) {
    case 'sale':
      return record.record.completedAt;
    case 'shift':
      return record.record.closedAt;
    case 'stock-movement':
      return record.record.at;
    case 'customer':
      return record.record.createdAt;
    case 'audit':
      return record.record.at;
    case 'fiscal-document':
      return record.record.recordedAt;
    case 'fiscal-closure':
      return record.record.closedAt;
    case 'fiscal-status':
      return record.record.reportedAt;
    case 'ledger-entry':
      return record.record.at;
  }
}

/** True when a till's timestamp is too far from the server's clock to be believed. */
export function isImplausibleTime(at: string, now: Date): boolean {
  const time = Date.parse(at);
  return !Number.isFinite(time) || time > now.getTime() + MAX_CLOCK_AHEAD_MS || time < now.getTime() - MAX_CLOCK_BEHIND_MS;
}

/** Checks that need no database: dates against the server's clock, a sale's sums. */
export function recordSanityProblems(record: TillRecord, now: Date): string[] {
  const problems: string[] = [];
  const at = recordedAt(record);
  if (isImplausibleTime(at, now)) problems.push(`implausible-date:${at}`);
  if (record.type === 'sale') problems.push(...saleArithmeticProblems(record.record));
  return problems;
}
