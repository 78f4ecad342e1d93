/**
 * @module
 * What every emulated SP-API answer shares: the `{errors:[{code, message, details}]}` body of the
 * models' `ErrorList`, the `x-amzn-RateLimit-Limit` header, the access token check and money as
 * decimal strings (the 2026-01-01 model's `Decimal` is a string; v0's `Money.Amount` too).
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import type { AmazonAccountState } from './amazon-state';
import type { AmazonOperation, UsagePlanBuckets } from './amazon-rate-limits';

/** The emulator's Hono app (Node's request in `c.env`, for dropping a connection). */
export type EmulatorApp = Hono<{ Bindings: HttpBindings }>;

export function errorList(c: Context, status: 400 | 403 | 404 | 413 | 415 | 429 | 500 | 503, code: string, message: string, details = ''): Response {
  return c.json({ errors: [{ code, message, details }] }, status);
}

/** The amount as the models write it: "12.34" from 1234 cents. */
export function decimalAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface ApiGate {
  readonly state: AmazonAccountState;
  readonly buckets: UsagePlanBuckets;
  readonly sellerId: string;
  /** Roles the application was granted (a missing role answers 403 like any refused access). */
  readonly roles: { listings: boolean; orders: boolean };
}

/**
 * Checks the LWA access token, the role and the operation's usage plan, in that order. Returns
 * the refusal to send, or null to go on. An expired token answers 403 `Unauthorized` (the models'
 * 403: "Access Denied, Unauthorized, Expired Token, or Invalid Signature"; the details wording is
 * [U]); SP-API never answers 401.
 */
export function gate(c: Context, api: ApiGate, operation: AmazonOperation, role: 'listings' | 'orders'): Response | null {
  const plan = api.buckets.plan(operation);
  if (plan !== null) c.header('x-amzn-RateLimit-Limit', String(plan.perSecond));
  c.header('x-amzn-RequestId', crypto.randomUUID());
  const token = api.state.tokenState(c.req.header('x-amz-access-token') ?? null);
  if (token === 'expired') return errorList(c, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.');
  if (token === 'unknown') return errorList(c, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided is revoked, malformed or invalid.');
  if (!api.roles[role]) return errorList(c, 403, 'Unauthorized', 'Access to requested resource is denied.', '');
  if (!api.buckets.take(operation)) return errorList(c, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
  return null;
}

/** `marketplaceIds=A,B` or repeated `marketplaceIds=A&marketplaceIds=B`: SP-API takes both. */
export function listParam(c: Context, name: string): string[] {
  return c.req
    .queries(name)
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '') ?? [];
}

/** Opaque page tokens: base64url JSON, refused when tampered with. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
