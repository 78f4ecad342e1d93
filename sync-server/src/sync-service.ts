/**
 * @module
 * What the device routes do, without HTTP: pairing, push, pull. Routes validate and call these;
 * an embedding host (the till's demo mode) can call them directly.
 */
import { randomUUID } from 'node:crypto';
import { CassaError, PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type {
  PairRequest,
  PairResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  SyncStream,
  WhoAmIResponse,
} from '@cassa/shared';
import type { ChangeNotifier } from './change-notifier';
import { hashPairingCode, newDeviceToken, sha256Hex } from './credentials';
import type { DevicePrincipal, SyncStorage } from './storage/storage';
import { changesCursor, parseCursor, snapshotCursor } from './sync-cursor';

export const DEFAULT_PULL_LIMIT = 500;

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

export interface SyncService {
  pair(request: PairRequest): Promise<PairResponse>;
  /** Null for an unknown or revoked token. */
  authenticate(deviceToken: string): Promise<DevicePrincipal | null>;
  whoAmI(principal: DevicePrincipal): Promise<WhoAmIResponse>;
  push(principal: DevicePrincipal, request: PushRequest): Promise<PushResponse>;
  pull(principal: DevicePrincipal, request: PullRequest): Promise<PullResponse>;
}

export function createSyncService(deps: { storage: SyncStorage; notifier: ChangeNotifier; now: () => Date }): SyncService {
  const { storage, now } = deps;

  function reset(stream: SyncStream, reason: 'cursor-too-old' | 'unknown-epoch' | 'cursor-ahead'): PullResponse {
    return { ...versions, kind: 'reset', stream, reason };
  }

  return {
    async pair(request) {
      const deviceToken = newDeviceToken();
      const principal = await storage.redeemPairingCode({
        codeHash: hashPairingCode(request.code),
        deviceId: request.deviceId ?? `dev_${randomUUID()}`,
        deviceName: request.deviceName,
        tokenHash: sha256Hex(deviceToken),
        proofTokenHash: request.currentDeviceToken === undefined ? null : sha256Hex(request.currentDeviceToken),
        now: now(),
      });
      // One answer for unknown, used and expired codes: the caller learns nothing by guessing.
      if (!principal) throw new CassaError('NOT_AUTHENTICATED', 'Pairing code unknown, used or expired');
      // Event streams opened with the register's earlier token (maybe for its earlier store) end.
      if (principal.repaired) deps.notifier.disconnect(principal.organisationId, principal.deviceId);
      return {
        ...versions,
        deviceId: principal.deviceId,
        deviceToken,
        storeId: principal.storeId,
        organisationId: principal.organisationId,
      };
    },

    authenticate(deviceToken) {
      return storage.authenticateDevice(sha256Hex(deviceToken));
    },

    async whoAmI(principal) {
      return { ...versions, ...principal, highWaterMark: await storage.highWaterMark(principal) };
    },

    async push(principal, request) {
      if (request.deviceId !== principal.deviceId) {
        throw new CassaError('NOT_AUTHORISED', 'The token belongs to another device');
      }
      // A batch that arrives reordered is applied in seq order, so it is as good as the original.
      const ops = [...request.ops].sort((a, b) => a.seq - b.seq);
      const results = await storage.applyPushOps(principal, ops, now());
      return { ...versions, results, highWaterMark: await storage.highWaterMark(principal) };
    },

    async pull(principal, request) {
      const limit = request.limit ?? DEFAULT_PULL_LIMIT;
      const { stream } = request;
      // Read the head before the rows: every change up to it is committed, so it is safe to
      // move the cursor up to it even when the till's store sees none of those rows.
      const position = await storage.streamPosition(principal.organisationId, stream);
      const cursor = request.cursor === null ? null : parseCursor(request.cursor);
      if (cursor !== null && cursor.epoch !== storage.epoch) return reset(stream, 'unknown-epoch');

      if (cursor === null || cursor.kind === 'snapshot') {
        const asOf = cursor?.asOf ?? position.head;
        if (asOf > position.head) return reset(stream, 'cursor-ahead');
        if (asOf < position.horizon) return reset(stream, 'cursor-too-old');
        const rows = await storage.readSnapshot(principal, stream, cursor?.after ?? null, limit);
        const last = rows.at(-1);
        if (rows.length === limit && last) {
          return {
            ...versions,
            kind: 'changes',
            stream,
            snapshot: true,
            changes: rows,
            nextCursor: snapshotCursor(storage.epoch, asOf, { entity: last.entity, key: last.key }),
            hasMore: true,
          };
        }
        return {
          ...versions,
          kind: 'changes',
          stream,
          snapshot: true,
          changes: rows,
          // Rows changed after the snapshot began are replayed from here, so the result converges.
          nextCursor: changesCursor(storage.epoch, asOf),
          hasMore: position.head > asOf,
        };
      }

      if (cursor.change > position.head) return reset(stream, 'cursor-ahead');
      if (cursor.change < position.horizon) return reset(stream, 'cursor-too-old');
      const rows = await storage.readChanges(principal, stream, cursor.change, limit);
      const last = rows.at(-1);
      const full = rows.length === limit;
      const next = full && last ? last.change : Math.max(position.head, last?.change ?? cursor.change);
      return {
        ...versions,
        kind: 'changes',
        stream,
        snapshot: false,
        changes: rows,
        nextCursor: changesCursor(storage.epoch, next),
        hasMore: full,
      };
    },
  };
}
