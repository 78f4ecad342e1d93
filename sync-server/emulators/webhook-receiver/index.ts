/**
 * @module
 * A webhook receiver (issue 19) that checks what head office sends the way an integrator's would,
 * written from the Standard Webhooks 1.0 spec (github.com/standard-webhooks/standard-webhooks,
 * spec/standard-webhooks.md: "Verifying signatures", "Timestamp") and not from our signer:
 * - `webhook-id`, `webhook-timestamp` and `webhook-signature` must all be there;
 * - the timestamp is whole seconds and within `toleranceSeconds` (default five minutes, the
 *   reference libraries' tolerance) of the receiver's clock, either way: a replay is refused;
 * - the signature header is a space-separated list of `v1,<base64>`; the message is accepted when
 *   any of them is HMAC-SHA256 of `id.timestamp.body` under any of the receiver's secrets
 *   (`whsec_` + base64 key bytes), compared in constant time;
 * - a `webhook-id` seen before is answered 200 and not recorded again (at-least-once senders
 *   retry; receivers dedupe).
 * Faults are set by code: the next `count` requests answer a 5xx, answer after `delayMs`, or have
 * their connection dropped. Imports nothing of ours.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiverOptions {
  /** The endpoint's secrets (`whsec_…`); any of them may sign. */
  readonly secrets: readonly string[];
  readonly toleranceSeconds?: number;
  /** The receiver's clock (tests move it with the sender's). */
  readonly now?: () => Date;
  readonly port?: number;
}

export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: number;
  readonly body: string;
  readonly type: string | null;
  readonly receivedAt: string;
}

export interface WebhookRequestLog {
  readonly id: string | null;
  /** 'accepted', 'duplicate', or why it was refused or failed on purpose. */
  readonly outcome: string;
  readonly status: number | null;
}

export type WebhookReceiverFault =
  | { readonly kind: 'status'; readonly count: number; readonly status?: number }
  | { readonly kind: 'slow'; readonly count: number; readonly delayMs: number }
  | { readonly kind: 'drop'; readonly count: number };

export interface RunningWebhookReceiver {
  readonly url: string;
  /** Accepted messages, each id once, in arrival order. */
  readonly received: readonly ReceivedWebhook[];
  /** Every request and what became of it. */
  readonly requests: readonly WebhookRequestLog[];
  fault(fault: WebhookReceiverFault): void;
  setSecrets(secrets: readonly string[]): void;
  close(): Promise<void>;
}

const keyOf = (secret: string): Buffer => Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');

/** Why the message fails the spec's checks, or null when it passes. */
export function standardWebhookProblem(headers: Readonly<Record<string, string | undefined>>, body: string, secrets: readonly string[], now: Date, toleranceSeconds = 300): string | null {
  const id = headers['webhook-id'];
  const timestampText = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestampText || !signatures) return 'missing headers';
  if (!/^\d+$/.test(timestampText)) return 'invalid timestamp';
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) return 'timestamp too old';
  if (timestamp > nowSeconds + toleranceSeconds) return 'timestamp too new';
  const content = `${id}.${timestampText}.${body}`;
  const expected = secrets.map((secret) => createHmac('sha256', keyOf(secret)).update(content, 'utf8').digest());
  for (const versioned of signatures.split(' ')) {
    const [version, signature] = versioned.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (expected.some((mac) => mac.length === given.length && timingSafeEqual(mac, given))) return null;
  }
  return 'no matching signature';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  let secrets = [...options.secrets];
  const now = options.now ?? (() => new Date());
  const received: ReceivedWebhook[] = [];
  const requests: WebhookRequestLog[] = [];
  const seen = new Set<string>();
  const faults: { fault: WebhookReceiverFault; left: number }[] = [];
  const held = new Set<NodeJS.Timeout>();

  const answer = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(text);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value.join(' ') : value;
      };
      const id = header('webhook-id') ?? null;
      const current = faults[0];
      if (current) {
        current.left -= 1;
        if (current.left <= 0) faults.shift();
        const { fault } = current;
        if (fault.kind === 'drop') {
          requests.push({ id, outcome: 'dropped', status: null });
          request.socket.destroy();
          return;
        }
        if (fault.kind === 'status') {
          const status = fault.status ?? 503;
          requests.push({ id, outcome: 'failed on purpose', status });
          answer(response, status, 'temporarily unavailable');
          return;
        }
        requests.push({ id, outcome: 'slow', status: 200 });
        const timer = setTimeout(() => {
          held.delete(timer);
          answer(response, 200, 'late');
        }, fault.delayMs);
        held.add(timer);
        return;
      }
      const problem = standardWebhookProblem(
        { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') },
        body,
        secrets,
        now(),
        options.toleranceSeconds,
      );
      if (problem !== null) {
        requests.push({ id, outcome: problem, status: 400 });
        answer(response, 400, problem);
        return;
      }
      if (seen.has(id!)) {
        requests.push({ id, outcome: 'duplicate', status: 200 });
        answer(response, 200, 'already received');
        return;
      }
      seen.add(id!);
      let type: string | null = null;
      try {
        const parsed = JSON.parse(body) as { type?: unknown };
        type = typeof parsed.type === 'string' ? parsed.type : null;
      } catch {
        type = null;
      }
      received.push({ id: id!, timestamp: Number(header('webhook-timestamp')), body, type, receivedAt: now().toISOString() });
      requests.push({ id, outcome: 'accepted', status: 204 });
      response.writeHead(204);
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    requests,
    fault(fault) {
      faults.push({ fault, left: fault.count });
    },
    setSecrets(next) {
      secrets = [...next];
    },
    close() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
