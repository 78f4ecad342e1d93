/**
 * @module
 * A till's push: its ops applied in order in one transaction, each record stored once with the
 * problems found in it, the register's high-water mark moved past them, and the aggregates and
 * audit chain heads they change written at the end. Sales and stock movements go in runs
 * (push-runs.ts); the rarer documents op by op.
 */
import { CassaError } from '@cassa/shared';
import type { AuditRecord, LedgerEntryRecord, PushOp, PushOpResult, TillRecord } from '@cassa/shared';
import { auditChainProblems, nextAuditHead } from '../../audit-chain';
import type { AuditHead } from '../../audit-chain';
import { recordProblems, recordSanityProblems, variantIdsOf } from '../../record-problems';
import { AggregateBatch } from '../sales-aggregates';
import { receiveTransfersAtTill } from '../stock-transfers';
import { enqueueStockChanges } from '../channels/channel-jobs';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlExecutor } from '../sql-database';
import type { DevicePrincipal, IncomingOp, SyncStorage, UnreadableOp } from '../storage';
import { LedgerPushBatch } from '../ledgers';
import { checkFiscalRecord } from './fiscal-projections';
// Issue 17, customers everywhere
import { projectPushedCustomer } from '../customers';
import { storeRun } from './push-runs';
// Issue 19, webhooks
import { writeWebhookEvents } from '../webhooks/webhook-outbox';
import type { NewWebhookEvent } from '../webhooks/webhook-outbox';
import { dayClosedEvent, saleEvent, stockEvents } from '../webhooks/webhook-push-events';
import type { RunContext, RunOp } from './push-runs';
import { categoriesOf, iso, rowLock, rowsAmong, storeTimeZone } from './sql-helpers';

/** Shifts, customers, audit entries and fiscal documents: documents head office keeps whole, stored op by op. */
type DocumentRecord = Extract<TillRecord, { type: 'shift' | 'customer' | 'audit' | 'fiscal-document' | 'fiscal-closure' | 'fiscal-status' | 'ledger-entry' }>;
type DocumentOp = PushOp & { readonly record: DocumentRecord };

/** Where each record type is stored; listed, so a new record type must choose its table here. */
function storedAs(op: PushOp): { run: RunOp } | { document: DocumentOp } {
  switch (op.record.type) {
    case 'sale':
    case 'stock-movement':
      return { run: op as RunOp };
    case 'shift':
    case 'customer':
    case 'audit':
    // A sale's documento commerciale (issue 16): kept whole in till_documents, keyed by the
    // till's fiscal job id, the sale it belongs to inside `data.saleId`.
    case 'fiscal-document':
    // The device's Z and its status (issue 16): kept whole too, and projected for the pages
    // (fiscal-projections.ts).
    case 'fiscal-closure':
    case 'fiscal-status':
    // Vouchers, store credit and points (issue 17): kept whole, and applied to the chain's ledger.
    case 'ledger-entry':
      return { document: op as DocumentOp };
  }
}

/** Which of these variant ids the organisation's catalogue knows: a record naming another is flagged. */
async function knownVariants(tx: SqlExecutor, organisationId: string, variantIds: readonly string[]): Promise<Set<string>> {
  const rows = await rowsAmong<{ variant_id: string }>(
    tx,
    variantIds,
    (inList) => `SELECT variant_id FROM variants WHERE organisation_id = ? AND variant_id IN (${inList})`,
    organisationId,
  );
  return new Set(rows.map((r) => r.variant_id));
}

/** What a push reads once for all its ops, and the aggregate rows it collects for the end. */
interface PushContext extends RunContext {
  /** Audit chain heads read, and moved by this push, per device; written at the end. */
  readonly auditHeads: Map<string, AuditHead | null>;
  /** The ledger accounts this push's entries name, locked, written once each at the end (issue 17). */
  readonly ledgers: LedgerPushBatch;
}

async function pushContext(tx: SqlExecutor, principal: DevicePrincipal, ops: readonly IncomingOp[], now: Date): Promise<PushContext> {
  const records = ops.flatMap((op) => (op.record === null ? [] : [op.record]));
  const ledgerEntries = records.flatMap((r) => (r.type === 'ledger-entry' ? [r.record] : []));
  const productIds = records.flatMap((r) => (r.type === 'sale' ? r.record.lines.map((l) => l.productId) : []));
  return {
    batch: new AggregateBatch(),
    timeZone: await storeTimeZone(tx, principal.organisationId, principal.storeId),
    categoryOf: productIds.length > 0 ? await categoriesOf(tx, principal.organisationId, productIds) : new Map(),
    knownVariants: await knownVariants(tx, principal.organisationId, records.flatMap(variantIdsOf)),
    transferIns: [],
    stockTouched: new Map(),
    auditHeads: new Map(),
    ledgers: await LedgerPushBatch.open(tx, principal, ledgerEntries, now, await customerSurvivors(tx, principal.organisationId, ledgerEntries)),
  };
}

/** The customers among these store-credit and points accounts that were merged into another: id → survivor. */
async function customerSurvivors(tx: SqlExecutor, organisationId: string, entries: readonly LedgerEntryRecord[]): Promise<Map<string, string>> {
  const ids = entries.flatMap((e) => (e.kind === 'voucher' ? [] : [e.account]));
  if (ids.length === 0) return new Map();
  const rows = await rowsAmong<{ id: string; merged_into: string }>(
    tx,
    ids,
    (inList) => `SELECT id, merged_into FROM customers WHERE organisation_id = ? AND id IN (${inList}) AND merged_into IS NOT NULL`,
    organisationId,
  );
  return new Map(rows.map((r) => [r.id, r.merged_into]));
}

/** The entry's problems against the chain head held for the pushing register, and the head after it. */
async function auditCheck(
  tx: SqlExecutor,
  principal: DevicePrincipal,
  entry: AuditRecord,
  context: PushContext,
): Promise<{ problems: string[]; next: AuditHead }> {
  if (!context.auditHeads.has(principal.deviceId)) {
    const rows = await tx.query<{ sequence: unknown; hash: string; entries: unknown; breaks: unknown }>(
      'SELECT sequence, hash, entries, breaks FROM audit_heads WHERE organisation_id = ? AND device_id = ?',
      [principal.organisationId, principal.deviceId],
    );
    const row = rows[0];
    context.auditHeads.set(
      principal.deviceId,
      row ? { sequence: toNumber(row.sequence), hash: row.hash, entries: toNumber(row.entries), breaks: toNumber(row.breaks) } : null,
    );
  }
  const head = context.auditHeads.get(principal.deviceId) ?? null;
  const problems = auditChainProblems(principal.deviceId, head, entry);
  return { problems, next: nextAuditHead(head, entry, problems) };
}

async function saveAuditHeads(tx: SqlExecutor, organisationId: string, context: PushContext, now: Date): Promise<void> {
  for (const [deviceId, head] of context.auditHeads) {
    if (head === null) continue;
    await tx.query(
      `INSERT INTO audit_heads (organisation_id, device_id, sequence, hash, entries, breaks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (organisation_id, device_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash,
         entries = excluded.entries, breaks = excluded.breaks, updated_at = excluded.updated_at`,
      [organisationId, deviceId, head.sequence, head.hash, head.entries, head.breaks, iso(now)],
    );
  }
}

/**
 * Keeps an op the server cannot apply, whole (JSON text escapes what no column could hold), and
 * numbers it like any other op so the till's queue moves on past it.
 */
async function setAside(tx: SqlExecutor, principal: DevicePrincipal, op: UnreadableOp, now: Date): Promise<void> {
  const problems = JSON.stringify([op.problem]);
  await tx.query(
    `INSERT INTO set_aside_ops (organisation_id, device_id, seq, op_id, payload, problem, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [principal.organisationId, principal.deviceId, op.seq, op.opId, JSON.stringify(op.raw ?? null), problems, iso(now)],
  );
  await tx.query(
    `INSERT INTO device_ops (organisation_id, device_id, seq, op_id, record_type, record_id, status, problems, received_at)
     VALUES (?, ?, ?, ?, 'set-aside', ?, 'flagged', ?, ?)`,
    [principal.organisationId, principal.deviceId, op.seq, op.opId, op.opId, problems, iso(now)],
  );
}

/** Stores a document head office keeps whole, unless it is already there; true when this call stored it. */
async function insertDocument(tx: SqlExecutor, principal: DevicePrincipal, record: DocumentRecord, problems: readonly string[], now: Date): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO till_documents (organisation_id, record_type, id, store_id, device_id, data, flagged, problems, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, record_type, id) DO NOTHING RETURNING id`,
    [principal.organisationId, record.type, record.record.id, principal.storeId, principal.deviceId, JSON.stringify(record.record), problems.length > 0 ? 1 : 0, JSON.stringify(problems), iso(now)],
  );
  return rows.length > 0;
}

/** One op's outcome: its result, or the refusal that ends the batch (the ops before it still commit). */
type OpOutcome = { readonly result: PushOpResult } | { readonly refusal: CassaError };

/** An op at or below the mark: the same op again is a duplicate; another op under that seq is refused. */
async function repeatedOp(tx: SqlExecutor, principal: DevicePrincipal, op: IncomingOp): Promise<OpOutcome> {
  const seen = await tx.query<{ op_id: string }>('SELECT op_id FROM device_ops WHERE organisation_id = ? AND device_id = ? AND seq = ?', [
    principal.organisationId,
    principal.deviceId,
    op.seq,
  ]);
  if (seen[0] && seen[0].op_id !== op.opId) {
    return {
      refusal: new CassaError('CONFLICT', `Seq ${op.seq} was already used by another op`, {
        seq: op.seq,
        storedOpId: seen[0].op_id,
        receivedOpId: op.opId,
      }),
    };
  }
  return { result: { seq: op.seq, opId: op.opId, status: 'duplicate', problems: [] } };
}

/** Stores a document op's record with the problems found in it, and logs the op. */
async function storeDocumentOp(tx: SqlExecutor, principal: DevicePrincipal, op: DocumentOp, now: Date, context: PushContext): Promise<PushOpResult> {
  const chain = op.record.type === 'audit' ? await auditCheck(tx, principal, op.record.record, context) : null;
  const fiscal = await checkFiscalRecord(tx, principal, op.record);
  const problems = [
    ...recordProblems(op.record, principal, context.knownVariants),
    ...recordSanityProblems(op.record, now),
    ...(chain?.problems ?? []),
    ...(fiscal?.problems ?? []),
  ];
  let stored = await insertDocument(tx, principal, op.record, problems, now);
  if (stored && chain) context.auditHeads.set(principal.deviceId, chain.next);
  // Every ledger entry goes to the ledger, which counts each once by its id (ledgers.ts).
  if (op.record.type === 'ledger-entry') await context.ledgers.apply(tx, principal, op.seq, op.record.record, problems, now);
  // Issue 17, customers everywhere: a customer edited at a till comes again under its id; the
  // latest version is projected for the chain and kept as the document.
  if (op.record.type === 'customer' && (await projectPushedCustomer(tx, principal.organisationId, op.record.record, now)) && !stored) {
    await tx.query("UPDATE till_documents SET data = ?, device_id = ?, store_id = ?, received_at = ? WHERE organisation_id = ? AND record_type = 'customer' AND id = ?", [
      JSON.stringify(op.record.record),
      principal.deviceId,
      principal.storeId,
      iso(now),
      principal.organisationId,
      op.record.record.id,
    ]);
    stored = true;
  }
  // A fiscal record reaches head office's pages only when nothing is wrong with who sent it.
  if (stored && fiscal && problems.every((p) => fiscal.shownAnyway.includes(p))) await fiscal.project(tx);
  // The same record under a new op (a till that re-queued it) is stored once: the op still
  // advances the mark, so the queue moves on.
  const status = !stored ? 'duplicate' : problems.length > 0 ? 'flagged' : 'applied';
  const allProblems = stored ? problems : [...problems, 'record-already-stored'];
  await tx.query(
    `INSERT INTO device_ops (organisation_id, device_id, seq, op_id, record_type, record_id, status, problems, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [principal.organisationId, principal.deviceId, op.seq, op.opId, op.record.type, op.record.record.id, status, JSON.stringify(allProblems), iso(now)],
  );
  return { seq: op.seq, opId: op.opId, status, problems: allProblems };
}

/** Applies ops in seq order from the register's high-water mark; stops at the first one refused. */
async function applyOps(
  tx: SqlExecutor,
  lock: string,
  principal: DevicePrincipal,
  ops: readonly IncomingOp[],
  now: Date,
): Promise<{ results: PushOpResult[]; refusal: CassaError | null }> {
  // Locking the device row makes two concurrent pushes from one till take turns.
  const devices = await tx.query<{ high_water_mark: unknown; revoked_at: string | null }>(
    `SELECT high_water_mark, revoked_at FROM devices WHERE organisation_id = ? AND id = ?${lock}`,
    [principal.organisationId, principal.deviceId],
  );
  const device = devices[0];
  if (!device || device.revoked_at !== null) throw new CassaError('NOT_AUTHENTICATED', 'Device unknown or revoked');
  const startMark = toNumber(device.high_water_mark);
  let highWaterMark = startMark;
  let refusal: CassaError | null = null;
  const context = await pushContext(tx, principal, ops, now);
  const results: PushOpResult[] = [];
  // Issue 19: the sales and closed days this push stored (not re-sent ones), for the webhook outbox.
  const stored: NewWebhookEvent[] = [];
  // Consecutive sales and stock movements wait here and are stored together before any other op.
  let run: RunOp[] = [];
  const storeWaitingRun = async (): Promise<void> => {
    const runResults = await storeRun(tx, principal, run, now, context);
    runResults.forEach((result, i) => {
      const op = run[i];
      if (op?.record.type === 'sale' && result.status !== 'duplicate') stored.push(saleEvent(op.record.record));
    });
    results.push(...runResults);
    run = [];
  };
  for (const op of ops) {
    const kind = op.record === null ? null : storedAs(op);
    if (kind !== null && 'run' in kind && op.seq === highWaterMark + 1) {
      run.push(kind.run);
      highWaterMark = op.seq;
      continue;
    }
    await storeWaitingRun();
    if (op.seq <= highWaterMark) {
      const outcome = await repeatedOp(tx, principal, op);
      if ('refusal' in outcome) {
        refusal = outcome.refusal;
        break;
      }
      results.push(outcome.result);
      continue;
    }
    if (op.seq > highWaterMark + 1) {
      refusal = new CassaError('SYNC_OUT_OF_ORDER', `Expected op ${highWaterMark + 1}, got ${op.seq}`, {
        expectedSeq: highWaterMark + 1,
        receivedSeq: op.seq,
        highWaterMark,
      });
      break;
    }
    if (op.record === null) {
      await setAside(tx, principal, op, now);
      results.push({ seq: op.seq, opId: op.opId, status: 'flagged', problems: [op.problem] });
    } else if (kind !== null && 'document' in kind) {
      const result = await storeDocumentOp(tx, principal, kind.document, now, context);
      if (kind.document.record.type === 'shift' && result.status !== 'duplicate') stored.push(dayClosedEvent(kind.document.record.record));
      results.push(result);
    }
    highWaterMark = op.seq;
  }
  await storeWaitingRun();
  await context.batch.flush(tx);
  // Issue 18: the channels' stock jobs commit with the movements, or not at all.
  await enqueueStockChanges(tx, principal.organisationId, [...context.stockTouched.values()], now);
  // Stock across stores (issue 17): a till's scanned receipt closes its transfer.
  await receiveTransfersAtTill(tx, lock, principal, context.transferIns, now);
  await saveAuditHeads(tx, principal.organisationId, context, now);
  await context.ledgers.flush(tx, principal.organisationId, now);
  // Issue 19: the webhook events commit with the push, or not at all (after the stock levels are written);
  // last, so the outbox's counter row is held for the shortest time and taken after every stock row.
  // A push that stored none of them (customers, audit entries, repeats) does not even look for endpoints.
  if (stored.length > 0 || context.stockTouched.size > 0) {
    await writeWebhookEvents(tx, principal.organisationId, now, async () => [...stored, ...(await stockEvents(tx, principal.organisationId, [...context.stockTouched.values()]))]);
  }
  if (highWaterMark !== startMark) {
    await tx.query('UPDATE devices SET high_water_mark = ?, last_seen_at = ? WHERE organisation_id = ? AND id = ?', [
      highWaterMark,
      iso(now),
      principal.organisationId,
      principal.deviceId,
    ]);
  }
  return { results, refusal };
}

export type PushStorage = Pick<SyncStorage, 'applyPushOps'>;

export function createPushStorage(db: SqlDatabase): PushStorage {
  const lock = rowLock(db);
  return {
    async applyPushOps(principal, ops, now) {
      // An op that cannot be applied ends the batch: those before it are committed, then it is
      // reported. PostgreSQL may run the transaction again after a serialisation failure; each run
      // starts afresh.
      const { results, refusal } = await db.transaction((tx) => applyOps(tx, lock, principal, ops, now));
      if (refusal !== null) throw refusal;
      return results;
    },
  };
}
