/**
 * @module
 * Business checks on records arriving from a till. A problem never refuses the record: it is
 * stored and flagged, because refusing it would block every sale queued behind it at the till.
 */
import type { TillRecord } from '@cassa/shared';

export interface RecordPrincipal {
  readonly storeId: string;
  readonly deviceId: string;
}

/** Variant ids a record refers to, to be checked against the organisation's catalogue. */
export function variantIdsOf(record: TillRecord): string[] {
  switch (record.type) {
    case 'sale':
      return [...new Set(record.record.lines.map((line) => line.variantId))];
    case 'stock-movement':
      return [record.record.variantId];
    default:
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
