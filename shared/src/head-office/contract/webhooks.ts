/**
 * @module
 * Webhooks at head office (issue 19): owners register endpoints that receive the chain's events
 * (sales, returns, stock, products, closed days) signed by Standard Webhooks 1.0, read each
 * endpoint's delivery log, redeliver an event (same id), rotate the signing secret and re-enable an
 * endpoint head office disabled after five days of failures. The secret is shown once, when made
 * or rotated; after that only its hint. Owners and managers of every store may read.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import { webhookEventTypeSchema } from '../../webhooks/webhook-events';
import { ownersOnly } from '../access';
import type { HeadOfficeAccess } from '../access';

const webhookReaders: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'every-store' };
const endpointId = z.object({ endpointId: idSchema });

/** `active`: receives events; `paused` by the owner (events wait); `disabled` by head office after failing for five days (events wait). */
export const webhookEndpointStatusSchema = z.enum(['active', 'paused', 'disabled']);
export type WebhookEndpointStatus = z.output<typeof webhookEndpointStatusSchema>;

export const webhookEndpointViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(webhookEventTypeSchema),
  status: webhookEndpointStatusSchema,
  /** `whsec_…` with all but the last four characters hidden. */
  secretHint: z.string(),
  /** While a rotated-out secret still signs (both signatures are sent), until when. */
  previousSecretUntil: z.string().nullable(),
  /** Since when every attempt failed (null: the last one succeeded). */
  failingSince: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Events waiting to be delivered. */
  pending: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type WebhookEndpointView = z.output<typeof webhookEndpointViewSchema>;

const urlSchema = text()
  .min(1)
  .max(2000)
  // The server parses it fully and refuses private addresses; here only its shape (shared has no URL).
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'an http(s) address');

export const webhookEndpointInputSchema = z.object({
  url: urlSchema,
  description: text().max(200).default(''),
  eventTypes: z.array(webhookEventTypeSchema).min(1).max(10),
});

export const webhookEndpointUpdateSchema = endpointId.extend({
  url: urlSchema.optional(),
  description: text().max(200).optional(),
  eventTypes: z.array(webhookEventTypeSchema).min(1).max(10).optional(),
  paused: z.boolean().optional(),
});

/** One try at delivering one event to one endpoint. */
export const webhookAttemptViewSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  attemptedAt: z.string(),
  /** The endpoint's HTTP status; null when no answer came (timeout, refused, dropped connection). */
  status: z.number().int().nullable(),
  ok: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  /** What went wrong, or the start of the endpoint's answer (at most 300 characters, secrets removed). */
  excerpt: z.string(),
});
export type WebhookAttemptView = z.output<typeof webhookAttemptViewSchema>;

export const webhookTestResultSchema = z.object({ ok: z.boolean(), status: z.number().int().nullable(), durationMs: z.number().int(), excerpt: z.string() });
export type WebhookTestResult = z.output<typeof webhookTestResultSchema>;

export const webhooksContract = {
  'webhooks.list': route({
    method: 'GET',
    path: '/webhooks',
    summary: 'The organisation’s webhook endpoints and their state',
    access: webhookReaders,
    input: z.object({}),
    output: z.array(webhookEndpointViewSchema),
  }),
  'webhooks.create': route({
    method: 'POST',
    path: '/webhooks',
    summary: 'Registers an endpoint; the answer carries its signing secret, shown this once',
    access: ownersOnly,
    input: webhookEndpointInputSchema,
    output: z.object({ endpoint: webhookEndpointViewSchema, secret: z.string() }),
    status: 201,
  }),
  'webhooks.update': route({
    method: 'PATCH',
    path: '/webhooks/:endpointId',
    summary: 'Changes an endpoint’s address, description, events, or pauses it',
    access: ownersOnly,
    input: webhookEndpointUpdateSchema,
    output: webhookEndpointViewSchema,
  }),
  'webhooks.delete': route({
    method: 'DELETE',
    path: '/webhooks/:endpointId',
    summary: 'Removes an endpoint with its waiting deliveries and its log',
    access: ownersOnly,
    input: endpointId,
    output: z.object({}),
  }),
  'webhooks.rotateSecret': route({
    method: 'POST',
    path: '/webhooks/:endpointId/rotate-secret',
    summary: 'Makes a new signing secret (shown this once); the old one keeps signing alongside for 24 hours',
    access: ownersOnly,
    input: endpointId,
    output: z.object({ endpoint: webhookEndpointViewSchema, secret: z.string() }),
  }),
  'webhooks.test': route({
    method: 'POST',
    path: '/webhooks/:endpointId/test',
    summary: 'Sends a signed `webhook.test` event now and answers what the endpoint replied',
    access: ownersOnly,
    input: endpointId,
    output: webhookTestResultSchema,
  }),
  'webhooks.deliveries': route({
    method: 'GET',
    path: '/webhooks/:endpointId/deliveries',
    summary: 'The endpoint’s delivery attempts, newest first',
    access: webhookReaders,
    input: endpointId.extend({
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ total: z.number().int(), rows: z.array(webhookAttemptViewSchema) }),
  }),
  'webhooks.redeliver': route({
    method: 'POST',
    path: '/webhooks/:endpointId/events/:eventId/redeliver',
    summary: 'Sends an event to the endpoint again, under the same id',
    access: ownersOnly,
    input: endpointId.extend({ eventId: idSchema }),
    output: z.object({}),
  }),
  'webhooks.reenable': route({
    method: 'POST',
    path: '/webhooks/:endpointId/reenable',
    summary: 'Turns a disabled endpoint back on; what waited is delivered from the oldest',
    access: ownersOnly,
    input: endpointId,
    output: webhookEndpointViewSchema,
  }),
} as const;
