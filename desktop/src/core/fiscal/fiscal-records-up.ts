/**
 * @module
 * The fiscal device's closure (Z) and status as records for head office (issue 16 item 5). The
 * closure carries the day's totals per VAT code computed with shared's `fiscalVatTotals` over the
 * requests of that Z's documents, the one rule head office recomputes from the sales it received;
 * the status leaves only when what the device says changes, not once per poll.
 */
import type { Department, FiscalClosure, FiscalClosureRecord, FiscalRequest, FiscalStatus, FiscalStatusRecord } from '@cassa/shared';
import { fiscalVatTotals } from '@cassa/shared';
import { cachedStatement } from '../store/statement-cache';
import type { TillContext } from '../till-context';
import { UNPAIRED_STORE_ID } from '../till-context';

/** Where the status head office last heard of is kept between runs (meta table), to send changes only. */
const LAST_STATUS_SENT_KEY = 'fiscal.lastStatusSent';

interface IssuedJob {
  readonly request: string;
  readonly z_number: number;
  readonly document_number: number;
  readonly serial: string;
}

function issuedJobs(ctx: TillContext, serial: string, zNumber: number): IssuedJob[] {
  return cachedStatement(
    ctx.store.db,
    "SELECT request, serial, z_number, document_number FROM fiscal_jobs WHERE state = 'issued' AND serial = ? AND z_number = ? ORDER BY document_number",
  ).all(serial, zNumber) as IssuedJob[];
}

function requestOfDocument(ctx: TillContext, serial: string, zNumber: number, documentNumber: number): FiscalRequest | undefined {
  const row = cachedStatement(ctx.store.db, "SELECT request FROM fiscal_jobs WHERE state = 'issued' AND serial = ? AND z_number = ? AND document_number = ?").get(
    serial,
    zNumber,
    documentNumber,
  ) as { request: string } | undefined;
  return row ? (JSON.parse(row.request) as FiscalRequest) : undefined;
}

/** Call inside the write transaction that stores the Z: the record leaves with it or not at all. */
export function enqueueClosureRecord(ctx: TillContext, shiftId: string, closure: FiscalClosure, departments: readonly Department[]): FiscalClosureRecord {
  const jobs = issuedJobs(ctx, closure.serial, closure.zNumber);
  const totals = fiscalVatTotals(
    jobs.map((job) => JSON.parse(job.request) as FiscalRequest),
    departments,
    (original) => requestOfDocument(ctx, original.serial, original.zNumber, original.documentNumber),
  );
  const record: FiscalClosureRecord = {
    id: ctx.newId(),
    storeId: ctx.storeId,
    deviceId: ctx.deviceId,
    shiftId,
    closure,
    documents: jobs.length,
    vatTotals: { sales: [...totals.sales], returns: [...totals.returns], voids: [...totals.voids] },
    departments: [...departments],
    closedAt: ctx.clock.now().toISOString(),
  };
  ctx.outbox.enqueue({ type: 'fiscal-closure', record });
  return record;
}

/** The device's serial and last Z date as the till knows them, from its latest stored Z. */
function lastClosure(ctx: TillContext): { serial: string; date: string } | null {
  const row = cachedStatement(ctx.store.db, "SELECT serial, device_date FROM fiscal_closures WHERE kind = 'Z' ORDER BY at DESC, rowid DESC LIMIT 1").get() as
    | { serial: string; device_date: string }
    | undefined;
  return row ? { serial: row.serial, date: row.device_date } : null;
}

function lastDocumentSerial(ctx: TillContext): string | null {
  const row = cachedStatement(ctx.store.db, "SELECT serial FROM fiscal_jobs WHERE state = 'issued' AND serial IS NOT NULL ORDER BY seq DESC LIMIT 1").get() as
    | { serial: string }
    | undefined;
  return row?.serial ?? null;
}

/**
 * Queues a `fiscal-status` record when what the device reports (or the last Z the till ran)
 * differs from what head office was last sent; null when nothing changed.
 */
export function reportStatusIfChanged(ctx: TillContext, status: FiscalStatus): FiscalStatusRecord | null {
  // Head office files a record under the register's store: a status read before pairing would be
  // set aside as another store's, and then, the status unchanged, never sent again. So none is sent
  // until the till is paired, and a new store (a re-pairing) sends it again.
  if (ctx.storeId === UNPAIRED_STORE_ID) return null;
  return ctx.store.write(() => {
    const closure = lastClosure(ctx);
    const serial = closure?.serial ?? lastDocumentSerial(ctx);
    const lastClosureDate = closure?.date ?? null;
    const key = JSON.stringify([ctx.storeId, serial, lastClosureDate, status]);
    const sent = cachedStatement(ctx.store.db, 'SELECT value FROM meta WHERE key = ?').get(LAST_STATUS_SENT_KEY) as { value: string } | undefined;
    if (sent?.value === key) return null;
    cachedStatement(ctx.store.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LAST_STATUS_SENT_KEY, key);
    const record: FiscalStatusRecord = {
      id: ctx.newId(),
      storeId: ctx.storeId,
      deviceId: ctx.deviceId,
      serial,
      status,
      lastClosureDate,
      reportedAt: ctx.clock.now().toISOString(),
    };
    ctx.outbox.enqueue({ type: 'fiscal-status', record });
    return record;
  });
}
