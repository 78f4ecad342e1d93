/**
 * @module
 * Imports a till's exported outbox file (read with `outboxImportSchema`): its ops go through the
 * same push the till would have made, in batches, as that device; a record no schema accepts is
 * set aside and flagged like a pushed one. Idempotent: ops the server already
 * holds come back as duplicates.
 */
import type { OutboxImport } from '@cassa/shared';
import { CassaError, MAX_PUSH_OPS, PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { SyncStorage } from './storage/storage';
import type { SyncService } from './sync-service';

export interface OutboxImportResult {
  readonly applied: number;
  readonly duplicate: number;
  readonly flagged: number;
}

export async function importOutbox(
  deps: { storage: SyncStorage; service: SyncService },
  organisationId: string,
  file: OutboxImport,
): Promise<OutboxImportResult> {
  const device = (await deps.storage.listDevices(organisationId)).find((d) => d.id === file.deviceId);
  if (!device) throw new CassaError('NOT_FOUND', `Register ${file.deviceId} was never paired with organisation ${organisationId}`);
  const principal = { organisationId, storeId: device.storeId, deviceId: device.id };
  const counts = { applied: 0, duplicate: 0, flagged: 0 };
  const ops = [...file.ops].sort((a, b) => a.seq - b.seq);
  for (let i = 0; i < ops.length; i += MAX_PUSH_OPS) {
    const response = await deps.service.push(principal, {
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: device.id,
      ops: ops.slice(i, i + MAX_PUSH_OPS),
    });
    for (const result of response.results) counts[result.status]++;
  }
  return counts;
}
