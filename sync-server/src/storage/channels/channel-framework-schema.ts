/**
 * @module
 * Migration 19 (issue 18, the channel framework), the same SQL on SQLite and PostgreSQL:
 * - `channel_jobs.revision` counts the changes folded into a waiting job. A worker that finishes
 *   a job deletes it only at the revision it claimed, so a sale that arrives while the job is in
 *   flight queues one more send instead of being lost (a clock that does not move between the two
 *   cannot hide it, as a timestamp could).
 * - `channel_mappings.manual` marks a link the owner set by hand: later links keep it.
 */
export const channelFrameworkSchema = `
ALTER TABLE channel_jobs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channel_mappings ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
CREATE INDEX channel_mappings_by_state ON channel_mappings (organisation_id, account_id, state)
`;
