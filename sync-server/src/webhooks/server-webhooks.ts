/**
 * @module
 * The webhook sender and worker a server runs (issue 19), made from its options: the address rule
 * is the channels' (`CASSA_CHANNEL_ALLOW_PRIVATE`) unless `allowPrivate` is given, and the worker is
 * woken by the bus's messages published after commits that may have written events (pushes and
 * sales, head-office writes, stock jobs), otherwise it ticks every 30 s.
 */
import type { CredentialsVault } from '../channels/credentials-vault';
import type { EventBus } from '../event-bus';
import type { Logger } from '../http-support';
import type { WebhookStorage } from '../storage/webhooks';
import { createWebhookSender } from './webhook-sender';
import type { WebhookSender } from './webhook-sender';
import { createWebhookWorker } from './webhook-worker';
import type { WebhookWorker } from './webhook-worker';
import { webhookSecretBox } from './webhook-secret-box';
import type { WebhookSecretBox } from './webhook-secret-box';

export interface WebhookServerOptions {
  readonly worker?: boolean;
  readonly fetch?: typeof fetch;
  readonly allowPrivate?: boolean;
  readonly timeoutMs?: number;
  readonly tickMs?: number;
}

export interface ServerWebhooks {
  readonly sender: WebhookSender;
  readonly box: WebhookSecretBox;
  readonly worker: WebhookWorker;
  readonly allowPrivate: boolean;
  /** Starts the worker unless the options said not to. */
  start(): void;
  stop(): Promise<void>;
}

export function createServerWebhooks(
  deps: { storage: WebhookStorage; bus: EventBus; now: () => Date; log: Logger; channelsAllowPrivate: boolean; vault: CredentialsVault },
  options: WebhookServerOptions = {},
): ServerWebhooks {
  const box = webhookSecretBox(deps.vault);
  const allowPrivate = options.allowPrivate ?? deps.channelsAllowPrivate;
  const sender = createWebhookSender({ allowPrivate, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  const worker = createWebhookWorker({ storage: deps.storage, sender, box, now: deps.now, log: deps.log, ...(options.tickMs ? { tickMs: options.tickMs } : {}) });
  let unsubscribe: () => void = () => undefined;
  return {
    sender,
    box,
    worker,
    allowPrivate,
    start() {
      if (options.worker === false) return;
      unsubscribe = deps.bus.subscribe((message) => (message.kind === 'changes' || message.kind === 'sale' || message.kind === 'channel-jobs' ? worker.wake() : undefined));
      worker.start();
    },
    async stop() {
      unsubscribe();
      await worker.stop();
    },
  };
}
