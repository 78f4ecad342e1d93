/**
 * @module
 * Head office's webhook storage (issue 19): endpoints, the deliveries a worker leases and settles,
 * and the delivery log. Every read and write names the organisation, so another organisation's
 * endpoint id finds nothing. Leases work as the channel jobs' do: a claim marks rows with the
 * worker and a deadline, PostgreSQL skips rows another worker is claiming (`FOR UPDATE SKIP
 * LOCKED`), and a worker that died lets its lease lapse so another sends the event again (at least
 * once). A delivery is claimable only when no earlier delivery of the same resource to the same
 * endpoint is still pending, so one sale's, variant's or product's events arrive in order even
 * across retries.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEndpointStatus, WebhookEventType } from '@cassa/shared';
import { toNumber } from '../sql-database';
import type { SqlDatabase, SqlExecutor } from '../sql-database';

export interface WebhookEndpointRow {
  readonly organisationId: string;
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: WebhookEventType[];
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretUntil: string | null;
  readonly status: WebhookEndpointStatus;
  readonly failingSince: string | null;
  readonly disabledAt: string | null;
  readonly pending: number;
  readonly createdAt: string;
}

export interface ClaimedDelivery {
  readonly organisationId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly seq: number;
  readonly attempts: number;
  /** The exact body to send (the same on every attempt). */
  readonly body: string;
  /** When the event was written: the first attempt's timestamp for the five-day rule is the endpoint's. */
  readonly createdAt: string;
  readonly url: string;
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretUntil: string | null;
}

export interface AttemptRecord {
  readonly status: number | null;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly excerpt: string;
}

export interface AttemptRow extends AttemptRecord {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly attemptedAt: string;
}

export interface EndpointPatch {
  readonly url?: string;
  readonly description?: string;
  readonly eventTypes?: readonly WebhookEventType[];
  readonly status?: 'active' | 'paused';
}

export interface WebhookStorage {
  listEndpoints(organisationId: string): Promise<WebhookEndpointRow[]>;
  getEndpoint(organisationId: string, endpointId: string): Promise<WebhookEndpointRow | null>;
  createEndpoint(input: { organisationId: string; id: string; url: string; description: string; eventTypes: readonly WebhookEventType[]; secret: string }, now: Date): Promise<void>;
  /** False when the endpoint is not the organisation's. */
  updateEndpoint(organisationId: string, endpointId: string, patch: EndpointPatch, now: Date): Promise<boolean>;
  deleteEndpoint(organisationId: string, endpointId: string): Promise<boolean>;
  /** The new secret signs from now; the old one alongside until `previousUntil`. */
  rotateSecret(organisationId: string, endpointId: string, secret: string, previousUntil: Date, now: Date): Promise<boolean>;
  /** Back to active; its waiting deliveries are due now, oldest first. */
  reenable(organisationId: string, endpointId: string, now: Date): Promise<boolean>;
  /** Leases up to `limit` due deliveries of active endpoints (the earliest pending per resource only). */
  claim(workerId: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /**
   * Logs an attempt and settles the delivery: delivered on success (the endpoint stops failing),
   * else due again at `retryAt`; an endpoint failing since before `disableIfFailingSince` is
   * disabled. False when the lease was lost (another worker took the delivery; nothing is changed
   * but the log).
   */
  settle(delivery: ClaimedDelivery, workerId: string, attempt: AttemptRecord, retryAt: Date, disableIfFailingSince: Date, now: Date): Promise<boolean>;
  /** Logs an attempt that belongs to no delivery (a test send). */
  logAttempt(organisationId: string, endpointId: string, eventId: string, eventType: string, attempt: AttemptRecord, now: Date): Promise<void>;
  attempts(organisationId: string, endpointId: string, offset: number, limit: number): Promise<{ total: number; rows: AttemptRow[] }>;
  /** Queues the event for the endpoint again, under its id; false when the endpoint never had it. */
  redeliver(organisationId: string, endpointId: string, eventId: string, now: Date): Promise<boolean>;
  /**
   * Forgets what is done and old: deliveries delivered before `before`, events no delivery waits
   * for any more, and log lines older than `before`. Pending deliveries and their events stay.
   */
  prune(before: Date): Promise<number>;
  /** Deliveries of an endpoint in seq order (tests, support). */
  deliveries(organisationId: string, endpointId: string): Promise<{ eventId: string; state: string; attempts: number; nextAt: string }[]>;
}

const ENDPOINT_COLUMNS = `e.organisation_id, e.id, e.url, e.description, e.event_types, e.secret, e.previous_secret, e.previous_secret_until, e.status, e.failing_since, e.disabled_at, e.created_at,
  (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.organisation_id = e.organisation_id AND d.endpoint_id = e.id AND d.state = 'pending') AS pending`;

function endpointOf(row: Record<string, unknown>): WebhookEndpointRow {
  return {
    organisationId: String(row['organisation_id']),
    id: String(row['id']),
    url: String(row['url']),
    description: String(row['description']),
    eventTypes: JSON.parse(String(row['event_types'])) as WebhookEventType[],
    secret: String(row['secret']),
    previousSecret: row['previous_secret'] === null ? null : String(row['previous_secret']),
    previousSecretUntil: row['previous_secret_until'] === null ? null : String(row['previous_secret_until']),
    status: String(row['status']) as WebhookEndpointStatus,
    failingSince: row['failing_since'] === null ? null : String(row['failing_since']),
    disabledAt: row['disabled_at'] === null ? null : String(row['disabled_at']),
    pending: toNumber(row['pending']),
    createdAt: String(row['created_at']),
  };
}

/** PostgreSQL refuses NUL in text; an endpoint's answer may hold anything. */
const withoutNul = (text: string): string => text.replace(/\u0000/g, '');

async function insertAttempt(tx: SqlExecutor, organisationId: string, endpointId: string, eventId: string, eventType: string, attempt: AttemptRecord, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO webhook_attempts (organisation_id, id, endpoint_id, event_id, event_type, attempted_at, status, ok, duration_ms, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [organisationId, `att-${randomUUID()}`, endpointId, eventId, eventType, now.toISOString(), attempt.status, attempt.ok ? 1 : 0, Math.max(0, Math.round(attempt.durationMs)), withoutNul(attempt.excerpt).slice(0, 300)],
  );
}

/** Leases due deliveries: see WebhookStorage.claim. */
async function claimDeliveries(db: SqlDatabase, workerId: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE OF d SKIP LOCKED' : '';
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const claimed = await db.transaction((tx) =>
    tx.query<{ organisation_id: string; endpoint_id: string; event_id: string }>(
      `UPDATE webhook_deliveries SET claimed_by = ?, claimed_until = ?
       WHERE (organisation_id, endpoint_id, event_id) IN (
         SELECT d.organisation_id, d.endpoint_id, d.event_id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.organisation_id = d.organisation_id AND e.id = d.endpoint_id
         WHERE d.state = 'pending' AND d.next_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?) AND e.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.organisation_id = d.organisation_id AND p.endpoint_id = d.endpoint_id
                           AND p.resource_key = d.resource_key AND p.state = 'pending' AND p.seq < d.seq)
         ORDER BY d.seq LIMIT ?${skipLocked})
       RETURNING organisation_id, endpoint_id, event_id`,
      [workerId, until, at, at, limit],
    ),
  );
  if (claimed.length === 0) return [];
  const out: ClaimedDelivery[] = [];
  for (const c of claimed) {
    const rows = await db.query(
      `SELECT d.seq, d.attempts, v.type, v.body, v.created_at, e.url, e.secret, e.previous_secret, e.previous_secret_until
       FROM webhook_deliveries d
       JOIN webhook_events v ON v.organisation_id = d.organisation_id AND v.id = d.event_id
       JOIN webhook_endpoints e ON e.organisation_id = d.organisation_id AND e.id = d.endpoint_id
       WHERE d.organisation_id = ? AND d.endpoint_id = ? AND d.event_id = ?`,
      [c.organisation_id, c.endpoint_id, c.event_id],
    );
    const row = rows[0];
    if (!row) continue;
    out.push({
      organisationId: c.organisation_id,
      endpointId: c.endpoint_id,
      eventId: c.event_id,
      eventType: String(row['type']),
      seq: toNumber(row['seq']),
      attempts: toNumber(row['attempts']),
      body: String(row['body']),
      createdAt: String(row['created_at']),
      url: String(row['url']),
      secret: String(row['secret']),
      previousSecret: row['previous_secret'] === null ? null : String(row['previous_secret']),
      previousSecretUntil: row['previous_secret_until'] === null ? null : String(row['previous_secret_until']),
    });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Logs an attempt and settles its delivery: see WebhookStorage.settle. */
async function settleDelivery(db: SqlDatabase, delivery: ClaimedDelivery, workerId: string, attempt: AttemptRecord, retryAt: Date, disableIfFailingSince: Date, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const key = [delivery.organisationId, delivery.endpointId, delivery.eventId];
  return db.transaction(async (tx) => {
    await insertAttempt(tx, delivery.organisationId, delivery.endpointId, delivery.eventId, delivery.eventType, attempt, now);
    const held = attempt.ok
      ? await tx.query(
          "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE organisation_id = ? AND endpoint_id = ? AND event_id = ? AND claimed_by = ? RETURNING event_id",
          [at, at, ...key, workerId],
        )
      : await tx.query(
          'UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE organisation_id = ? AND endpoint_id = ? AND event_id = ? AND claimed_by = ? RETURNING event_id',
          [retryAt.toISOString(), at, ...key, workerId],
        );
    // A lost lease: another worker owns the delivery now, and its outcome decides the endpoint's state.
    if (held.length === 0) return false;
    const endpoint = [delivery.organisationId, delivery.endpointId];
    if (attempt.ok) {
      await tx.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE organisation_id = ? AND id = ? AND failing_since IS NOT NULL', endpoint);
    } else {
      await tx.query('UPDATE webhook_endpoints SET failing_since = ? WHERE organisation_id = ? AND id = ? AND failing_since IS NULL', [at, ...endpoint]);
      // Five days of nothing but failures: head office stops trying and says so on the page.
      await tx.query("UPDATE webhook_endpoints SET status = 'disabled', disabled_at = ?, updated_at = ? WHERE organisation_id = ? AND id = ? AND status = 'active' AND failing_since <= ?", [
        at,
        at,
        ...endpoint,
        disableIfFailingSince.toISOString(),
      ]);
    }
    return true;
  });
}

export function createWebhookStorage(db: SqlDatabase): WebhookStorage {
  return {
    async listEndpoints(organisationId) {
      const rows = await db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.organisation_id = ? ORDER BY e.created_at, e.id`, [organisationId]);
      return rows.map(endpointOf);
    },
    async getEndpoint(organisationId, endpointId) {
      const rows = await db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.organisation_id = ? AND e.id = ?`, [organisationId, endpointId]);
      return rows[0] ? endpointOf(rows[0]) : null;
    },
    async createEndpoint(input, now) {
      const at = now.toISOString();
      await db.query(
        `INSERT INTO webhook_endpoints (organisation_id, id, url, description, event_types, secret, previous_secret, previous_secret_until, status, failing_since, disabled_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 'active', NULL, NULL, ?, ?)`,
        [input.organisationId, input.id, input.url, input.description, JSON.stringify([...input.eventTypes]), input.secret, at, at],
      );
    },
    async updateEndpoint(organisationId, endpointId, patch, now) {
      const set: [string, string][] = [];
      if (patch.url !== undefined) set.push(['url = ?', patch.url]);
      if (patch.description !== undefined) set.push(['description = ?', patch.description]);
      if (patch.eventTypes !== undefined) set.push(['event_types = ?', JSON.stringify([...patch.eventTypes])]);
      // Pausing or resuming never touches a disabled endpoint: only re-enabling does.
      if (patch.status !== undefined) set.push(["status = CASE WHEN status = 'disabled' THEN status ELSE ? END", patch.status]);
      const sets = set.map(([sql]) => sql);
      const values = set.map(([, value]) => value);
      const rows = await db.query(`UPDATE webhook_endpoints SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE organisation_id = ? AND id = ? RETURNING id`, [...values, now.toISOString(), organisationId, endpointId]);
      return rows.length > 0;
    },
    async deleteEndpoint(organisationId, endpointId) {
      return db.transaction(async (tx) => {
        const rows = await tx.query('DELETE FROM webhook_endpoints WHERE organisation_id = ? AND id = ? RETURNING id', [organisationId, endpointId]);
        if (rows.length === 0) return false;
        await tx.query('DELETE FROM webhook_deliveries WHERE organisation_id = ? AND endpoint_id = ?', [organisationId, endpointId]);
        await tx.query('DELETE FROM webhook_attempts WHERE organisation_id = ? AND endpoint_id = ?', [organisationId, endpointId]);
        return true;
      });
    },
    async rotateSecret(organisationId, endpointId, secret, previousUntil, now) {
      const rows = await db.query(
        'UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ?, secret = ?, updated_at = ? WHERE organisation_id = ? AND id = ? RETURNING id',
        [previousUntil.toISOString(), secret, now.toISOString(), organisationId, endpointId],
      );
      return rows.length > 0;
    },
    async reenable(organisationId, endpointId, now) {
      const at = now.toISOString();
      return db.transaction(async (tx) => {
        const rows = await tx.query(
          "UPDATE webhook_endpoints SET status = 'active', failing_since = NULL, disabled_at = NULL, updated_at = ? WHERE organisation_id = ? AND id = ? RETURNING id",
          [at, organisationId, endpointId],
        );
        if (rows.length === 0) return false;
        await tx.query("UPDATE webhook_deliveries SET next_at = ?, attempts = 0, updated_at = ? WHERE organisation_id = ? AND endpoint_id = ? AND state = 'pending'", [at, at, organisationId, endpointId]);
        return true;
      });
    },
    claim: (workerId, now, leaseMs, limit) => claimDeliveries(db, workerId, now, leaseMs, limit),
    settle: (delivery, workerId, attempt, retryAt, disableIfFailingSince, now) => settleDelivery(db, delivery, workerId, attempt, retryAt, disableIfFailingSince, now),
    async logAttempt(organisationId, endpointId, eventId, eventType, attempt, now) {
      await insertAttempt(db, organisationId, endpointId, eventId, eventType, attempt, now);
    },
    async attempts(organisationId, endpointId, offset, limit) {
      const counted = await db.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM webhook_attempts WHERE organisation_id = ? AND endpoint_id = ?', [organisationId, endpointId]);
      const rows = await db.query(
        'SELECT id, event_id, event_type, attempted_at, status, ok, duration_ms, excerpt FROM webhook_attempts WHERE organisation_id = ? AND endpoint_id = ? ORDER BY attempted_at DESC, id DESC LIMIT ? OFFSET ?',
        [organisationId, endpointId, limit, offset],
      );
      return {
        total: toNumber(counted[0]?.n),
        rows: rows.map((r) => ({
          id: String(r['id']),
          eventId: String(r['event_id']),
          eventType: String(r['event_type']),
          attemptedAt: String(r['attempted_at']),
          status: r['status'] === null ? null : toNumber(r['status']),
          ok: toNumber(r['ok']) === 1,
          durationMs: toNumber(r['duration_ms']),
          excerpt: String(r['excerpt']),
        })),
      };
    },
    async redeliver(organisationId, endpointId, eventId, now) {
      const at = now.toISOString();
      const rows = await db.query(
        "UPDATE webhook_deliveries SET state = 'pending', next_at = ?, attempts = 0, delivered_at = NULL, updated_at = ? WHERE organisation_id = ? AND endpoint_id = ? AND event_id = ? RETURNING event_id",
        [at, at, organisationId, endpointId, eventId],
      );
      return rows.length > 0;
    },
    async prune(before) {
      const cutoff = before.toISOString();
      return db.transaction(async (tx) => {
        const deliveries = await tx.query("DELETE FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < ? RETURNING event_id", [cutoff]);
        const events = await tx.query(
          `DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries d WHERE d.organisation_id = webhook_events.organisation_id AND d.event_id = webhook_events.id) RETURNING id`,
          [cutoff],
        );
        const attempts = await tx.query('DELETE FROM webhook_attempts WHERE attempted_at < ? RETURNING id', [cutoff]);
        return deliveries.length + events.length + attempts.length;
      });
    },
    async deliveries(organisationId, endpointId) {
      const rows = await db.query('SELECT event_id, state, attempts, next_at FROM webhook_deliveries WHERE organisation_id = ? AND endpoint_id = ? ORDER BY seq', [organisationId, endpointId]);
      return rows.map((r) => ({ eventId: String(r['event_id']), state: String(r['state']), attempts: toNumber(r['attempts']), nextAt: String(r['next_at']) }));
    },
  };
}
