/**
 * @module
 * The public API's opaque cursors: where the last page ended, signed with HMAC-SHA-256 under a key
 * derived from the API key's stored hash, the procedure and its filters. A cursor made up by hand,
 * edited, taken from another key, or reused with other filters fails the check and is refused
 * (400), instead of quietly paging something else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CassaError } from '@cassa/shared';

function mac(keyHash: string, scope: string, payload: string): Buffer {
  return createHmac('sha256', keyHash).update(scope).update('\u0000').update(payload).digest();
}

/** `scope` names the procedure and its filters: the cursor is good only for the same list. */
export function encodeCursor(keyHash: string, scope: string, after: readonly string[]): string {
  const payload = Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');
  return `${payload}.${mac(keyHash, scope, payload).toString('base64url')}`;
}

export function decodeCursor(keyHash: string, scope: string, cursor: string | undefined): string[] | null {
  if (cursor === undefined) return null;
  const refuse = (): never => {
    throw new CassaError('VALIDATION', 'Invalid cursor', { reason: 'api-cursor' });
  };
  const [payload, signature, extra] = cursor.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return refuse();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(keyHash, scope, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse();
  let after: unknown;
  try {
    after = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  if (!Array.isArray(after) || !after.every((v) => typeof v === 'string')) return refuse();
  return after as string[];
}
