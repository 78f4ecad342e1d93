/**
 * @module
 * One door to eBay for the connector: every request waits for the rate limiter, carries a fresh
 * User access token, has a deadline, and comes back as parsed JSON or a classified
 * `ChannelCallError`. A 401 gets one token refresh and one more try (an access token lives about
 * 2 hours, reference §3), so an expiry mid-run is invisible to the caller.
 */
import type { EbayCredentials } from '@cassa/shared';
import type { ChannelCallError, ConnectorContext } from '../connector';
import { classifyNetworkError, classifyStatus, classifyTokenStatus } from './ebay-errors';

/** The scopes Cassa asks for: inventory (stock) and fulfillment (orders). */
export const EBAY_SCOPES = ['https://api.ebay.com/oauth/api_scope/sell.inventory', 'https://api.ebay.com/oauth/api_scope/sell.fulfillment'] as const;

/** A token is renewed this long before eBay says it expires (clocks drift). */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** Bodies larger than this are not read (a page of 200 orders is well under it). */
const MAX_BODY_CHARS = 20_000_000;

export interface EbayAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly raw: string;
  readonly retryAfter: string | null;
}

interface CachedToken {
  readonly value: string;
  readonly obtainedMs: number;
  readonly expiresMs: number;
}

export class EbayHttp {
  private token: CachedToken | null = null;
  private refreshing: Promise<string> | null = null;
  /** The remote's clock as of its last answer (its `Date` header), for order windows. */
  private remoteClockOffsetMs = 0;
  private remoteClockKnown = false;

  constructor(
    readonly credentials: EbayCredentials,
    readonly context: ConnectorContext,
  ) {}

  private url(pathAndQuery: string): string {
    return `${this.credentials.apiBaseUrl.replace(/\/+$/, '')}${pathAndQuery}`;
  }

  /** Now by eBay's clock when it told us, else ours: a far-off local clock must not ask for orders "from the future". */
  remoteNow(): Date {
    return new Date(this.context.now().getTime() + this.remoteClockOffsetMs);
  }

  /** Makes sure eBay's clock is known (a token request tells it) before a time window is chosen. */
  async learnRemoteClock(): Promise<void> {
    if (!this.remoteClockKnown) await this.accessToken();
  }

  private async send(url: string, init: RequestInit): Promise<EbayAnswer> {
    let response: Response;
    let raw: string;
    try {
      response = await this.context.fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(this.context.timeoutMs) });
      raw = await response.text();
    } catch (error) {
      throw classifyNetworkError(error);
    }
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(date)) {
      this.remoteClockOffsetMs = date - this.context.now().getTime();
      this.remoteClockKnown = true;
    }
    let body: unknown = null;
    if (raw.length <= MAX_BODY_CHARS && /^\s*[[{]/.test(raw)) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = null;
      }
    }
    return { status: response.status, body, raw: raw.slice(0, 2000), retryAfter: response.headers.get('retry-after') };
  }

  private tokenValid(now: number): boolean {
    if (this.token === null) return false;
    // A clock that jumped back before the token was obtained cannot judge it: keep it until eBay answers 401.
    if (now < this.token.obtainedMs) return true;
    return now < this.token.expiresMs - TOKEN_MARGIN_MS;
  }

  /** A fresh access token from the refresh token (one request at a time however many callers wait). */
  async refreshToken(): Promise<string> {
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    await this.context.take('token');
    const basic = Buffer.from(`${this.credentials.clientId}:${this.credentials.clientSecret}`).toString('base64');
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.credentials.refreshToken, scope: EBAY_SCOPES.join(' ') });
    const answer = await this.send(this.url('/identity/v1/oauth2/token'), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (answer.status !== 200) throw classifyTokenStatus(answer.status, answer.body, answer.raw, answer.retryAfter, this.context.now());
    const body = answer.body as { access_token?: unknown; expires_in?: unknown } | null;
    const value = body?.access_token;
    const expiresIn = body?.expires_in;
    if (typeof value !== 'string' || value === '' || value.length > 10_000) throw classifyTokenStatus(200, answer.body, answer.raw, null, this.context.now());
    const lifetimeS = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, 86_400) : 7200;
    const now = this.context.now().getTime();
    this.token = { value, obtainedMs: now, expiresMs: now + lifetimeS * 1000 };
    return value;
  }

  private async accessToken(): Promise<string> {
    if (this.token !== null && this.tokenValid(this.context.now().getTime())) return this.token.value;
    return this.refreshToken();
  }

  /**
   * Calls a Sell API path (e.g. `/sell/inventory/v1/offer?sku=A`). Answers with any status the
   * caller accepts in `ok`; everything else throws classified.
   */
  async call(
    operation: string,
    method: 'GET' | 'POST' | 'PUT',
    pathAndQuery: string,
    options: { readonly json?: unknown; readonly ok?: (status: number) => boolean } = {},
  ): Promise<EbayAnswer> {
    const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
    let answer: EbayAnswer | null = null;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const token = attempt === 0 ? await this.accessToken() : await this.refreshToken();
      await this.context.take(operation);
      answer = await this.send(this.url(pathAndQuery), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'content-language': 'it-IT',
          'x-ebay-c-marketplace-id': this.credentials.marketplaceId,
          ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      });
      if (answer.status !== 401) break;
      this.token = null;
    }
    const final = answer as EbayAnswer;
    if (ok(final.status)) {
      if (final.body === null && final.status !== 204 && final.raw.trim() !== '') throw this.unexpected(final);
      return final;
    }
    throw classifyStatus(final.status, final.body, final.raw, final.retryAfter, this.context.now());
  }

  unexpected(answer: EbayAnswer): ChannelCallError {
    return classifyStatus(200, null, `unexpected answer (HTTP ${answer.status}): ${answer.raw.slice(0, 200)}`, null, this.context.now());
  }
}
