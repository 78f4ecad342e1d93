/**
 * @module
 * Wraps the sync service so head office learns what registers do: the clock skew seen on each
 * push, the cursor each till reached on each pull, and that a sale arrived (for live
 * dashboards). Ordering never uses till clocks; the skew is only shown.
 */
import type { TillRecord } from '@cassa/shared';
import { recordedAt } from '../record-problems';
import type { DevicePrincipal, SyncStorage } from '../storage/storage';
import { parseCursor } from '../sync-cursor';
import { readOp } from '../sync-service';
import type { SyncService } from '../sync-service';
import type { SalesEvents } from './sales-events';

/** A record older than this at push time was queued offline: its timestamp says nothing of the clock. */
const BACKLOG_MS = 5 * 60_000;

/**
 * The newest record's till time minus server time. A till whose clock runs ahead shows a
 * positive skew; a backlog of old records (or a clock far behind, which looks the same) is
 * not recorded.
 */
export function clockSkewOf(request: { readonly ops: readonly { readonly record: TillRecord }[] }, serverNow: Date): number | null {
  let newest = Number.NEGATIVE_INFINITY;
  for (const op of request.ops) newest = Math.max(newest, Date.parse(recordedAt(op.record)));
  if (!Number.isFinite(newest)) return null;
  const skew = newest - serverNow.getTime();
  return skew < -BACKLOG_MS ? null : skew;
}

export function withDeviceReports(
  service: SyncService,
  deps: { storage: SyncStorage; salesEvents: SalesEvents; now: () => Date; log: (message: string, error?: unknown) => void },
): SyncService {
  // Awaited, so a test (or a closing server) never sees a report land after the answer; a failure
  // to record one never fails the sync itself.
  const report = async (work: Promise<unknown>): Promise<void> => {
    await work.catch((error: unknown) => deps.log('Could not record a register report', error));
  };
  return {
    ...service,
    async push(principal: DevicePrincipal, request) {
      const received = deps.now();
      const response = await service.push(principal, request);
      // Records set aside as unreadable say nothing of the clock, nor of a sale.
      const readable = request.ops.map(readOp).flatMap((op) => (op.record === null ? [] : [{ seq: op.seq, record: op.record }]));
      const skew = clockSkewOf({ ops: readable }, received);
      if (skew !== null) await report(deps.storage.headOffice.recordDeviceReport(principal.organisationId, principal.deviceId, { clockSkewMs: skew }));
      const stored = new Set(response.results.filter((r) => r.status !== 'duplicate').map((r) => r.seq));
      if (readable.some((op) => op.record.type === 'sale' && stored.has(op.seq))) {
        deps.salesEvents.publish(principal.organisationId, principal.storeId, received);
      }
      return response;
    },
    async pull(principal, request) {
      const response = await service.pull(principal, request);
      if (response.kind === 'changes') {
        const cursor = parseCursor(response.nextCursor);
        const position = cursor.kind === 'changes' ? cursor.change : cursor.asOf;
        await report(deps.storage.headOffice.recordDevicePull(principal.organisationId, principal.deviceId, response.stream, position, deps.now()));
      }
      return response;
    },
  };
}
