/**
 * @module
 * A session with an SAP Business One Service Layer (`…/b1s/v1`), as the SAP connector uses it:
 * - `POST Login` with `{CompanyDB, UserName, Password}`; the answer's `B1SESSION` and `ROUTEID`
 *   cookies are both sent back on every later call (ROUTEID pins the load balancer's node; SAP
 *   "Working with SAP Business One Service Layer" §3.1, channels-erp.md §4);
 * - a 401 on a later call (the 30-minute idle timeout, a Service Layer restart) signs in again
 *   once and repeats the call;
 * - collections are read page by page through `odata.nextLink` (v1) or `@odata.nextLink` (v2),
 *   asking for `Prefer: odata.maxpagesize` [U: the largest size a real Service Layer grants];
 * - reads are retried on 429, 5xx, timeouts and dropped connections; writes are not (a POST that
 *   timed out may have been booked): the day sender looks its document up again instead.
 * Every request goes through issue 18's outbound guard, and SAP's words pass `redactSecrets`.
 */
import { redactSecrets } from '../../channels/secret-redaction';
import { ChannelCallError } from '../../channels/connector';
import type { SapProblem } from '@cassa/shared';

export interface SapCredentials {
  /** The Service Layer's base, e.g. https://sap.example.it:50000/b1s/v1 */
  readonly serviceLayerUrl: string;
  readonly companyDb: string;
  readonly userName: string;
  readonly password: string;
}

export class SapCallError extends Error {
  constructor(
    readonly problem: SapProblem,
    /** SAP's own words (secrets removed), at most 500 characters. */
    readonly detail: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(`${problem}: ${detail}`);
    this.name = 'SapCallError';
  }
}

export interface SapClientOptions {
  /** The guarded fetch (issue 18's `guardOutboundFetch`). */
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
  /** Attempts per read (default 3). */
  readonly attempts?: number;
  /** Waits between attempts; tests give a no-op (never sleep for retries in tests). */
  readonly wait?: (ms: number) => Promise<void>;
  readonly pageSize?: number;
}

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** SAP's `{"error":{"code":…,"message":{"lang":…,"value":…}}}`, or the start of whatever else came. */
function wordsOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: { value?: unknown } | string } };
    const message = body.error?.message;
    const value = typeof message === 'string' ? message : message?.value;
    if (typeof value === 'string') return `${value}${body.error?.code === undefined ? '' : ` (${String(body.error.code)})`}`;
  } catch {
    // not JSON: a proxy's page
  }
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

export class SapClient {
  private cookies: string | null = null;
  private readonly forms: string[];
  private readonly base: string;

  constructor(
    private readonly credentials: SapCredentials,
    private readonly options: SapClientOptions,
  ) {
    this.base = credentials.serviceLayerUrl.replace(/\/+$/, '');
    this.forms = [credentials.password, encodeURIComponent(credentials.password)].filter((form) => form.length >= 4);
  }

  private clean(text: string): string {
    return redactSecrets(text, this.forms).slice(0, 500);
  }

  private async send(path: string, init: { method: string; body?: unknown; prefer?: string }): Promise<Response> {
    const headers = new Headers({ accept: 'application/json' });
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    if (this.cookies !== null) headers.set('cookie', this.cookies);
    if (init.prefer !== undefined) headers.set('prefer', init.prefer);
    const url = /^https?:/.test(path) ? path : `${this.base}/${path}`;
    try {
      return await this.options.fetch(url, {
        method: init.method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      if (error instanceof ChannelCallError) throw new SapCallError('address-not-allowed', this.clean(error.detail), false);
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new SapCallError('timeout', 'SAP did not answer in time', true);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new SapCallError('unreachable', this.clean(cause), true);
    }
  }

  private async failure(response: Response): Promise<SapCallError> {
    const words = this.clean(wordsOf(await response.text().catch(() => '')));
    const detail = `HTTP ${response.status}${words === '' ? '' : `: ${words}`}`;
    if (response.status === 429 || response.status >= 500) return new SapCallError('server-error', detail, true, response.status);
    if (response.status === 401 || response.status === 403) return new SapCallError('sign-in-refused', detail, false, response.status);
    return new SapCallError('refused', detail, false, response.status);
  }

  /** Signs in; throws `sign-in-refused` with SAP's words for wrong credentials or company. */
  async login(): Promise<void> {
    this.cookies = null;
    const response = await this.send('Login', { method: 'POST', body: { CompanyDB: this.credentials.companyDb, UserName: this.credentials.userName, Password: this.credentials.password } });
    if (!response.ok) throw await this.failure(response);
    await response.body?.cancel();
    const jar = new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    if (!jar.has('B1SESSION')) throw new SapCallError('sign-in-refused', 'SAP answered the sign-in without a B1SESSION cookie: is this address a Service Layer (…/b1s/v1)?', false);
    this.cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async logout(): Promise<void> {
    if (this.cookies === null) return;
    try {
      const response = await this.send('Logout', { method: 'POST' });
      await response.body?.cancel();
    } catch {
      // The session ends by itself after 30 minutes.
    }
    this.cookies = null;
  }

  /** One call with a session: signs in first if needed, and once more on a 401. */
  private async call(path: string, init: { method: string; body?: unknown; prefer?: string }): Promise<unknown> {
    if (this.cookies === null) await this.login();
    let response = await this.send(path, init);
    if (response.status === 401) {
      await response.body?.cancel();
      await this.login();
      response = await this.send(path, init);
    }
    if (!response.ok) throw await this.failure(response);
    const text = await response.text();
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  /** A read, retried on 429/5xx/timeouts/drops with a growing pause. */
  private async read(path: string, prefer?: string): Promise<unknown> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(path, { method: 'GET', ...(prefer === undefined ? {} : { prefer }) });
      } catch (error) {
        if (!(error instanceof SapCallError) || !error.retryable || attempt >= attempts) throw error;
        await (this.options.wait ?? realWait)(500 * 2 ** (attempt - 1));
      }
    }
  }

  /** Every entity of a collection query (`Items?$filter=…`), following the next links. */
  async readAll<T>(query: string): Promise<T[]> {
    const rows: T[] = [];
    const prefer = `odata.maxpagesize=${this.options.pageSize ?? 100}`;
    let next: string | null = query;
    for (let pages = 0; next !== null; pages++) {
      if (pages > 10_000) throw new SapCallError('refused', 'SAP kept answering with more pages: stopped after 10000', false);
      const body = (await this.read(next, prefer)) as { value?: unknown; 'odata.nextLink'?: unknown; '@odata.nextLink'?: unknown } | null;
      if (body === null || !Array.isArray(body.value)) throw new SapCallError('refused', 'SAP answered a collection without a value list', false);
      rows.push(...(body.value as T[]));
      const link = body['odata.nextLink'] ?? body['@odata.nextLink'];
      next = typeof link === 'string' && link !== '' ? this.nextPath(link) : null;
    }
    return rows;
  }

  /** A next link is relative to the service root (v1: `Items?$skip=20`) or absolute; it must stay on this Service Layer. */
  private nextPath(link: string): string {
    const resolved = new URL(link, `${this.base}/`);
    if (!resolved.href.startsWith(`${this.base}/`)) throw new SapCallError('refused', 'SAP answered a next link to another address', false);
    return resolved.href.slice(this.base.length + 1);
  }

  /** A write, sent once (with a re-sign-in on 401); its failure says whether it may have been booked. */
  async create<T>(entity: string, body: unknown): Promise<T> {
    return (await this.call(entity, { method: 'POST', body })) as T;
  }
}

/** OData string literal: quotes doubled, as `$filter=NumAtCard eq 'O''Brien'` needs. */
export const odataText = (value: string): string => `'${value.replace(/'/g, "''")}'`;
