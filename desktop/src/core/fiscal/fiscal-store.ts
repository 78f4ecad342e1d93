/**
 * @module
 * The fiscal tables (migration 006): one job per sale with its request and, once known, the
 * document the device numbered; the department table; the device's X and Z per shift. Plain SQL,
 * no rules: the intents, the queue and the closures decide, this only reads and writes rows.
 */
import type { Department, FiscalDocument, FiscalFailure, FiscalRequest, VatCode } from '@cassa/shared';
import { DEFAULT_DEPARTMENTS } from '@cassa/shared';
import type { Db } from '../store/database';
import { cachedStatement } from '../store/statement-cache';

export type FiscalJobState = 'pending' | 'sending' | 'blocked' | 'issued';
export type FiscalDocumentSource = 'device' | 'recovered' | 'manual';

export interface FiscalJobRow {
  id: string;
  seq: number;
  sale_id: string;
  kind: FiscalRequest['kind'];
  request: string;
  total_cents: number;
  state: FiscalJobState;
  uncertain: number;
  attempts: number;
  failure: FiscalFailure | null;
  failure_message: string | null;
  baseline: string | null;
  created_at: string;
  updated_at: string;
  source: FiscalDocumentSource | null;
  serial: string | null;
  z_number: number | null;
  document_number: number | null;
  document_date: string | null;
  document_time: string | null;
  amount_cents: number | null;
}

/** The device's last document before a request went out: 'none' when it had issued none. */
export type FiscalBaseline = FiscalDocument | 'none';

/** Where the last document the till knows of is kept between runs (meta table). */
const LAST_KNOWN_KEY = 'fiscal.lastKnownDocument';

export function documentOfJob(row: FiscalJobRow): FiscalDocument | null {
  if (row.serial === null || row.z_number === null || row.document_number === null || row.document_date === null || row.document_time === null || row.amount_cents === null) {
    return null;
  }
  return {
    serial: row.serial,
    zNumber: row.z_number,
    documentNumber: row.document_number,
    date: row.document_date,
    time: row.document_time,
    amountCents: row.amount_cents,
  };
}

export function parseBaseline(text: string | null): FiscalBaseline | null {
  if (text === null) return null;
  return text === 'none' ? 'none' : (JSON.parse(text) as FiscalDocument);
}

export class FiscalStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {}

  insertJob(job: { id: string; saleId: string; request: FiscalRequest; totalCents: number }): void {
    const last = cachedStatement(this.db, 'SELECT max(seq) AS seq FROM fiscal_jobs').get() as { seq: number | null };
    const at = this.now();
    cachedStatement(
      this.db,
      `INSERT INTO fiscal_jobs (id, seq, sale_id, kind, request, total_cents, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(job.id, (last.seq ?? 0) + 1, job.saleId, job.request.kind, JSON.stringify(job.request), job.totalCents, at, at);
  }

  job(id: string): FiscalJobRow | null {
    return (cachedStatement(this.db, 'SELECT * FROM fiscal_jobs WHERE id = ?').get(id) as FiscalJobRow | undefined) ?? null;
  }

  jobOfSale(saleId: string): FiscalJobRow | null {
    return (cachedStatement(this.db, 'SELECT * FROM fiscal_jobs WHERE sale_id = ?').get(saleId) as FiscalJobRow | undefined) ?? null;
  }

  /** The oldest job without its document: documents go out in the order the sales were made. */
  head(): FiscalJobRow | null {
    return (cachedStatement(this.db, "SELECT * FROM fiscal_jobs WHERE state <> 'issued' ORDER BY seq LIMIT 1").get() as FiscalJobRow | undefined) ?? null;
  }

  openJobs(): FiscalJobRow[] {
    return cachedStatement(this.db, "SELECT * FROM fiscal_jobs WHERE state <> 'issued' ORDER BY seq").all() as FiscalJobRow[];
  }

  /** Durable before the request leaves: a till killed from here on recovers through the device's last document. */
  markSending(id: string, baseline: FiscalBaseline): void {
    cachedStatement(
      this.db,
      "UPDATE fiscal_jobs SET state = 'sending', uncertain = 1, attempts = attempts + 1, baseline = ?, failure = NULL, failure_message = NULL, updated_at = ? WHERE id = ?",
    ).run(baseline === 'none' ? 'none' : JSON.stringify(baseline), this.now(), id);
  }

  /** The device's last document proved the job was not issued: it may be sent again. */
  markNotIssued(id: string): void {
    cachedStatement(this.db, "UPDATE fiscal_jobs SET state = 'pending', uncertain = 0, updated_at = ? WHERE id = ?").run(this.now(), id);
  }

  /** `uncertain` stays 1 when the document may exist (a lost reply): the next attempt checks first. */
  markBlocked(id: string, failure: FiscalFailure, message: string, uncertain: boolean): void {
    cachedStatement(this.db, "UPDATE fiscal_jobs SET state = 'blocked', uncertain = ?, failure = ?, failure_message = ?, updated_at = ? WHERE id = ?").run(
      uncertain ? 1 : 0,
      failure,
      message.slice(0, 500),
      this.now(),
      id,
    );
  }

  /** Blocked jobs go back in line; their `uncertain` mark stays. */
  unblockAll(): number {
    return cachedStatement(this.db, "UPDATE fiscal_jobs SET state = 'pending', updated_at = ? WHERE state = 'blocked'").run(this.now()).changes;
  }

  markIssued(id: string, document: FiscalDocument, source: FiscalDocumentSource): void {
    cachedStatement(
      this.db,
      `UPDATE fiscal_jobs SET state = 'issued', uncertain = 0, failure = NULL, failure_message = NULL, source = ?, serial = ?, z_number = ?,
         document_number = ?, document_date = ?, document_time = ?, amount_cents = ?, updated_at = ? WHERE id = ?`,
    ).run(source, document.serial, document.zNumber, document.documentNumber, document.date, document.time, document.amountCents, this.now(), id);
  }

  /** The last document this till knows the device issued; null when it never asked. */
  lastKnown(): FiscalBaseline | null {
    const row = cachedStatement(this.db, 'SELECT value FROM meta WHERE key = ?').get(LAST_KNOWN_KEY) as { value: string } | undefined;
    return parseBaseline(row?.value ?? null);
  }

  setLastKnown(document: FiscalBaseline): void {
    cachedStatement(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      LAST_KNOWN_KEY,
      document === 'none' ? 'none' : JSON.stringify(document),
    );
  }

  /** The jobs a device's Z closed: issued with that serial and Z number, in the order they were made. */
  issuedJobsOfZ(serial: string, zNumber: number): FiscalJobRow[] {
    return cachedStatement(this.db, "SELECT * FROM fiscal_jobs WHERE state = 'issued' AND serial = ? AND z_number = ? ORDER BY seq").all(serial, zNumber) as FiscalJobRow[];
  }

  /** The issued job a return or void refers to, when it was made at this till. */
  issuedJobOfDocument(serial: string, zNumber: number, documentNumber: number): FiscalJobRow | null {
    return (
      (cachedStatement(this.db, "SELECT * FROM fiscal_jobs WHERE state = 'issued' AND serial = ? AND z_number = ? AND document_number = ?").get(serial, zNumber, documentNumber) as
        | FiscalJobRow
        | undefined) ?? null
    );
  }

  /** The device date of the last Z this till stored, or null. */
  lastZDate(): string | null {
    const row = cachedStatement(this.db, "SELECT max(device_date) AS date FROM fiscal_closures WHERE kind = 'Z'").get() as { date: string | null };
    return row.date;
  }

  /** The shop's department table; the defaults until one is saved. */
  departments(): Department[] {
    const rows = cachedStatement(this.db, 'SELECT department, vat_code, description FROM fiscal_departments ORDER BY department').all() as {
      department: number;
      vat_code: VatCode;
      description: string;
    }[];
    if (rows.length === 0) return DEFAULT_DEPARTMENTS.map((d) => ({ ...d }));
    return rows.map((r) => ({ department: r.department, vatCode: r.vat_code, description: r.description }));
  }

  replaceDepartments(table: readonly Department[]): void {
    cachedStatement(this.db, 'DELETE FROM fiscal_departments').run();
    const insert = cachedStatement(this.db, 'INSERT INTO fiscal_departments (department, vat_code, description) VALUES (?, ?, ?)');
    for (const row of table) insert.run(row.department, row.vatCode, row.description);
  }

  /** `source` 'recovered': a Z found after its reply was lost, its daily amount the till's figure (migration 007). */
  insertClosure(closure: {
    id: string;
    shiftId: string;
    kind: 'X' | 'Z';
    serial: string;
    zNumber: number;
    dailyAmountCents: number;
    date: string;
    time: string;
    source?: FiscalClosureSource;
  }): void {
    cachedStatement(
      this.db,
      `INSERT INTO fiscal_closures (id, shift_id, kind, serial, z_number, daily_amount_cents, device_date, device_time, at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      closure.id,
      closure.shiftId,
      closure.kind,
      closure.serial,
      closure.zNumber,
      closure.dailyAmountCents,
      closure.date,
      closure.time,
      this.now(),
      closure.source ?? 'device',
    );
  }

  /** The highest Z number this till stored for a device serial, or null. */
  lastZNumber(serial: string): number | null {
    const row = cachedStatement(this.db, "SELECT max(z_number) AS z FROM fiscal_closures WHERE kind = 'Z' AND serial = ?").get(serial) as { z: number | null };
    return row.z;
  }

  /** The shift's "Z being sent" marker, or null when no Z of it may be in flight. */
  zSendingOf(shiftId: string): ZSendingRow | null {
    return (cachedStatement(this.db, 'SELECT * FROM fiscal_z_sending WHERE shift_id = ?').get(shiftId) as ZSendingRow | undefined) ?? null;
  }

  /** Durable before the Z leaves (or is sent again): a till killed from here on finds out before sending another. */
  markZSending(shiftId: string, baseline: ZBaseline): void {
    cachedStatement(
      this.db,
      `INSERT INTO fiscal_z_sending (shift_id, serial, open_z, basis, attempts, at) VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT (shift_id) DO UPDATE SET serial = excluded.serial, open_z = excluded.open_z, basis = excluded.basis, attempts = attempts + 1, at = excluded.at`,
    ).run(shiftId, baseline.serial, baseline.openZ, baseline.basis, this.now());
  }

  /** The Z is stored, or the device refused it for good: nothing of this shift is in flight. */
  clearZSending(shiftId: string): void {
    cachedStatement(this.db, 'DELETE FROM fiscal_z_sending WHERE shift_id = ?').run(shiftId);
  }

  zClosureOf(shiftId: string): FiscalClosureRow | null {
    return (cachedStatement(this.db, "SELECT * FROM fiscal_closures WHERE shift_id = ? AND kind = 'Z'").get(shiftId) as FiscalClosureRow | undefined) ?? null;
  }
}

export type FiscalClosureSource = 'device' | 'recovered';

/**
 * What the till knew of the device's open day before a Z left: the number that day closes as
 * (`openZ`), read from the last document (no print) or from an X reading (a day without documents).
 */
export interface ZBaseline {
  /** The device's serial, as the baseline read it. */
  readonly serial: string;
  readonly openZ: number;
  readonly basis: 'last-document' | 'x-reading';
}

export interface ZSendingRow {
  shift_id: string;
  serial: string | null;
  open_z: number;
  basis: ZBaseline['basis'];
  attempts: number;
  at: string;
}

export interface FiscalClosureRow {
  id: string;
  shift_id: string;
  kind: 'X' | 'Z';
  serial: string;
  z_number: number;
  daily_amount_cents: number;
  device_date: string;
  device_time: string;
  at: string;
  source: FiscalClosureSource;
}
