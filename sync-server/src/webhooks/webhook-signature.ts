/**
 * @module
 * Standard Webhooks 1.0 signatures (github.com/standard-webhooks/standard-webhooks, spec/
 * standard-webhooks.md, "Signature scheme"): the signed content is `${webhook-id}.${webhook-timestamp}.${body}`,
 * signed with HMAC-SHA256 under the secret's bytes (the base64 after `whsec_`), sent as
 * `v1,<base64>`; several signatures (a secret being rotated) go space-separated in one
 * `webhook-signature` header, and a receiver accepts the message when any of them matches.
 * Node's crypto, so it lives here and not in shared (which runs in browsers).
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: `whsec_` and 32 random bytes in base64 (the spec asks for 24 to 64 bytes). */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a `whsec_…` secret (the prefix is optional, as the reference libraries accept). */
export function webhookSecretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** One `v1,<base64>` signature of a message. `timestamp` is in whole seconds since the epoch. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretBytes(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a delivery; every secret given signs (the new one first during a rotation). */
export function webhookHeaders(secrets: readonly string[], id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signWebhook(secret, id, timestamp, body)).join(' '),
  };
}

/** `••••` and the last four characters: what the page shows of a secret after it was given once. */
export function webhookSecretHint(secret: string): string {
  return `${PREFIX}••••${secret.slice(-4)}`;
}
