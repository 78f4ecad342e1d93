/**
 * @module
 * Storage of the SAP Business One link (issue 19): links, runs and the days sent. The same SQL
 * on both engines (`?` placeholders, `toNumber` for BIGINT).
 */
import type { SapProblem, SapSettings } from '@cassa/shared';
import type { SqlDatabase, SqlRow } from '../sql-database';
import { toNumber } from '../sql-database';

export interface SapLinkRow {
  readonly organisationId: string;
  readonly id: string;
  readonly settings: SapSettings;
  readonly credentials: string;
  readonly credentialsKeyId: string;
  readonly credentialHints: Readonly<Record<string, string>>;
  /** The newest `UpdateDate UpdateTime` seen in SAP's items, `YYYY-MM-DD HH:MM:SS`. */
  readonly itemsCursor: string | null;
  readonly lastItemsRunAt: string | null;
  readonly lastDaysRunAt: string | null;
  readonly lastProblem: SapProblem | null;
  readonly lastProblemDetail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SapRunProblem {
  readonly subject: string;
  readonly problem: SapProblem;
  readonly detail: string;
}

export interface SapRunRow {
  readonly id: string;
  readonly linkId: string;
  readonly kind: 'items' | 'day';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: 'ok' | 'partial' | 'failed' | null;
  readonly written: number;
  readonly problems: readonly SapRunProblem[];
}

export interface SapDayRow {
  readonly storeId: string;
  readonly businessDay: string;
  readonly reference: string;
  readonly state: 'sending' | 'sent';
  readonly invoiceDocEntry: number | null;
  readonly creditNoteDocEntry: number | null;
  /** Payment method → DocEntry of its incoming payment. */
  readonly paymentDocEntries: Readonly<Record<string, number>>;
  readonly grossCents: number;
  readonly sentAt: string | null;
}

export type SapLinkPatch = Partial<Pick<SapLinkRow, 'settings' | 'credentials' | 'credentialsKeyId' | 'credentialHints' | 'itemsCursor' | 'lastItemsRunAt' | 'lastDaysRunAt' | 'lastProblem' | 'lastProblemDetail'>>;
export type SapDayPatch = Partial<Pick<SapDayRow, 'state' | 'invoiceDocEntry' | 'creditNoteDocEntry' | 'paymentDocEntries' | 'grossCents' | 'sentAt'>>;

export interface SapStorage {
  createLink(row: SapLinkRow): Promise<void>;
  getLink(organisationId: string, linkId: string): Promise<SapLinkRow | null>;
  listLinks(organisationId: string): Promise<SapLinkRow[]>;
  /** Every organisation's links, for the schedule. */
  allLinks(): Promise<SapLinkRow[]>;
  /** False when the link does not exist (in this organisation). */
  updateLink(organisationId: string, linkId: string, patch: SapLinkPatch, now: string): Promise<boolean>;
  removeLink(organisationId: string, linkId: string): Promise<boolean>;
  startRun(organisationId: string, run: Pick<SapRunRow, 'id' | 'linkId' | 'kind' | 'startedAt'>): Promise<void>;
  finishRun(organisationId: string, runId: string, result: Pick<SapRunRow, 'finishedAt' | 'outcome' | 'written' | 'problems'>): Promise<void>;
  /** Newest first. */
  listRuns(organisationId: string, linkId: string, limit: number): Promise<SapRunRow[]>;
  /**
   * Takes the day for one send until `leaseUntil`: creates its row, or takes it when it is not
   * sent and no other send holds it. Null: sent already, or another send holds it now.
   */
  claimDay(organisationId: string, linkId: string, day: { storeId: string; businessDay: string; reference: string }, leaseUntil: string, now: string): Promise<SapDayRow | null>;
  getDay(organisationId: string, linkId: string, storeId: string, businessDay: string): Promise<SapDayRow | null>;
  /** Records what SAP booked; `state: 'sent'` also ends the lease. */
  recordDay(organisationId: string, linkId: string, storeId: string, businessDay: string, patch: SapDayPatch, now: string): Promise<void>;
  /** Ends a failed send's lease, so the next send may take the day at once. */
  releaseDay(organisationId: string, linkId: string, storeId: string, businessDay: string, now: string): Promise<void>;
  /** Newest days first. */
  listDays(organisationId: string, linkId: string, limit: number): Promise<SapDayRow[]>;
}

const LINK_COLUMNS =
  'organisation_id, id, settings, credentials, credentials_key_id, credential_hints, items_cursor, last_items_run_at, last_days_run_at, last_problem, last_problem_detail, created_at, updated_at';
const DAY_COLUMNS = 'store_id, business_day, reference, state, invoice_doc_entry, credit_note_doc_entry, payment_doc_entries, gross_cents, sent_at';

const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));

function linkOf(row: SqlRow): SapLinkRow {
  return {
    organisationId: String(row.organisation_id),
    id: String(row.id),
    settings: JSON.parse(String(row.settings)) as SapSettings,
    credentials: String(row.credentials),
    credentialsKeyId: String(row.credentials_key_id),
    credentialHints: JSON.parse(String(row.credential_hints)) as Record<string, string>,
    itemsCursor: textOrNull(row.items_cursor),
    lastItemsRunAt: textOrNull(row.last_items_run_at),
    lastDaysRunAt: textOrNull(row.last_days_run_at),
    lastProblem: textOrNull(row.last_problem) as SapProblem | null,
    lastProblemDetail: textOrNull(row.last_problem_detail),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function runOf(row: SqlRow): SapRunRow {
  return {
    id: String(row.id),
    linkId: String(row.link_id),
    kind: String(row.kind) as SapRunRow['kind'],
    startedAt: String(row.started_at),
    finishedAt: textOrNull(row.finished_at),
    outcome: textOrNull(row.outcome) as SapRunRow['outcome'],
    written: toNumber(row.written),
    problems: JSON.parse(String(row.problems)) as SapRunProblem[],
  };
}

function dayOf(row: SqlRow): SapDayRow {
  return {
    storeId: String(row.store_id),
    businessDay: String(row.business_day),
    reference: String(row.reference),
    state: String(row.state) as SapDayRow['state'],
    invoiceDocEntry: numberOrNull(row.invoice_doc_entry),
    creditNoteDocEntry: numberOrNull(row.credit_note_doc_entry),
    paymentDocEntries: JSON.parse(String(row.payment_doc_entries)) as Record<string, number>,
    grossCents: toNumber(row.gross_cents),
    sentAt: textOrNull(row.sent_at),
  };
}

const LINK_PATCH_COLUMNS: Record<keyof SapLinkPatch, string> = {
  settings: 'settings',
  credentials: 'credentials',
  credentialsKeyId: 'credentials_key_id',
  credentialHints: 'credential_hints',
  itemsCursor: 'items_cursor',
  lastItemsRunAt: 'last_items_run_at',
  lastDaysRunAt: 'last_days_run_at',
  lastProblem: 'last_problem',
  lastProblemDetail: 'last_problem_detail',
};

const DAY_PATCH_COLUMNS: Record<keyof SapDayPatch, string> = {
  state: 'state',
  invoiceDocEntry: 'invoice_doc_entry',
  creditNoteDocEntry: 'credit_note_doc_entry',
  paymentDocEntries: 'payment_doc_entries',
  grossCents: 'gross_cents',
  sentAt: 'sent_at',
};

const stored = (value: unknown): string | number | null => (value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : (value as string | number));

export function createSapStorage(db: SqlDatabase): SapStorage {
  return {
    async createLink(row) {
      await db.query(`INSERT INTO sap_links (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?)`, [
        row.organisationId,
        row.id,
        JSON.stringify(row.settings),
        row.credentials,
        row.credentialsKeyId,
        JSON.stringify(row.credentialHints),
        row.createdAt,
        row.updatedAt,
      ]);
    },
    async getLink(organisationId, linkId) {
      const rows = await db.query(`SELECT ${LINK_COLUMNS} FROM sap_links WHERE organisation_id = ? AND id = ?`, [organisationId, linkId]);
      return rows[0] ? linkOf(rows[0]) : null;
    },
    async listLinks(organisationId) {
      return (await db.query(`SELECT ${LINK_COLUMNS} FROM sap_links WHERE organisation_id = ? ORDER BY created_at, id`, [organisationId])).map(linkOf);
    },
    async allLinks() {
      return (await db.query(`SELECT ${LINK_COLUMNS} FROM sap_links ORDER BY organisation_id, id`)).map(linkOf);
    },
    async updateLink(organisationId, linkId, patch, now) {
      const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof SapLinkPatch, unknown][];
      const sets = [...entries.map(([field]) => `${LINK_PATCH_COLUMNS[field]} = ?`), 'updated_at = ?'];
      const rows = await db.query(`UPDATE sap_links SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ? RETURNING id`, [
        ...entries.map(([, value]) => stored(value)),
        now,
        organisationId,
        linkId,
      ]);
      return rows.length > 0;
    },
    async removeLink(organisationId, linkId) {
      return db.transaction(async (tx) => {
        const rows = await tx.query('DELETE FROM sap_links WHERE organisation_id = ? AND id = ? RETURNING id', [organisationId, linkId]);
        await tx.query('DELETE FROM sap_runs WHERE organisation_id = ? AND link_id = ?', [organisationId, linkId]);
        await tx.query('DELETE FROM sap_days WHERE organisation_id = ? AND link_id = ?', [organisationId, linkId]);
        return rows.length > 0;
      });
    },
    async startRun(organisationId, run) {
      await db.query("INSERT INTO sap_runs (organisation_id, id, link_id, kind, started_at, finished_at, outcome, written, problems) VALUES (?, ?, ?, ?, ?, NULL, NULL, 0, '[]')", [
        organisationId,
        run.id,
        run.linkId,
        run.kind,
        run.startedAt,
      ]);
    },
    async finishRun(organisationId, runId, result) {
      await db.query('UPDATE sap_runs SET finished_at = ?, outcome = ?, written = ?, problems = ? WHERE organisation_id = ? AND id = ?', [
        result.finishedAt,
        result.outcome,
        result.written,
        JSON.stringify(result.problems),
        organisationId,
        runId,
      ]);
    },
    async listRuns(organisationId, linkId, limit) {
      return (await db.query('SELECT * FROM sap_runs WHERE organisation_id = ? AND link_id = ? ORDER BY started_at DESC, id DESC LIMIT ?', [organisationId, linkId, limit])).map(runOf);
    },
    async claimDay(organisationId, linkId, day, leaseUntil, now) {
      return db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO sap_days (organisation_id, link_id, store_id, business_day, reference, state, lease_until, invoice_doc_entry, credit_note_doc_entry, payment_doc_entries, gross_cents, sent_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'sending', NULL, NULL, NULL, '{}', 0, NULL, ?) ON CONFLICT DO NOTHING`,
          [organisationId, linkId, day.storeId, day.businessDay, day.reference, now],
        );
        const rows = await tx.query(
          `UPDATE sap_days SET lease_until = ?, updated_at = ? WHERE organisation_id = ? AND link_id = ? AND store_id = ? AND business_day = ? AND state = 'sending' AND (lease_until IS NULL OR lease_until < ?) RETURNING ${DAY_COLUMNS}`,
          [leaseUntil, now, organisationId, linkId, day.storeId, day.businessDay, now],
        );
        return rows[0] ? dayOf(rows[0]) : null;
      });
    },
    async getDay(organisationId, linkId, storeId, businessDay) {
      const rows = await db.query(`SELECT ${DAY_COLUMNS} FROM sap_days WHERE organisation_id = ? AND link_id = ? AND store_id = ? AND business_day = ?`, [organisationId, linkId, storeId, businessDay]);
      return rows[0] ? dayOf(rows[0]) : null;
    },
    async recordDay(organisationId, linkId, storeId, businessDay, patch, now) {
      const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof SapDayPatch, unknown][];
      const sets = [...entries.map(([field]) => `${DAY_PATCH_COLUMNS[field]} = ?`), 'updated_at = ?', ...(patch.state === 'sent' ? ['lease_until = NULL'] : [])];
      await db.query(`UPDATE sap_days SET ${sets.join(', ')} WHERE organisation_id = ? AND link_id = ? AND store_id = ? AND business_day = ?`, [
        ...entries.map(([, value]) => stored(value)),
        now,
        organisationId,
        linkId,
        storeId,
        businessDay,
      ]);
    },
    async releaseDay(organisationId, linkId, storeId, businessDay, now) {
      await db.query("UPDATE sap_days SET lease_until = NULL, updated_at = ? WHERE organisation_id = ? AND link_id = ? AND store_id = ? AND business_day = ? AND state = 'sending'", [
        now,
        organisationId,
        linkId,
        storeId,
        businessDay,
      ]);
    },
    async listDays(organisationId, linkId, limit) {
      return (await db.query(`SELECT ${DAY_COLUMNS} FROM sap_days WHERE organisation_id = ? AND link_id = ? ORDER BY business_day DESC, store_id LIMIT ?`, [organisationId, linkId, limit])).map(dayOf);
    },
  };
}
