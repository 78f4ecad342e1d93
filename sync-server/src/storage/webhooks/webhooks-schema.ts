/**
 * @module
 * Migration 21 (issue 19, webhooks), the same SQL on SQLite and PostgreSQL:
 * - `webhook_endpoints`: an organisation's receivers, their subscribed event types (JSON array),
 *   the signing secret and, during a rotation, the previous one with its end.
 * - `webhook_events`: the outbox. Each row is written in the transaction of the change it reports
 *   (the push, a head-office write, a transfer), with the exact body every delivery sends, so a
 *   retry or redelivery carries the same bytes and the same id. `seq` orders an organisation's
 *   events (a counter row bumped in the writing transaction, like the sync streams' change numbers).
 * - `webhook_deliveries`: one row per event and subscribed endpoint, leased by a worker while it
 *   sends; `resource_key` keeps one resource's events in order per endpoint.
 * - `webhook_attempts`: the delivery log the page shows.
 */
export const webhooksSchema = `
CREATE TABLE webhook_endpoints (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  event_types TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until TEXT,
  status TEXT NOT NULL,
  failing_since TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE webhook_outbox_heads (
  organisation_id TEXT NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
CREATE TABLE webhook_events (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  resource_key TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE TABLE webhook_deliveries (
  organisation_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  resource_key TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_until TEXT,
  delivered_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organisation_id, endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_at);
CREATE INDEX webhook_deliveries_by_resource ON webhook_deliveries (organisation_id, endpoint_id, resource_key, seq);
CREATE TABLE webhook_attempts (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  attempted_at TEXT NOT NULL,
  status INTEGER,
  ok INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  excerpt TEXT NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (organisation_id, endpoint_id, attempted_at)
`;
