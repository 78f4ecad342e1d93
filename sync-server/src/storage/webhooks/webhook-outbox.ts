/**
 * @module
 * The webhook outbox (issue 19): events written in the caller's transaction, next to the change
 * they report, so a change never commits without its event and a rolled-back change leaves none
 * (an event written after commit could be lost to a crash in between, or sent for a change that
 * never happened). Each event is fanned out at once to the organisation's endpoints subscribed to
 * its type. An organisation without endpoints pays one primary-key read, and the event's data is
 * not even computed (`produce` runs only when someone listens).
 */
import { randomUUID } from 'node:crypto';
import { webhookResourceKey } from '@cassa/shared';
import type { WebhookEventData, WebhookEventType } from '@cassa/shared';
import { insertMany } from '../multi-row';
import type { MultiRowTable } from '../multi-row';
import { toNumber } from '../sql-database';
import type { SqlExecutor } from '../sql-database';

/** An event before the outbox numbers it: its data without `version`, which is the event's seq. */
export type NewWebhookEvent = {
  [T in WebhookEventType]: { readonly type: T; readonly data: Omit<WebhookEventData<T>, 'version'> };
}[WebhookEventType];

const EVENTS: MultiRowTable = {
  table: 'webhook_events',
  columns: ['organisation_id', 'id', 'seq', 'type', 'resource_key', 'body', 'created_at'],
  types: ['text', 'text', 'bigint', 'text', 'text', 'text', 'text'],
  suffix: '',
};

const DELIVERIES: MultiRowTable = {
  table: 'webhook_deliveries',
  columns: ['organisation_id', 'endpoint_id', 'event_id', 'seq', 'resource_key', 'state', 'attempts', 'next_at', 'updated_at'],
  types: ['text', 'text', 'text', 'bigint', 'text', 'text', 'integer', 'text', 'text'],
  suffix: '',
};

/** Every message's id: `msg_` as the Standard Webhooks examples, then a random UUID without dashes. */
export const newWebhookEventId = (): string => `msg_${randomUUID().replace(/-/g, '')}`;

/** Numbers `count` events of the organisation: the counter row's lock orders concurrent writers by commit. */
async function takeSeqs(tx: SqlExecutor, organisationId: string, count: number): Promise<number> {
  await tx.query('INSERT INTO webhook_outbox_heads (organisation_id, last_seq) VALUES (?, 0) ON CONFLICT (organisation_id) DO NOTHING', [organisationId]);
  const rows = await tx.query<{ last_seq: unknown }>('UPDATE webhook_outbox_heads SET last_seq = last_seq + ? WHERE organisation_id = ? RETURNING last_seq', [count, organisationId]);
  return toNumber(rows[0]?.last_seq) - count;
}

/**
 * Writes the events `produce` makes (called only when the organisation has endpoints) and one
 * delivery per subscribed endpoint, in `tx`. Answers how many deliveries were queued.
 */
export async function writeWebhookEvents(tx: SqlExecutor, organisationId: string, now: Date, produce: () => Promise<readonly NewWebhookEvent[]> | readonly NewWebhookEvent[]): Promise<number> {
  const endpoints = await tx.query<{ id: string; event_types: string }>('SELECT id, event_types FROM webhook_endpoints WHERE organisation_id = ?', [organisationId]);
  if (endpoints.length === 0) return 0;
  const events = await produce();
  if (events.length === 0) return 0;
  const subscribed = endpoints.map((e) => ({ id: e.id, types: new Set(JSON.parse(e.event_types) as string[]) }));
  const first = await takeSeqs(tx, organisationId, events.length);
  const at = now.toISOString();
  const eventRows: (string | number)[][] = [];
  const deliveryRows: (string | number)[][] = [];
  events.forEach((event, index) => {
    const seq = first + index + 1;
    const id = newWebhookEventId();
    const data = { ...event.data, version: seq } as Record<string, unknown>;
    const resource = webhookResourceKey(event.type, data);
    const body = JSON.stringify({ id, type: event.type, timestamp: at, data });
    const listeners = subscribed.filter((endpoint) => endpoint.types.has(event.type));
    // An event no endpoint asked for is not kept (its seq is skipped: versions only need to grow).
    if (listeners.length === 0) return;
    eventRows.push([organisationId, id, seq, event.type, resource, body, at]);
    for (const endpoint of listeners) deliveryRows.push([organisationId, endpoint.id, id, seq, resource, 'pending', 0, at, at]);
  });
  if (eventRows.length === 0) return 0;
  await insertMany(tx, EVENTS, eventRows);
  if (deliveryRows.length > 0) await insertMany(tx, DELIVERIES, deliveryRows);
  return deliveryRows.length;
}
