/**
 * Standard Webhooks signatures against the spec's published vector (standard-webhooks/standard-
 * webhooks, libraries/javascript/src/webhook.test.ts, "sign function works"), and against the
 * receiver emulator, which checks them as the spec says (its own code, not our signer): a rotated
 * secret signs alongside the new one and either is accepted; a stale or future timestamp, a
 * tampered body and a missing header are refused.
 */
import { createCredentialsVault } from '../channels/credentials-vault';
import { webhookSecretBox } from './webhook-secret-box';
import { describe, expect, it } from 'vitest';
import { standardWebhookProblem } from '@cassa/sync-server/channel-emulators';
import { nextWebhookAttempt, WEBHOOK_RETRY_WAITS_MS } from './webhook-retry';
import { newWebhookSecret, signWebhook, webhookHeaders, webhookSecretBytes } from './webhook-signature';
import { signingSecrets } from './webhook-worker';

/** A server without CASSA_CHANNEL_KEYS: secrets as they are. */
const plainBox = webhookSecretBox(createCredentialsVault(undefined));

describe('Standard Webhooks signatures', () => {
  it('match the spec’s published vector', () => {
    const key = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(signWebhook(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    // The reference libraries take the key with or without its prefix.
    expect(signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('new secrets are whsec_ and 32 random bytes', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhookSecretBytes(a)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('during a rotation both secrets sign, and a receiver holding either accepts', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const at = new Date('2026-12-04T10:00:00Z');
    const body = '{"id":"msg_1","type":"sale.completed"}';
    const secrets = signingSecrets({ organisationId: 'o', endpointId: 'e', secret: newSecret, previousSecret: oldSecret, previousSecretUntil: '2026-12-05T10:00:00Z' }, at, plainBox);
    const headers = webhookHeaders(secrets, 'msg_1', at, body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(standardWebhookProblem(headers, body, [oldSecret], at)).toBeNull();
    expect(standardWebhookProblem(headers, body, [newSecret], at)).toBeNull();
    expect(standardWebhookProblem(headers, body, [newWebhookSecret()], at)).toBe('no matching signature');
    // After the overlap only the new secret signs.
    const later = signingSecrets({ organisationId: 'o', endpointId: 'e', secret: newSecret, previousSecret: oldSecret, previousSecretUntil: '2026-12-05T10:00:00Z' }, new Date('2026-12-05T10:00:01Z'), plainBox);
    expect(later).toEqual([newSecret]);
  });

  it('the receiver refuses a stale or future timestamp, a changed body and missing headers', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-12-04T10:00:00Z');
    const headers = webhookHeaders([secret], 'msg_2', at, '{}');
    expect(standardWebhookProblem(headers, '{}', [secret], new Date(at.getTime() + 299_000))).toBeNull();
    expect(standardWebhookProblem(headers, '{}', [secret], new Date(at.getTime() + 301_000))).toBe('timestamp too old');
    expect(standardWebhookProblem(headers, '{}', [secret], new Date(at.getTime() - 301_000))).toBe('timestamp too new');
    expect(standardWebhookProblem(headers, '{ }', [secret], at)).toBe('no matching signature');
    expect(standardWebhookProblem({ ...headers, 'webhook-id': undefined }, '{}', [secret], at)).toBe('missing headers');
    expect(standardWebhookProblem({ ...headers, 'webhook-timestamp': '1e9' }, '{}', [secret], at)).toBe('invalid timestamp');
  });

  it('retries for more than a day, never faster than the schedule', () => {
    const start = new Date('2026-12-04T10:00:00Z');
    expect(WEBHOOK_RETRY_WAITS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3600_000);
    expect(nextWebhookAttempt(1, start).getTime() - start.getTime()).toBe(5_000);
    expect(nextWebhookAttempt(2, start).getTime() - start.getTime()).toBe(300_000);
    expect(nextWebhookAttempt(50, start).getTime() - start.getTime()).toBe(14 * 3600_000);
  });
});
