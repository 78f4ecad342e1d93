/**
 * @module
 * The HTTP plumbing every route shares: one error handler that turns anything thrown into
 * `{ok: false, error: {code, message}}` with the status from the shared error table, JSON reading
 * that answers 400 for malformed bodies, and zod validation with the version check first.
 */
import { CassaError, checkVersions, httpStatusOf, unstorableTextPath, versionEnvelopeSchema } from '@cassa/shared';
import type { ErrorCode } from '@cassa/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/**
 * `message` is a constant format (`%s` placeholders) filled from `values`: a request's path or
 * other client text is only ever a value, so `%o` in a URL cannot reshape the log line.
 */
export type Logger = (message: string, error?: unknown, values?: readonly unknown[]) => void;

export const consoleLogger: Logger = (message, error, values = []) => {
  console.error(`[sync-server] ${message}`, ...values.map(String), error ?? '');
};

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION';
    case 401:
      return 'NOT_AUTHENTICATED';
    case 403:
      return 'NOT_AUTHORISED';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return status >= 400 && status < 500 ? 'VALIDATION' : 'INTERNAL';
  }
}

export function errorJson(c: Context, error: CassaError): Response {
  return c.json({ ok: false as const, error: error.toApiError() }, httpStatusOf(error.code) as ContentfulStatusCode);
}

/** The app's only error handler. Anything that is not a CassaError is a bug: logged, INTERNAL. */
export function createErrorHandler(log: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof CassaError) return errorJson(c, error);
    if (error instanceof HTTPException) {
      const code = codeForStatus(error.status);
      return errorJson(c, new CassaError(code, error.status === 413 ? undefined : error.message || undefined));
    }
    // The path is the client's text: it goes in as data, never as (part of) a format string.
    log('Unhandled error on %s %s', error, [c.req.method, c.req.path]);
    return errorJson(c, new CassaError('INTERNAL'));
  };
}

/** Deeper than any message of ours; far below what would overflow the stack of a recursive validator. */
export const MAX_JSON_DEPTH = 64;

/** How deeply arrays and objects nest in JSON text, counted outside strings, without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) i = closingQuote(text, i);
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Where the string opened at `open` ends (the text's length when it never does). Found with
 * indexOf, which skips a string's characters natively: most of a push body is inside strings, and
 * reading them a character at a time showed in catch-up profiles. A quote preceded by an odd run
 * of backslashes is escaped.
 */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/** Reads the body as JSON; malformed, missing or absurdly nested JSON is the caller's mistake, never a 5xx. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length === 0) throw new CassaError('VALIDATION', 'A JSON body is required');
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new CassaError('VALIDATION', `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CassaError('VALIDATION', 'The body is not valid JSON');
  }
}

/**
 * A JSON body none of whose texts holds what no engine stores (U+0000, half a surrogate pair):
 * head office refuses it at the door rather than let PostgreSQL fail on it, or SQLite keep it and
 * send it down to every till. Device pushes do not use this: a bad record there is set aside.
 */
export async function readStorableJson(c: Context): Promise<unknown> {
  const body = await readJson(c);
  const path = unstorableTextPath(body);
  if (path !== null) {
    const where = path.map(String).join('.') || 'body';
    throw new CassaError('VALIDATION', `Invalid ${where}: text contains a NUL character or an invalid character`, { issues: [{ path: where, message: 'unstorable text' }] });
  }
  return body;
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const first = issues[0];
  throw new CassaError('VALIDATION', first ? `Invalid ${first.path || 'body'}: ${first.message}` : 'Invalid input', { issues });
}

/**
 * Checks the versions a message carries before validating the rest, so a till from another
 * release hears "upgrade" rather than a list of schema errors.
 */
export function assertVersions(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CassaError('VALIDATION', 'The body must be a JSON object');
  }
  const envelope = versionEnvelopeSchema.safeParse(body);
  const raw = body as { protocolVersion?: unknown; schemaVersion?: unknown };
  const mismatch = envelope.success
    ? checkVersions(envelope.data.protocolVersion, envelope.data.schemaVersion)
    : checkVersions(
        typeof raw.protocolVersion === 'number' ? raw.protocolVersion : null,
        typeof raw.schemaVersion === 'number' ? raw.schemaVersion : null,
      );
  if (mismatch) throw new CassaError('SYNC_VERSION_MISMATCH', versionMessage(mismatch.upgrade), mismatch);
}

export function assertQueryVersions(protocolVersion: string | undefined, schemaVersion: string | undefined): void {
  const parse = (text: string | undefined): number | null => (text !== undefined && /^\d+$/.test(text) ? Number(text) : null);
  const mismatch = checkVersions(parse(protocolVersion), parse(schemaVersion));
  if (mismatch) throw new CassaError('SYNC_VERSION_MISMATCH', versionMessage(mismatch.upgrade), mismatch);
}

function versionMessage(upgrade: 'client' | 'server'): string {
  return upgrade === 'client'
    ? 'This till is older than the server: update the till'
    : 'This till is newer than the server: update the server';
}
