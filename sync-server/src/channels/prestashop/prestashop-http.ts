/**
 * @module
 * One request to a shop's webservice and what its failure means. The key is Basic auth's user
 * name with an empty password (devdocs …/8/webservice/tutorials/testing-access); reads ask for
 * `output_format=JSON`, writes send XML (reference §1: JSON bodies are [U]). Every failure
 * becomes a `ChannelCallError`, classified by the webservice's own error codes where it gives
 * one (classes/webservice/WebserviceRequest.php):
 * 16/18/20/21 the key → auth-refused; 22 webservice off (503) → webservice-disabled;
 * 25 (405) and 26 (401) a verb or resource not granted → permission-missing; 87 (404) an id that
 * does not exist → not-found. A 404 without the webservice's error body means the address is
 * wrong, not the record.
 */
import { parseRetryAfter } from '@cassa/shared';
import type { PrestashopCredentials } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { ConnectorContext } from '../connector';
import { cleanText } from './prestashop-values';

export interface WebserviceError {
  readonly code: number | null;
  readonly message: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

const MAX_ANSWER_CHARS = 50_000_000;

/** The webservice's `errors` from a JSON or XML error body; empty when the body is something else (an HTML page). */
export function webserviceErrors(text: string): WebserviceError[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { errors?: unknown };
      if (!Array.isArray(parsed.errors)) return [];
      return parsed.errors.flatMap((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return [];
        const record = entry as { code?: unknown; message?: unknown };
        const code = Number(record.code);
        return [{ code: Number.isSafeInteger(code) ? code : null, message: cleanText(record.message) }];
      });
    } catch {
      return [];
    }
  }
  if (!trimmed.startsWith('<?xml') && !trimmed.startsWith('<prestashop')) return [];
  return [...text.matchAll(/<error>\s*(?:<code>\s*(?:<!\[CDATA\[)?\s*(\d+)\s*(?:\]\]>)?\s*<\/code>)?\s*<message>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/message>/g)].map((match) => ({
    code: match[1] === undefined ? null : Number(match[1]),
    message: cleanText(match[2]),
  }));
}

function detailOf(errors: readonly WebserviceError[], status: number, text: string): string {
  const words = errors.length > 0 ? errors.map((error) => (error.code === null ? error.message : `[${error.code}] ${error.message}`)).join('; ') : `HTTP ${status}: ${cleanText(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim())}`;
  return words.slice(0, 500);
}

/** What an HTTP answer that is not a success means for the connector. */
export function classifyAnswer(answer: RawAnswer, now: Date): ChannelCallError {
  const { status, text } = answer;
  const errors = webserviceErrors(text);
  const codes = new Set(errors.map((error) => error.code));
  const detail = detailOf(errors, status, text);
  const options = { status };
  if (codes.has(22)) return new ChannelCallError('auth', 'webservice-disabled', detail, options);
  if (status === 429) return new ChannelCallError('retry', 'rate-limited', detail, { status, retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), now) });
  if (status >= 500) return new ChannelCallError('retry', 'remote-error', detail, { status, retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), now) });
  if (codes.has(25) || codes.has(26) || status === 403) return new ChannelCallError('auth', 'permission-missing', detail, options);
  if (status === 401) return new ChannelCallError('auth', 'auth-refused', detail, options);
  if (status === 404) {
    // The webservice's own "Id(s) not exists" is a vanished record; any other 404 is a wrong address.
    if (errors.length > 0) return new ChannelCallError('not-found', 'not-found', detail, options);
    return new ChannelCallError('auth', 'not-found', detail, options);
  }
  if (status === 408) return new ChannelCallError('retry', 'timeout', detail, options);
  return new ChannelCallError('refused', 'refused-by-remote', detail, options);
}

/** A request that never got an answer: the shop is down, the name does not resolve, TLS failed, or we gave up waiting. */
export function classifyTransport(error: unknown): ChannelCallError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new ChannelCallError('retry', 'timeout', 'the shop did not answer in time');
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const message = cleanText(typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error)).slice(0, 300);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return new ChannelCallError('retry', 'tls', `${code}: ${message}`);
  return new ChannelCallError('retry', 'unreachable', code === '' ? message : `${code}: ${message}`);
}

export class PrestashopHttp {
  private readonly authorization: string;
  private readonly apiRoot: string;

  constructor(
    private readonly credentials: PrestashopCredentials,
    private readonly context: ConnectorContext,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.apiKey}:`).toString('base64')}`;
    this.apiRoot = `${credentials.baseUrl.replace(/\/+$/, '')}/api/`;
  }

  url(path: string, params: Readonly<Record<string, string>> = {}, json = true): string {
    const url = new URL(path, this.apiRoot);
    if (json) url.searchParams.set('output_format', 'JSON');
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  /** One request; answers whatever status came back, throws only when no answer came. */
  async raw(method: string, url: string, body?: string): Promise<RawAnswer> {
    await this.context.take('default');
    try {
      const response = await this.context.fetch(url, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json, text/xml', ...(body === undefined ? {} : { 'content-type': 'text/xml; charset=utf-8' }) },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.context.timeoutMs),
      });
      const text = await response.text();
      if (text.length > MAX_ANSWER_CHARS) throw new ChannelCallError('retry', 'unexpected-answer', `the answer is too large (${text.length} characters)`, { status: response.status });
      return { status: response.status, text, headers: response.headers };
    } catch (error) {
      if (error instanceof ChannelCallError) throw error;
      throw classifyTransport(error);
    }
  }

  /** A JSON read; a success that is not JSON (a maintenance page, a login form) is an unexpected answer. */
  async getJson(path: string, params: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const answer = await this.raw('GET', this.url(path, params));
    if (answer.status < 200 || answer.status >= 300) throw classifyAnswer(answer, this.context.now());
    return parseJsonAnswer(answer);
  }

  /** A write of one XML record; answers the record the shop stored (its JSON). */
  async sendXml(method: 'POST' | 'PUT' | 'PATCH', path: string, xml: string): Promise<unknown> {
    const answer = await this.raw(method, this.url(path), xml);
    if (answer.status < 200 || answer.status >= 300) throw classifyAnswer(answer, this.context.now());
    return parseJsonAnswer(answer);
  }
}

function parseJsonAnswer(answer: RawAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    const start = cleanText(answer.text.slice(0, 120).replace(/\s+/g, ' '));
    throw new ChannelCallError('retry', 'unexpected-answer', `expected JSON, got: ${start}`, { status: answer.status });
  }
}
