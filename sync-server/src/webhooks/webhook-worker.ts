/**
 * @module
 * The webhook worker (issue 19): leases due deliveries, sends each once, and settles it —
 * delivered, or due again by the retry schedule; an endpoint failing for five days is disabled.
 * Delivered events and log lines older than 30 days are pruned, at most once an hour.
 * At least once: a worker that dies mid-send leaves its lease to lapse, and the next claim sends
 * the same event (same id, same body) again. Several workers (processes on one PostgreSQL) share
 * the queue through the leases. It costs nothing when idle: woken after commits that wrote events
 * (the server wakes it on the bus's change, sale and stock messages), otherwise a round every
 * `tickMs` (30 s); tests leave it stopped and drive `runOnce()` with their own clock.
 */
import type { WebhookSecretBox } from './webhook-secret-box';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../http-support';
import type { ClaimedDelivery, WebhookStorage } from '../storage/webhooks';
import { nextWebhookAttempt, WEBHOOK_DISABLE_AFTER_MS } from './webhook-retry';
import type { WebhookSender } from './webhook-sender';

export interface WebhookRound {
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
}

export interface WebhookWorker {
  readonly id: string;
  /** One round: claims what is due now and sends it. */
  runOnce(): Promise<WebhookRound>;
  /** Runs a round soon (coalesced: one round in flight, at most one more waiting). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}

/** How long delivered events and the log are kept (the page's log reaches back this far). */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 3600_000;
/** Pruning runs at most this often. */
const PRUNE_EVERY_MS = 3600_000;

export interface WebhookWorkerOptions {
  readonly storage: WebhookStorage;
  readonly sender: WebhookSender;
  readonly now: () => Date;
  readonly log?: Logger;
  readonly workerId?: string;
  /** Longer than a send's timeout, so a live worker never loses a lease mid-send. */
  readonly leaseMs?: number;
  readonly batch?: number;
  readonly tickMs?: number;
  /** Opens the secrets as stored (sealed under `CASSA_CHANNEL_KEYS`, or as they are). */
  readonly box: WebhookSecretBox;
}

/** The secrets that sign now, opened: the current one, and the previous one while its rotation lasts. */
export function signingSecrets(
  endpoint: { readonly organisationId: string; readonly endpointId: string } & Pick<ClaimedDelivery, 'secret' | 'previousSecret' | 'previousSecretUntil'>,
  now: Date,
  box: WebhookSecretBox,
): string[] {
  const previous = endpoint.previousSecret !== null && endpoint.previousSecretUntil !== null && Date.parse(endpoint.previousSecretUntil) > now.getTime() ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous].map((stored) => box.open(endpoint.organisationId, endpoint.endpointId, stored));
}

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const id = options.workerId ?? `webhooks-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 20;
  const tickMs = options.tickMs ?? 30_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = true;
  let prunedAt = -Infinity;

  async function runOnce(): Promise<WebhookRound> {
    const now = options.now();
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await options.storage.prune(new Date(now.getTime() - WEBHOOK_RETENTION_MS));
    }
    const claimed = await options.storage.claim(id, now, leaseMs, batch);
    const outcomes = await Promise.all(
      claimed.map(async (delivery) => {
        const at = options.now();
        const attempt = await options.sender.send({ url: delivery.url, id: delivery.eventId, body: delivery.body, secrets: signingSecrets(delivery, at, options.box) }, at);
        const settledAt = options.now();
        await options.storage.settle(delivery, id, attempt, nextWebhookAttempt(delivery.attempts + 1, settledAt), new Date(settledAt.getTime() - WEBHOOK_DISABLE_AFTER_MS), settledAt);
        return attempt.ok;
      }),
    );
    const delivered = outcomes.filter(Boolean).length;
    return { attempted: claimed.length, delivered, failed: claimed.length - delivered };
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      round();
    }, delayMs);
    timer.unref();
  }

  function round(): void {
    if (stopped) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = (async () => {
      let full = true;
      // A full batch means more may be due: go on at once.
      while (full && !stopped) {
        const result = await runOnce().catch((error: unknown) => {
          options.log?.('webhook round failed', error);
          return { attempted: 0, delivered: 0, failed: 0 };
        });
        full = result.attempted >= batch;
      }
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        round();
      } else schedule(tickMs);
    });
  }

  return {
    id,
    runOnce,
    wake() {
      if (!stopped) schedule(0);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
