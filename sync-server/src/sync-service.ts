/**
 * @module
 * What the device routes do, without HTTP: pairing, push, pull. Routes validate and call these;
 * an embedding host (the till's demo mode) can call them directly.
 */
import { randomUUID } from 'node:crypto';
import { CassaError, MAX_PUSH_OPS, PROTOCOL_VERSION, SCHEMA_VERSION, tillRecordSchema } from '@cassa/shared';
import type {
  PairRequest,
  PairResponse,
  PullRequest,
  PullResponse,
  PushEnvelope,
  PushResponse,
  SyncStream,
  WhoAmIResponse,
} from '@cassa/shared';
import type { ChangeNotifier } from './change-notifier';
import { hashPairingCode, newDeviceToken, sha256Hex } from './credentials';
import type { DevicePrincipal, IncomingOp, SyncStorage } from './storage/storage';
import { changesCursor, parseCursor, snapshotCursor } from './sync-cursor';

export const DEFAULT_PULL_LIMIT = 500;

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

export interface SyncService {
  pair(request: PairRequest): Promise<PairResponse>;
  /** Null for an unknown or revoked token. */
  authenticate(deviceToken: string): Promise<DevicePrincipal | null>;
  whoAmI(principal: DevicePrincipal): Promise<WhoAmIResponse>;
  /** Takes a full push request, or one whose records are still to be read (`pushEnvelopeSchema`). */
  push(principal: DevicePrincipal, request: PushEnvelope): Promise<PushResponse>;
  pull(principal: DevicePrincipal, request: PullRequest): Promise<PullResponse>;
}

/** The most of a refused record's schema issues named in its problem. */
const ISSUES_NAMED = 3;

/** A valid op, or one set aside with what its record got wrong (path and message per issue). */
export function readOp(op: PushEnvelope['ops'][number]): IncomingOp {
  const parsed = tillRecordSchema.safeParse(op.record);
  if (parsed.success) return { seq: op.seq, opId: op.opId, record: parsed.data };
  const issues = parsed.error.issues.slice(0, ISSUES_NAMED).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return { seq: op.seq, opId: op.opId, record: null, raw: op.record, problem: `invalid-record:${issues.join('; ')}` };
}

export function createSyncService(deps: {
  storage: SyncStorage;
  notifier: ChangeNotifier;
  now: () => Date;
  /** Issue 18: a push stored stock movements (their channel jobs are committed): wake the channel worker. */
  onStockMoved?: (organisationId: string) => void;
}): SyncService {
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
      const ops = request.ops.map(readOp).sort((a, b) => a.seq - b.seq);
      const results = await storage.applyPushOps(principal, ops, now());
      // Issue 18: the stock jobs committed with the movements; the channels hear of them now.
      if (deps.onStockMoved && ops.some((op) => op.record?.type === 'stock-movement')) deps.onStockMoved(principal.organisationId);
      // Ledger entries move accounts every till may hold (issue 17): tell them after the commit.
      const ledgerSeqs = new Set(ops.flatMap((op) => (op.record?.type === 'ledger-entry' ? [op.seq] : [])));
      if (results.some((r) => ledgerSeqs.has(r.seq))) deps.notifier.publish(principal.organisationId, [{ stream: 'ledgers', storeId: null }]);
      // Issue 17, customers everywhere: a customer made or edited here reaches the chain's other tills now.
      if (ops.some((op) => op.record?.type === 'customer')) deps.notifier.publish(principal.organisationId, [{ stream: 'customers', storeId: null }]);
      return { ...versions, results, highWaterMark: await storage.highWaterMark(principal), maxPushOps: MAX_PUSH_OPS };
    },

    async pull(principal, request) {
      const limit = request.limit ?? DEFAULT_PULL_LIMIT;
      const { stream } = request;
      // Read the head before the rows: every change up to it is committed, so it is safe to
      // move the cursor up to it even when the till's store sees none of those rows.
      const position = await storage.streamPosition(principal.organisationId, stream);
      const cursor = request.cursor === null ? null : parseCursor(request.cursor);
      if (cursor !== null && cursor.epoch !== storage.epoch) return reset(stream, 'unknown-epoch');
      if (cursor?.boot) {
        // Restored from a backup: the start that issued the cursor was lost with it, or the
        // cursor is past the head the database had when it came back (its numbers may be reused).
        const limit = await storage.cursorLimit(principal.organisationId, stream, cursor.boot);
        if (limit === null) return reset(stream, 'unknown-epoch');
        if ((cursor.kind === 'changes' ? cursor.change : cursor.asOf) > limit) return reset(stream, 'cursor-ahead');
      }

      if (cursor === null || cursor.kind === 'snapshot') {
        const asOf = cursor?.asOf ?? position.head;
        if (asOf > position.head) return reset(stream, 'cursor-ahead');
        if (asOf < position.horizon) return reset(stream, 'cursor-too-old');
        const rows = await storage.readSnapshot(principal, stream, cursor?.after ?? null, limit);
        // Read after the rows: a start recorded later found heads at least as high as any row here.
        const boot = await storage.latestBoot();
        const last = rows.at(-1);
        if (rows.length === limit && last) {
          return {
            ...versions,
            kind: 'changes',
            stream,
            snapshot: true,
            changes: rows,
            nextCursor: snapshotCursor(storage.epoch, boot, asOf, { entity: last.entity, key: last.key }),
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
          nextCursor: changesCursor(storage.epoch, boot, asOf),
          hasMore: position.head > asOf,
        };
      }

      if (cursor.change > position.head) return reset(stream, 'cursor-ahead');
      if (cursor.change < position.horizon) return reset(stream, 'cursor-too-old');
      const rows = await storage.readChanges(principal, stream, cursor.change, limit);
      const boot = await storage.latestBoot();
      const last = rows.at(-1);
      const full = rows.length === limit;
      const next = full && last ? last.change : Math.max(position.head, last?.change ?? cursor.change);
      return {
        ...versions,
        kind: 'changes',
        stream,
        snapshot: false,
        changes: rows,
        nextCursor: changesCursor(storage.epoch, boot, next),
        hasMore: full,
      };
    },
  };
}
