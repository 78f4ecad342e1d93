/**
 * @module
 * How a failed eBay call becomes a `ChannelCallError` (connector.ts): the disposition decides what
 * the framework does, the problem what the owner reads. eBay's REST errors are
 * `{errors: [{errorId, message, longMessage}]}`; OAuth's are `{error, error_description}`
 * (RFC 6749 §5.2). Anything else (an HTML page from a proxy, a truncated body) is worded too.
 */
import { parseRetryAfter } from '@cassa/shared';
import type { ChannelProblem } from '@cassa/shared';
import { ChannelCallError } from '../connector';

/** eBay error ids that mean "this SKU, offer or order is not there" (Inventory 25710/25713, Fulfillment 32100) [U: 25710/25713 from eBay's error lists, not the OAS]. */
const GONE_ERROR_IDS = new Set([25710, 25713, 32100]);

/** Text safe to store and show: no control characters (NUL included), at most 500 characters. */
export function cleanDetail(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[\ud800-\udfff]/g, '').trim().slice(0, 500);
}

export interface EbayErrorEntry {
  readonly errorId: number | null;
  readonly message: string;
}

/** The errors an eBay answer lists, whatever shape it came in. */
export function ebayErrors(body: unknown): EbayErrorEntry[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { errorId, message, longMessage } = entry as { errorId?: unknown; message?: unknown; longMessage?: unknown };
    const text = typeof longMessage === 'string' && longMessage !== '' ? longMessage : typeof message === 'string' ? message : '';
    return [{ errorId: typeof errorId === 'number' && Number.isSafeInteger(errorId) ? errorId : null, message: cleanDetail(text) }];
  });
}

export function describeErrors(status: number, body: unknown, raw: string): string {
  const listed = ebayErrors(body);
  if (listed.length > 0) return cleanDetail(listed.map((error) => (error.errorId === null ? error.message : `${error.errorId}: ${error.message}`)).join('; '));
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
    const { error, error_description: description } = body as { error: string; error_description?: unknown };
    return cleanDetail(`${error}${typeof description === 'string' ? `: ${description}` : ''}`);
  }
  const text = cleanDetail(raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '));
  return text === '' ? `HTTP ${status}` : `HTTP ${status}: ${text.slice(0, 200)}`;
}

export function isGone(status: number, body: unknown): boolean {
  return status === 404 && ebayErrors(body).some((error) => error.errorId !== null && GONE_ERROR_IDS.has(error.errorId));
}

/** A failed answer of a Sell API (not the token endpoint). */
export function classifyStatus(status: number, body: unknown, raw: string, retryAfter: string | null, now: Date): ChannelCallError {
  const detail = describeErrors(status, body, raw);
  const options = { status };
  if (status === 429) return new ChannelCallError('retry', 'rate-limited', detail, { status, retryAfterMs: parseRetryAfter(retryAfter, now) });
  if (status >= 500) return new ChannelCallError('retry', 'remote-error', detail, { status, retryAfterMs: parseRetryAfter(retryAfter, now) });
  if (status === 401) return new ChannelCallError('auth', 'auth-refused', detail, options);
  if (status === 403) return new ChannelCallError('auth', 'permission-missing', detail, options);
  // A 404 that names an eBay resource error is a gone SKU, offer or order; any other 404 (an HTML
  // page, an unknown path) means the API is not at this address: the account needs fixing.
  if (status === 404) return isGone(status, body) ? new ChannelCallError('not-found', 'not-found', detail, options) : new ChannelCallError('auth', 'not-found', detail, options);
  if (status >= 400) return new ChannelCallError('refused', 'refused-by-remote', detail, options);
  return new ChannelCallError('retry', 'unexpected-answer', detail, options);
}

/** A failed answer of `/identity/v1/oauth2/token`. */
export function classifyTokenStatus(status: number, body: unknown, raw: string, retryAfter: string | null, now: Date): ChannelCallError {
  const detail = describeErrors(status, body, raw);
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const tokenProblem = (problem: ChannelProblem) => new ChannelCallError('auth', problem, detail, { status });
  if (status === 429 || status >= 500) return classifyStatus(status, body, raw, retryAfter, now);
  if (error === 'invalid_client' || status === 401) return tokenProblem('auth-refused');
  if (error === 'invalid_grant') return tokenProblem('token-expired');
  if (error === 'invalid_scope') return tokenProblem('permission-missing');
  if (status === 404) return tokenProblem('not-found');
  return tokenProblem(status >= 400 ? 'auth-refused' : 'unexpected-answer');
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

/** A request that got no answer: a timeout, a refused or dropped connection, a bad certificate. */
export function classifyNetworkError(error: unknown): ChannelCallError {
  if (error instanceof ChannelCallError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = cleanDetail(error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error));
  if (name === 'TimeoutError' || name === 'AbortError') return new ChannelCallError('retry', 'timeout', message);
  const code = errorCode(error);
  if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code)) return new ChannelCallError('retry', 'tls', message);
  if (UNREACHABLE_CODES.has(code)) return new ChannelCallError('retry', 'unreachable', message);
  return new ChannelCallError('retry', 'unreachable', message);
}
