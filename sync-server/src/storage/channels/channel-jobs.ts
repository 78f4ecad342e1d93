/**
 * @module
 * The durable per-account job queue of the channels (issue 18): `channel_jobs`, one row per
 * (organisation, account, kind, job key). A stock change is queued in the transaction that makes
 * it, so no committed change lacks its job; many changes to one variant fold into one row
 * (coalescing), and the quantity is computed when the job is sent, never when it was queued.
 *
 * Workers claim due jobs with a lease (`claimed_by`, `claimed_until`): on PostgreSQL the claim
 * skips rows another process is claiming (`FOR UPDATE SKIP LOCKED`), and a claimed row is not
 * claimable again until its lease ends, so two processes never send one job at once; on SQLite
 * the single writer serialises claims. A process killed mid-job leaves a lease that simply
 * expires. A finished job is deleted only at the revision it was claimed at (see migration 19).
 */
import { randomUUID } from 'node:crypto';
import { CHANNEL_STOCK_COALESCE_MS } from '@cassa/shared';
import type { ChannelProblem } from '@cassa/shared';
import { insertMany } from '../multi-row';
import type { MultiRowTable } from '../multi-row';
import type { SqlDatabase, SqlExecutor, SqlValue } from '../sql-database';
import { toNumber } from '../sql-database';

export type ChannelJobKind = 'stock' | 'orders' | 'reconcile' | 'publish' | 'link';

export interface ChannelJob {
  readonly organisationId: string;
  readonly accountId: string;
  readonly kind: ChannelJobKind;
  readonly jobKey: string;
  readonly payload: string;
  readonly dueAt: string;
  readonly attempts: number;
  readonly revision: number;
  readonly lastProblem: string | null;
  readonly claimedBy: string | null;
  readonly claimedUntil: string | null;
}

export interface NewChannelJob {
  readonly organisationId: string;
  readonly accountId: string;
  readonly kind: ChannelJobKind;
  readonly jobKey: string;
  readonly payload: string;
  readonly dueAt: Date;
}

export interface DeadLetterInput {
  readonly problem: ChannelProblem;
  readonly detail: string;
  readonly remoteStatus: number | null;
}

const JOB_COLUMNS = 'organisation_id, account_id, kind, job_key, payload, due_at, attempts, revision, last_problem, claimed_by, claimed_until';

const JOBS: MultiRowTable = {
  table: 'channel_jobs',
  columns: ['organisation_id', 'account_id', 'kind', 'job_key', 'payload', 'due_at', 'attempts', 'revision', 'created_at', 'updated_at'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'integer', 'integer', 'text', 'text'],
  // Coalescing: a change to a variant already waiting keeps the earlier due time and bumps the
  // revision (a worker sending it right now will send once more).
  suffix: ` ON CONFLICT (organisation_id, account_id, kind, job_key) DO UPDATE SET
    due_at = CASE WHEN channel_jobs.due_at < excluded.due_at THEN channel_jobs.due_at ELSE excluded.due_at END,
    payload = excluded.payload, revision = channel_jobs.revision + 1, updated_at = excluded.updated_at`,
};

/** Jobs queued only when none is waiting (recurring polls): an existing one keeps its time. */
const JOBS_IF_ABSENT: MultiRowTable = { ...JOBS, suffix: ' ON CONFLICT (organisation_id, account_id, kind, job_key) DO NOTHING' };

type JobRow = Record<string, unknown>;

function jobOf(row: JobRow): ChannelJob {
  return {
    organisationId: String(row.organisation_id),
    accountId: String(row.account_id),
    kind: String(row.kind) as ChannelJobKind,
    jobKey: String(row.job_key),
    payload: String(row.payload),
    dueAt: String(row.due_at),
    attempts: toNumber(row.attempts),
    revision: toNumber(row.revision),
    lastProblem: row.last_problem === null ? null : String(row.last_problem),
    claimedBy: row.claimed_by === null ? null : String(row.claimed_by),
    claimedUntil: row.claimed_until === null ? null : String(row.claimed_until),
  };
}

function jobRow(job: NewChannelJob, now: Date): SqlValue[] {
  return [job.organisationId, job.accountId, job.kind, job.jobKey, job.payload, job.dueAt.toISOString(), 0, 0, now.toISOString(), now.toISOString()];
}

/** A remote's words as PostgreSQL takes them (it refuses NUL in text). */
export const withoutNul = (text: string): string => text.replace(/\u0000/g, '');

const jobKey = (job: Pick<ChannelJob, 'organisationId' | 'accountId' | 'kind' | 'jobKey'>): SqlValue[] => [job.organisationId, job.accountId, job.kind, job.jobKey];
const BY_KEY = 'organisation_id = ? AND account_id = ? AND kind = ? AND job_key = ?';

/**
 * Queues a stock job for every channel account of the organisation that sells from one of these
 * stores, coalesced per account and variant, in the caller's transaction (the push, the transfer,
 * the imported order that moved the stock), so a change is never committed without its job.
 * An organisation without channel accounts costs one primary-key read. Answers how many jobs were
 * queued or folded into a waiting one.
 */
export async function enqueueStockChanges(
  tx: SqlExecutor,
  organisationId: string,
  changes: readonly { readonly storeId: string; readonly variantId: string }[],
  now: Date,
): Promise<number> {
  if (changes.length === 0) return 0;
  // Paused and auth-failed accounts queue too: what they missed is sent when they resume.
  const accounts = await tx.query<{ id: string; store_ids: string }>("SELECT id, store_ids FROM channel_accounts WHERE organisation_id = ? AND status <> 'disconnected'", [organisationId]);
  if (accounts.length === 0) return 0;
  const due = new Date(now.getTime() + CHANNEL_STOCK_COALESCE_MS);
  const jobs: NewChannelJob[] = [];
  for (const account of accounts) {
    const stores = new Set(JSON.parse(account.store_ids) as string[]);
    const variants = new Set<string>();
    for (const change of changes) if (stores.has(change.storeId)) variants.add(change.variantId);
    // Sorted: two transactions upsert shared rows in one order, so they cannot deadlock.
    for (const variantId of [...variants].sort()) {
      jobs.push({ organisationId, accountId: account.id, kind: 'stock', jobKey: variantId, payload: JSON.stringify({ variantId }), dueAt: due });
    }
  }
  if (jobs.length === 0) return 0;
  await insertMany(
    tx,
    JOBS,
    jobs.map((job) => jobRow(job, now)),
  );
  return jobs.length;
}

export interface ChannelJobQueue {
  /** Queues (or folds into a waiting job, keeping the earlier due time). */
  enqueue(tx: SqlExecutor, jobs: readonly NewChannelJob[], now: Date): Promise<void>;
  /** Queues only the jobs not already waiting (recurring polls and the nightly reconciliation). */
  ensure(jobs: readonly NewChannelJob[], now: Date): Promise<void>;
  /**
   * Leases up to `limit` due jobs of active accounts to `workerId` until `now + leaseMs`; a job
   * under another live lease is never answered.
   */
  claim(workerId: string, now: Date, leaseMs: number, limit: number): Promise<ChannelJob[]>;
  /**
   * Done: deleted if nothing was folded into it since the claim, otherwise released to run again
   * (the quantity of the moment is sent). Answers false when the lease was lost (another worker
   * took the job after it expired).
   */
  complete(job: ChannelJob, workerId: string, now: Date): Promise<boolean>;
  /** Runs again at `dueAt`; `attempts` as counted by the caller (an attempt that failed adds one). */
  reschedule(job: ChannelJob, workerId: string, update: { readonly dueAt: Date; readonly attempts: number; readonly problem: string | null; readonly detail: string | null }, now: Date): Promise<void>;
  /** Moves the job to the dead letters (the queue goes on without it); a change folded in since the claim stays queued. */
  deadLetter(job: ChannelJob, workerId: string, failure: DeadLetterInput, now: Date): Promise<string>;
  /** Keeps our lease on jobs still being worked on (a long reconciliation); jobs another worker took are left alone. */
  extend(jobs: readonly ChannelJob[], workerId: string, until: Date): Promise<void>;
  /** Waiting jobs per account of the organisation. */
  depth(organisationId: string): Promise<Map<string, number>>;
  /** The earliest due time of any job of an active account (for the worker's timer). */
  nextDue(): Promise<string | null>;
  /** Every waiting job of an account (tests, the page's detail). */
  list(organisationId: string, accountId: string): Promise<ChannelJob[]>;
  /** Drops every waiting job of an account (a disconnect). */
  dropAll(tx: SqlExecutor, organisationId: string, accountId: string): Promise<void>;
}

export function createChannelJobQueue(db: SqlDatabase): ChannelJobQueue {
  const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE OF j SKIP LOCKED' : '';
  return {
    async enqueue(tx, jobs, now) {
      if (jobs.length === 0) return;
      await insertMany(
        tx,
        JOBS,
        jobs.map((job) => jobRow(job, now)),
      );
    },
    async ensure(jobs, now) {
      if (jobs.length === 0) return;
      await db.transaction((tx) =>
        insertMany(
          tx,
          JOBS_IF_ABSENT,
          jobs.map((job) => jobRow(job, now)),
        ),
      );
    },
    async claim(workerId, now, leaseMs, limit) {
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const rows = await db.transaction((tx) =>
        tx.query(
          `UPDATE channel_jobs SET claimed_by = ?, claimed_until = ?
           WHERE (organisation_id, account_id, kind, job_key) IN (
             SELECT j.organisation_id, j.account_id, j.kind, j.job_key FROM channel_jobs j
             JOIN channel_accounts a ON a.organisation_id = j.organisation_id AND a.id = j.account_id
             WHERE j.due_at <= ? AND (j.claimed_until IS NULL OR j.claimed_until <= ?) AND a.status = 'active'
             ORDER BY j.due_at LIMIT ?${skipLocked})
           RETURNING ${JOB_COLUMNS}`,
          [workerId, until, at, at, limit],
        ),
      );
      return rows.map(jobOf).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },
    async complete(job, workerId, now) {
      return db.transaction(async (tx) => {
        const deleted = await tx.query(`DELETE FROM channel_jobs WHERE ${BY_KEY} AND claimed_by = ? AND revision = ? RETURNING job_key`, [...jobKey(job), workerId, job.revision]);
        if (deleted.length > 0) return true;
        const released = await tx.query(
          `UPDATE channel_jobs SET claimed_by = NULL, claimed_until = NULL, attempts = 0, last_problem = NULL, last_detail = NULL, updated_at = ? WHERE ${BY_KEY} AND claimed_by = ? RETURNING job_key`,
          [now.toISOString(), ...jobKey(job), workerId],
        );
        return released.length > 0;
      });
    },
    async reschedule(job, workerId, update, now) {
      await db.query(
        `UPDATE channel_jobs SET due_at = ?, attempts = ?, last_problem = ?, last_detail = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE ${BY_KEY} AND claimed_by = ?`,
        [update.dueAt.toISOString(), update.attempts, update.problem, update.detail === null ? null : withoutNul(update.detail).slice(0, 500), now.toISOString(), ...jobKey(job), workerId],
      );
    },
    async deadLetter(job, workerId, failure, now) {
      const id = `dl-${randomUUID()}`;
      const at = now.toISOString();
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO channel_dead_letters (organisation_id, id, account_id, kind, job_key, payload, attempts, problem, detail, remote_status, state, first_failed_at, last_failed_at, resolved_by, resolved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, NULL, NULL)`,
          [job.organisationId, id, job.accountId, job.kind, job.jobKey, job.payload, job.attempts + 1, failure.problem, withoutNul(failure.detail).slice(0, 500), failure.remoteStatus, at, at],
        );
        const deleted = await tx.query(`DELETE FROM channel_jobs WHERE ${BY_KEY} AND claimed_by = ? AND revision = ? RETURNING job_key`, [...jobKey(job), workerId, job.revision]);
        if (deleted.length === 0) {
          await tx.query(`UPDATE channel_jobs SET claimed_by = NULL, claimed_until = NULL, attempts = 0, updated_at = ? WHERE ${BY_KEY} AND claimed_by = ?`, [at, ...jobKey(job), workerId]);
        }
      });
      return id;
    },
    async extend(claimed, workerId, until) {
      for (const job of claimed) {
        await db.query(`UPDATE channel_jobs SET claimed_until = ? WHERE ${BY_KEY} AND claimed_by = ?`, [until.toISOString(), ...jobKey(job), workerId]);
      }
    },
    async depth(organisationId) {
      const rows = await db.query<{ account_id: string; n: unknown }>('SELECT account_id, COUNT(*) AS n FROM channel_jobs WHERE organisation_id = ? AND kind NOT IN (?, ?) GROUP BY account_id', [
        organisationId,
        // The recurring polls are always there: they are not a backlog.
        'orders',
        'reconcile',
      ]);
      return new Map(rows.map((r) => [r.account_id, toNumber(r.n)]));
    },
    async nextDue() {
      const rows = await db.query<{ due: string | null }>(
        `SELECT MIN(CASE WHEN j.claimed_until IS NOT NULL AND j.claimed_until > j.due_at THEN j.claimed_until ELSE j.due_at END) AS due
         FROM channel_jobs j JOIN channel_accounts a ON a.organisation_id = j.organisation_id AND a.id = j.account_id WHERE a.status = 'active'`,
      );
      return rows[0]?.due ?? null;
    },
    async list(organisationId, accountId) {
      const rows = await db.query(`SELECT ${JOB_COLUMNS} FROM channel_jobs WHERE organisation_id = ? AND account_id = ? ORDER BY due_at, kind, job_key`, [organisationId, accountId]);
      return rows.map(jobOf);
    },
    async dropAll(tx, organisationId, accountId) {
      await tx.query('DELETE FROM channel_jobs WHERE organisation_id = ? AND account_id = ?', [organisationId, accountId]);
    },
  };
}
