/**
 * @module
 * How an SP-API or LWA failure becomes a `ChannelCallError`: what the framework should do with
 * it (retry, stop the account, dead-letter the job, re-resolve the mapping) and how the owner reads
 * it. SP-API answers `{errors:[{code, message, details}]}` (the models' ErrorList); LWA answers
 * OAuth's `{error, error_description}`.
 */
import { parseRetryAfter, type ChannelProblem } from '@cassa/shared';
import { ChannelCallError } from '../connector';

const DETAIL_MAX = 500;

/** The remote's words, safe to store and show: no control characters, at most 500 characters. */
export function remoteDetail(text: string): string {
  const clean = text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= DETAIL_MAX ? clean : `${cutAt(clean, DETAIL_MAX - 1)}…`;
}

/** The first characters of `text` within `max` UTF-16 units, never splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** The SP-API error list's words, or the start of whatever else came back (an HTML page). */
export function spApiErrorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const errors = (parsed as { errors?: unknown }).errors;
      if (Array.isArray(errors)) {
        const words = errors
          .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
          .map((entry) => [entry['code'], entry['message'], entry['details']].filter((part) => typeof part === 'string' && part !== '').join(': '))
          .filter((line) => line !== '');
        if (words.length > 0) return remoteDetail(words.join('; '));
      }
      const oauth = parsed as { error?: unknown; error_description?: unknown };
      if (typeof oauth.error === 'string') return remoteDetail([oauth.error, oauth.error_description].filter((part) => typeof part === 'string').join(': '));
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return remoteDetail(body === '' ? '(empty answer)' : body);
}

/**
 * A rate hint for a 429 without Retry-After: one request's worth of the applied rate
 * (`x-amzn-RateLimit-Limit`, requests per second), at least one second.
 */
function retryAfterFromRate(rate: number | null): number | null {
  if (rate === null || !(rate > 0)) return null;
  return Math.max(1000, Math.ceil(1000 / rate));
}

export function readRateLimit(headers: Headers): number | null {
  const value = Number(headers.get('x-amzn-ratelimit-limit'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Every HTTP failure except the auth ones the client handles itself (403 after a refresh). */
export function errorForStatus(status: number, body: string, headers: Headers, now: Date): ChannelCallError {
  const detail = spApiErrorText(body);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now) ?? retryAfterFromRate(readRateLimit(headers));
    return new ChannelCallError('retry', 'rate-limited', detail, { status, retryAfterMs });
  }
  if (status >= 500) return new ChannelCallError('retry', 'remote-error', detail, { status, retryAfterMs: parseRetryAfter(headers.get('retry-after'), now) });
  if (status === 404) return new ChannelCallError('not-found', 'not-found', detail, { status });
  if (status === 401 || status === 403) return new ChannelCallError('auth', 'permission-missing', detail, { status });
  if (status === 408) return new ChannelCallError('retry', 'timeout', detail, { status });
  if (status >= 400) return new ChannelCallError('refused', 'refused-by-remote', detail, { status });
  // 1xx/3xx: a proxy or a captive portal, not SP-API.
  return new ChannelCallError('retry', 'unexpected-answer', detail, { status });
}

/** A request that never got an answer: a timeout, a refused or dropped connection, a bad certificate. */
export function errorForNetwork(error: unknown): ChannelCallError {
  // Already worded (head office's outbound guard refusing an address): passed on as it is.
  if (error instanceof ChannelCallError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new ChannelCallError('retry', 'timeout', 'No answer before the deadline');
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const message = remoteDetail([error instanceof Error ? error.message : String(error), typeof cause?.message === 'string' ? cause.message : ''].filter((part) => part !== '').join(': '));
  const problem: ChannelProblem = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) ? 'tls' : 'unreachable';
  return new ChannelCallError('retry', problem, message || code || 'The connection failed');
}

/** An answer that is not what SP-API sends (an HTML page with 200, a truncated body, a wrong shape). */
export function unexpectedAnswer(what: string, body: string): ChannelCallError {
  return new ChannelCallError('retry', 'unexpected-answer', remoteDetail(`${what}: ${body.slice(0, 200)}`));
}
