/**
 * @module
 * eBay's OAuth as a seller's application meets it: POST `/identity/v1/oauth2/token` with Basic
 * base64(client_id:client_secret) and `grant_type=refresh_token` answers a User access token of
 * about 2 hours (`expires_in` 7200) [V: reference §3]. Every Sell API call carries it as Bearer;
 * an unknown or expired one is a 401 with errorId 1001 [U: the error id, as eBay's REST error
 * list gives it], a token without the call's scope a 403 with errorId 1100 [U].
 */
import type { Hono, MiddlewareHandler } from 'hono';

export const INVENTORY_SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.inventory';
export const FULFILLMENT_SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.fulfillment';

export interface EbayAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  refreshToken: string;
  tokenLifetimeSeconds: number;
  grantedScopes: string[];
}

interface IssuedToken {
  readonly expiresMs: number;
  readonly scopes: readonly string[];
}

export class EbayAuth {
  private readonly tokens = new Map<string, IssuedToken>();
  private issued = 0;

  constructor(
    readonly settings: EbayAuthSettings,
    private readonly now: () => number,
  ) {}

  /** Every access token stops working now (what 2 hours later looks like). */
  expireAll(): void {
    for (const [token, issued] of this.tokens) this.tokens.set(token, { ...issued, expiresMs: 0 });
  }

  /** The seller revoked the application's grant: the refresh token and every access token die. */
  revoke(): void {
    this.settings.refreshToken = `revoked-${this.settings.refreshToken}`;
    this.tokens.clear();
  }

  routes(app: Hono): void {
    app.post('/identity/v1/oauth2/token', async (c) => {
      const expected = `Basic ${Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64')}`;
      if (c.req.header('authorization') !== expected) {
        return c.json({ error: 'invalid_client', error_description: 'client authentication failed' }, 401);
      }
      const form = new URLSearchParams(await c.req.text());
      if (form.get('grant_type') !== 'refresh_token') {
        return c.json({ error: 'unsupported_grant_type', error_description: 'grant type in request is not supported by the authorization server' }, 400);
      }
      if (form.get('refresh_token') !== this.settings.refreshToken) {
        return c.json({ error: 'invalid_grant', error_description: 'the provided authorization refresh token is invalid or was issued to another client' }, 400);
      }
      const asked = (form.get('scope') ?? '').split(/\s+/).filter((scope) => scope !== '');
      if (asked.some((scope) => !this.settings.grantedScopes.includes(scope))) {
        return c.json({ error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client' }, 400);
      }
      this.issued += 1;
      const token = `v^1.1#i^1#emulated-${this.issued}-${Math.random().toString(36).slice(2)}`;
      this.tokens.set(token, { expiresMs: this.now() + this.settings.tokenLifetimeSeconds * 1000, scopes: asked.length > 0 ? asked : [...this.settings.grantedScopes] });
      return c.json({ access_token: token, expires_in: this.settings.tokenLifetimeSeconds, token_type: 'User Access Token' });
    });
  }

  /** Checks the Bearer token of a Sell API call against the scope its path needs. */
  bearer(scopeFor: (path: string) => string | null): MiddlewareHandler {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      const scope = scopeFor(path);
      if (scope === null) return next();
      const header = c.req.header('authorization') ?? '';
      const issued = header.startsWith('Bearer ') ? this.tokens.get(header.slice('Bearer '.length)) : undefined;
      if (issued === undefined || issued.expiresMs <= this.now()) {
        return c.json({ errors: [{ errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token', longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.' }] }, 401);
      }
      if (!issued.scopes.includes(scope)) {
        return c.json({ errors: [{ errorId: 1100, domain: 'ACCESS', category: 'REQUEST', message: 'Access denied', longMessage: 'Insufficient permissions to fulfill the request.' }] }, 403);
      }
      return next();
    };
  }
}
