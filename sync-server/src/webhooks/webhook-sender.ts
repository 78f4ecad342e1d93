/**
 * @module
 * One attempt at delivering one message (issue 19): a signed POST through the channels' outbound
 * guard (no loopback, private or link-local address unless `allowPrivate`, redirects checked hop
 * by hop), cut off after `timeoutMs`. A 2xx answer is a delivery; anything else, a timeout or a
 * dropped connection is a failure to retry. The log keeps the status, the time taken and the start
 * of the answer, with the endpoint's secrets removed should it echo them.
 */
import { guardOutboundFetch } from '../channels/outbound-guard';
import { redactSecrets } from '../channels/secret-redaction';
import type { AttemptRecord } from '../storage/webhooks';
import { webhookHeaders } from './webhook-signature';

/** Standard Webhooks suggests a short timeout; an endpoint should queue work and answer at once. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
const EXCERPT_CHARS = 300;

export interface WebhookSender {
  send(message: { url: string; id: string; body: string; secrets: readonly string[] }, at: Date): Promise<AttemptRecord>;
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

export function createWebhookSender(options: { fetch?: typeof fetch; allowPrivate: boolean; timeoutMs?: number }): WebhookSender {
  const guarded = guardOutboundFetch(options.fetch ?? fetch, { allowPrivate: options.allowPrivate });
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    async send(message, at) {
      const forms = message.secrets.flatMap((s) => [s, s.replace(/^whsec_/, '')]);
      const started = performance.now();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      try {
        const response = await guarded(message.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Cassa-Webhooks/1.0', ...webhookHeaders(message.secrets, message.id, at, message.body) },
          body: message.body,
          signal: abort.signal,
          redirect: 'manual',
        });
        const text = await response.text();
        const ok = response.status >= 200 && response.status < 300;
        return { status: response.status, ok, durationMs: performance.now() - started, excerpt: redactSecrets(text.slice(0, EXCERPT_CHARS), forms) };
      } catch (error) {
        const reason = abort.signal.aborted ? `timeout: no answer within ${timeoutMs} ms` : causeOf(error);
        return { status: null, ok: false, durationMs: performance.now() - started, excerpt: redactSecrets(reason.slice(0, EXCERPT_CHARS), forms) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
