/**
 * @module
 * "Webhook" on the Integrazioni page apart from HTTP (issue 19): endpoints registered by owners,
 * their secrets (made here, shown once), the delivery log, redelivery under the same event id, a
 * signed test message and re-enabling an endpoint head office disabled. Every endpoint id is looked
 * up within the caller's organisation: another organisation's is NOT_FOUND. An address on head
 * office's own network is refused when it is typed, by the same guard that stops each send.
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { WebhookAttemptView, WebhookEndpointView, WebhookTestResult, webhookEndpointInputSchema, webhookEndpointUpdateSchema } from '@cassa/shared';
import type { z } from 'zod';
import { ChannelCallError } from '../../channels/connector';
import { guardOutboundFetch } from '../../channels/outbound-guard';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { SyncStorage } from '../../storage/storage';
import type { WebhookEndpointRow } from '../../storage/webhooks';
import { newWebhookEventId } from '../../storage/webhooks';
import type { WebhookSender } from '../../webhooks/webhook-sender';
import { newWebhookSecret, webhookSecretHint } from '../../webhooks/webhook-signature';
import { signingSecrets } from '../../webhooks/webhook-worker';
import type { WebhookSecretBox } from '../../webhooks/webhook-secret-box';
import { requireRole } from '../auth';

type CreateInput = z.output<typeof webhookEndpointInputSchema>;
type UpdateInput = z.output<typeof webhookEndpointUpdateSchema>;

/** How long a rotated-out secret keeps signing next to the new one. */
export const WEBHOOK_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface WebhooksService {
  list(user: HeadOfficeUserRow): Promise<WebhookEndpointView[]>;
  create(user: HeadOfficeUserRow, input: CreateInput): Promise<{ endpoint: WebhookEndpointView; secret: string }>;
  update(user: HeadOfficeUserRow, input: UpdateInput): Promise<WebhookEndpointView>;
  remove(user: HeadOfficeUserRow, endpointId: string): Promise<Record<string, never>>;
  rotateSecret(user: HeadOfficeUserRow, endpointId: string): Promise<{ endpoint: WebhookEndpointView; secret: string }>;
  test(user: HeadOfficeUserRow, endpointId: string): Promise<WebhookTestResult>;
  deliveries(user: HeadOfficeUserRow, endpointId: string, offset: number, limit: number): Promise<{ total: number; rows: WebhookAttemptView[] }>;
  redeliver(user: HeadOfficeUserRow, endpointId: string, eventId: string): Promise<Record<string, never>>;
  reenable(user: HeadOfficeUserRow, endpointId: string): Promise<WebhookEndpointView>;
}

export interface WebhooksServiceDeps {
  readonly storage: SyncStorage;
  readonly now: () => Date;
  readonly sender: WebhookSender;
  /** `CASSA_CHANNEL_ALLOW_PRIVATE`: the same rule as the channels' addresses. */
  readonly allowPrivate: boolean;
  /** Wakes the worker (a redelivery or a re-enabled endpoint has something due now). */
  readonly wake?: () => void;
  /** Seals new secrets under `CASSA_CHANNEL_KEYS` (as they are without keys) and opens them. */
  readonly box: WebhookSecretBox;
}

function viewOf(row: WebhookEndpointRow, box: WebhookSecretBox): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status,
    secretHint: webhookSecretHint(box.open(row.organisationId, row.id, row.secret)),
    previousSecretUntil: row.previousSecret === null ? null : row.previousSecretUntil,
    failingSince: row.failingSince,
    disabledAt: row.disabledAt,
    pending: row.pending,
    createdAt: row.createdAt,
  };
}

const notFound = (endpointId: string): CassaError => new CassaError('NOT_FOUND', `No webhook endpoint ${endpointId}`);

export function createWebhooksService(deps: WebhooksServiceDeps): WebhooksService {
  const { storage, now } = deps;
  // The guard in front of a fetch that sends nothing: checks an address as a send would.
  const addressCheck = guardOutboundFetch(async () => new Response(null, { status: 204 }), { allowPrivate: deps.allowPrivate });

  async function checkAddress(url: string): Promise<void> {
    try {
      await addressCheck(url, { method: 'HEAD' });
    } catch (error) {
      const detail = error instanceof ChannelCallError ? error.message : 'the host name does not resolve';
      throw new CassaError('VALIDATION', `Webhook address refused: ${detail}`, { reason: 'webhook-address-refused', detail });
    }
  }

  async function own(user: HeadOfficeUserRow, endpointId: string): Promise<WebhookEndpointRow> {
    const row = await storage.webhooks.getEndpoint(user.organisationId, endpointId);
    if (row === null) throw notFound(endpointId);
    return row;
  }

  async function withSecret(user: HeadOfficeUserRow, endpointId: string, secret: string): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
    return { endpoint: viewOf(await own(user, endpointId), deps.box), secret };
  }

  return {
    async list(user) {
      requireRole(user, 'owner', 'manager');
      return (await storage.webhooks.listEndpoints(user.organisationId)).map((row) => viewOf(row, deps.box));
    },
    async create(user, input) {
      requireRole(user, 'owner');
      await checkAddress(input.url);
      const id = `wh-${randomUUID()}`;
      const secret = newWebhookSecret();
      await storage.webhooks.createEndpoint({ organisationId: user.organisationId, id, url: input.url, description: input.description, eventTypes: [...new Set(input.eventTypes)], secret: deps.box.seal(user.organisationId, id, secret) }, now());
      return withSecret(user, id, secret);
    },
    async update(user, input) {
      requireRole(user, 'owner');
      if (input.url !== undefined) await checkAddress(input.url);
      const changed = await storage.webhooks.updateEndpoint(
        user.organisationId,
        input.endpointId,
        {
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
          ...(input.paused !== undefined ? { status: input.paused ? ('paused' as const) : ('active' as const) } : {}),
        },
        now(),
      );
      if (!changed) throw notFound(input.endpointId);
      if (input.paused === false) deps.wake?.();
      return viewOf(await own(user, input.endpointId), deps.box);
    },
    async remove(user, endpointId) {
      requireRole(user, 'owner');
      if (!(await storage.webhooks.deleteEndpoint(user.organisationId, endpointId))) throw notFound(endpointId);
      return {};
    },
    async rotateSecret(user, endpointId) {
      requireRole(user, 'owner');
      const secret = newWebhookSecret();
      const at = now();
      if (!(await storage.webhooks.rotateSecret(user.organisationId, endpointId, deps.box.seal(user.organisationId, endpointId, secret), new Date(at.getTime() + WEBHOOK_ROTATION_OVERLAP_MS), at))) throw notFound(endpointId);
      return withSecret(user, endpointId, secret);
    },
    async test(user, endpointId) {
      requireRole(user, 'owner');
      const endpoint = await own(user, endpointId);
      const at = now();
      const id = newWebhookEventId();
      const body = JSON.stringify({ id, type: 'webhook.test', timestamp: at.toISOString(), data: { endpointId } });
      const attempt = await deps.sender.send({ url: endpoint.url, id, body, secrets: signingSecrets({ ...endpoint, endpointId }, at, deps.box) }, at);
      await storage.webhooks.logAttempt(user.organisationId, endpointId, id, 'webhook.test', attempt, at);
      return { ok: attempt.ok, status: attempt.status, durationMs: Math.round(attempt.durationMs), excerpt: attempt.excerpt };
    },
    async deliveries(user, endpointId, offset, limit) {
      requireRole(user, 'owner', 'manager');
      await own(user, endpointId);
      return storage.webhooks.attempts(user.organisationId, endpointId, offset, limit);
    },
    async redeliver(user, endpointId, eventId) {
      requireRole(user, 'owner');
      await own(user, endpointId);
      if (!(await storage.webhooks.redeliver(user.organisationId, endpointId, eventId, now()))) throw new CassaError('NOT_FOUND', `Event ${eventId} was never sent to this endpoint`);
      deps.wake?.();
      return {};
    },
    async reenable(user, endpointId) {
      requireRole(user, 'owner');
      if (!(await storage.webhooks.reenable(user.organisationId, endpointId, now()))) throw notFound(endpointId);
      deps.wake?.();
      return viewOf(await own(user, endpointId), deps.box);
    },
  };
}
