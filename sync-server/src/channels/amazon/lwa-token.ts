/**
 * @module
 * Login with Amazon access tokens: exchanged from the seller's refresh token (POST form
 * grant_type=refresh_token, refresh_token, client_id, client_secret → access_token, expires_in
 * 3600; reference §2), kept until a minute before they expire, and shared by concurrent calls so
 * one expiry costs one exchange.
 */
import type { AmazonCredentials } from '@cassa/shared';
import { ChannelCallError, type ConnectorContext } from '../connector';
import { errorForNetwork, errorForStatus, spApiErrorText, unexpectedAnswer } from './amazon-errors';

/** Refresh this long before the token's stated expiry, so a request never leaves with a dying token. */
const EARLY_REFRESH_MS = 60_000;

export class LwaTokens {
  private current: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: AmazonCredentials,
    private readonly context: ConnectorContext,
  ) {}

  async get(): Promise<string> {
    if (this.current !== null && this.current.expiresAt - EARLY_REFRESH_MS > this.context.now().getTime()) return this.current.token;
    return this.refresh();
  }

  /** Forgets the token (SP-API refused it) and gets a new one. */
  refresh(): Promise<string> {
    this.current = null;
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async exchange(): Promise<string> {
    await this.context.take('token');
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.credentials.refreshToken,
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    let response: Response;
    let body: string;
    try {
      response = await this.context.fetch(this.credentials.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.context.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      throw errorForNetwork(error);
    }
    if (!response.ok) throw tokenRefusal(response, body, this.context.now());
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw unexpectedAnswer('The token endpoint did not answer JSON', body);
    }
    const token = (parsed as { access_token?: unknown } | null)?.access_token;
    const expiresIn = Number((parsed as { expires_in?: unknown } | null)?.expires_in);
    if (typeof token !== 'string' || token === '' || token.length > 4096 || /[\u0000-\u001f]/.test(token)) {
      throw unexpectedAnswer('The token endpoint answered without an access token', body);
    }
    // A missing or absurd lifetime: assume LWA's documented hour, capped, never less than a minute.
    const lifetimeSeconds = Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, 86_400) : 3600;
    this.current = { token, expiresAt: this.context.now().getTime() + Math.max(lifetimeSeconds * 1000, EARLY_REFRESH_MS + 1000) };
    return token;
  }
}

/**
 * OAuth's answers (RFC 6749 §5.2): `invalid_client` means the app's id or secret is wrong;
 * `invalid_grant` that the refresh token was revoked or expired (the seller must authorise again).
 */
function tokenRefusal(response: Response, body: string, now: Date): ChannelCallError {
  const detail = spApiErrorText(body);
  if (response.status === 400 || response.status === 401) {
    if (/invalid_grant/.test(body)) return new ChannelCallError('auth', 'token-expired', detail, { status: response.status });
    if (/invalid_client|unauthorized_client/.test(body) || response.status === 401) return new ChannelCallError('auth', 'auth-refused', detail, { status: response.status });
    return new ChannelCallError('auth', 'auth-refused', detail, { status: response.status });
  }
  const error = errorForStatus(response.status, body, response.headers, now);
  // A wrong token address answers 404 (or 403 from a gateway): the owner must fix the address.
  if (error.disposition === 'not-found' || error.disposition === 'auth') return new ChannelCallError('auth', error.problem === 'not-found' ? 'not-found' : 'auth-refused', detail, { status: response.status });
  return error;
}
