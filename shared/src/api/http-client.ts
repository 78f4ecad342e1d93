/**
 * @module
 * A client derived from an HTTP contract: `call(name, input)` builds the method, path, query or
 * body from the declaration, and checks the answer against the declared output, so a response
 * the contract does not allow is an error here rather than a wrong figure on a screen.
 */
import { CassaError, errorDetailsFromWire, isErrorCode } from '../errors';
import type { ErrorCode, ErrorDetails } from '../errors';
import type { HttpContract, HttpInputOf, HttpOutputOf, HttpProcedure, JsonProcedureName } from './http-contract';
import { inputInQuery, pathParams } from './http-contract';

/** The part of `fetch` the client uses: shared is built without DOM or Node types. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: unknown; credentials?: 'same-origin' | 'include' | 'omit' },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;

export interface HttpClientOptions {
  /** Prefix of every path, e.g. `/api/ho` or `https://cassa.example/`. */
  readonly baseUrl: string;
  /** Default: the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Extra headers for one call (authorisation, CSRF). */
  readonly headers?: (procedure: HttpProcedure) => Record<string, string>;
  readonly credentials?: 'same-origin' | 'include' | 'omit';
}

export interface CallOptions {
  /** An `AbortSignal`. */
  readonly signal?: unknown;
  /** Headers for this call only, added after the client's own. */
  readonly headers?: Record<string, string>;
}

/**
 * Why an answer was refused: the server said no (`error`, its code and message kept), the answer
 * was not an envelope at all (`unreadable`: a proxy's page, a cut body), or the data broke the
 * declared output (`mismatch`). Callers that retry tell a server's refusal from a broken answer.
 */
export type HttpFailureKind = 'error' | 'unreadable' | 'mismatch';

/** A CassaError from an answer, with the HTTP status it came with. */
export class HttpCallError extends CassaError {
  constructor(
    code: ErrorCode,
    message: string | undefined,
    details: ErrorDetails | undefined,
    readonly status: number,
    readonly kind: HttpFailureKind,
  ) {
    super(code, message, details);
  }
}

/** The input argument is optional when the procedure's input accepts `{}`. */
type InputArgs<C extends HttpContract, N extends keyof C> =
  Record<string, never> extends HttpInputOf<C, N> ? [input?: HttpInputOf<C, N>, options?: CallOptions] : [input: HttpInputOf<C, N>, options?: CallOptions];

export interface HttpClient<C extends HttpContract> {
  /** Resolves with the declared output, or rejects with a CassaError carrying the server's code. */
  call<N extends JsonProcedureName<C>>(name: N, ...args: InputArgs<C, N>): Promise<HttpOutputOf<C, N>>;
  /** The URL a procedure's call would use (links, event streams). */
  url<N extends keyof C & string>(name: N, ...args: InputArgs<C, N>): string;
}

interface Request {
  readonly url: string;
  readonly body: string | undefined;
}

function buildRequest(baseUrl: string, procedure: HttpProcedure, input: Record<string, unknown>): Request {
  const params = new Set(pathParams(procedure.path));
  const path = procedure.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(String(input[name] ?? '')));
  const rest = Object.fromEntries(Object.entries(input).filter(([key, value]) => !params.has(key) && value !== undefined));
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  if (!inputInQuery(procedure.method)) return { url: base + path, body: JSON.stringify(rest) };
  const query = Object.entries(rest)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return { url: base + path + (query ? `?${query}` : ''), body: undefined };
}

function failure(status: number, json: unknown): HttpCallError {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (!error) return new HttpCallError(status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', `HTTP ${status}`, undefined, status, 'unreadable');
  const code = isErrorCode(error.code) ? error.code : 'INTERNAL';
  return new HttpCallError(code, typeof error.message === 'string' ? error.message : undefined, errorDetailsFromWire(error.details), status, 'error');
}

export function createHttpClient<C extends HttpContract>(contract: C, options: HttpClientOptions): HttpClient<C> {
  const doFetch = options.fetch ?? ((url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init));
  const procedureOf = (name: string): HttpProcedure => {
    const procedure = contract[name];
    if (!procedure) throw new CassaError('NOT_FOUND', `No procedure ${name}`);
    return procedure;
  };
  return {
    async call(name, ...[input, callOptions]) {
      const procedure = procedureOf(name);
      if (procedure.stream) throw new CassaError('INTERNAL', `${name} is an event stream: open client.url(…) instead`);
      const request = buildRequest(options.baseUrl, procedure, (input ?? {}) as Record<string, unknown>);
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers?.(procedure), ...callOptions?.headers };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const response = await doFetch(request.url, {
        method: procedure.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(callOptions?.signal ? { signal: callOptions.signal } : {}),
      });
      const json: unknown = await response.json().catch(() => null);
      if (!response.ok || (json as { ok?: unknown } | null)?.ok !== true) throw failure(response.status, json);
      const checked = procedure.output.safeParse((json as { data: unknown }).data);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = issue?.path.join('.') || 'data';
        throw new HttpCallError('INTERNAL', `The server's answer to ${name} does not match the contract at ${where}: ${issue?.message ?? ''}`, undefined, response.status, 'mismatch');
      }
      return checked.data as never;
    },
    url(name, ...[input]) {
      return buildRequest(options.baseUrl, procedureOf(name), (input ?? {}) as Record<string, unknown>).url;
    },
  };
}
