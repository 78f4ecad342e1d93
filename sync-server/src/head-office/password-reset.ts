/**
 * @module
 * One-time password-reset links: an owner makes one for a user on the users page, the operator
 * with `npm run server -- reset-password EMAIL`. The link holds a random token (only its hash is
 * stored), works once, for 24 hours, and a newer link for the same user replaces it. Using it sets
 * the new password and ends every session of that user.
 */
import { sha256Hex } from '../credentials';
import type { HeadOfficeStorage } from '../storage/head-office-storage';
import { newToken } from './auth';

export const RESET_LINK_HOURS = 24;

/** The page of the web app where the link's holder chooses a new password. */
export function resetLinkUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/#/reset?token=${encodeURIComponent(token)}`;
}

export async function issuePasswordReset(
  ho: HeadOfficeStorage,
  user: { organisationId: string; id: string },
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
  await ho.createPasswordReset({ tokenHash: sha256Hex(token), organisationId: user.organisationId, userId: user.id, expiresAt });
  return { token, expiresAt: expiresAt.toISOString() };
}

export function resetTokenHash(token: string): string {
  return sha256Hex(token);
}
