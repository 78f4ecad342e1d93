/**
 * @module
 * Issue 19, the public API's keys (migration 20): each key's secret is kept only as a SHA-256
 * hash (the secret is 256 random bits, so a slow hash adds nothing), with its scopes and optional
 * stores; and the answers to writes sent with an `Idempotency-Key`, per key, for 24 hours.
 */
export const apiKeysSchema = `
CREATE TABLE api_keys (
  organisation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  store_ids TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT,
  PRIMARY KEY (id)
);
CREATE INDEX api_keys_by_organisation ON api_keys (organisation_id, created_at);
CREATE TABLE api_idempotency (
  key_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER,
  response TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX api_idempotency_by_age ON api_idempotency (created_at)
`;
