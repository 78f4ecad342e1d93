/**
 * @module
 * Signing in and out, first-run setup, password resets and one's own password: the procedures a
 * visitor calls before (or while) having a session. The session itself travels in cookies the
 * server sets; these declarations only carry what the page reads.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { publicAccess, signedIn } from '../access';

export const headOfficeRoleSchema = z.enum(['owner', 'manager', 'viewer']);
export type HeadOfficeRole = z.output<typeof headOfficeRoleSchema>;

/** An email as head office stores it: trimmed and lower-cased. */
export const headOfficeEmailSchema = z.string().trim().toLowerCase().email().max(200);
/** A password someone chooses (sign-in accepts any length: old passwords keep working). */
export const newPasswordSchema = z.string().min(10, 'at least 10 characters').max(200);
const tokenSchema = z.string().min(1).max(200);

export const headOfficeMeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: headOfficeRoleSchema,
  /** Empty: every store. */
  storeIds: z.array(z.string()).readonly(),
  organisationId: z.string(),
  organisationName: z.string(),
});
export type HeadOfficeMe = z.output<typeof headOfficeMeSchema>;

export const sessionViewSchema = z.object({
  user: headOfficeMeSchema.nullable(),
  /** True while the server has no head-office user at all: the first visit creates the owner. */
  setupRequired: z.boolean(),
  /** The token the page echoes in `X-CSRF-Token` (also in the readable CSRF cookie). */
  csrfToken: z.string(),
  /** The server can mail reset links: the sign-in page offers "forgot password". */
  resetByEmail: z.boolean(),
});
export type SessionView = z.output<typeof sessionViewSchema>;

export const setupInputSchema = z.object({
  organisationName: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(80),
  email: headOfficeEmailSchema,
  password: newPasswordSchema,
  /** A link from `create-owner`: its email wins over `email`. */
  setupToken: z.string().max(200).optional(),
});
export type SetupInput = z.output<typeof setupInputSchema>;

const emailOnlySchema = z.object({ email: z.string() });

export const accountContract = {
  'session.get': route({
    method: 'GET',
    path: '/session',
    summary: 'Who is signed in, whether setup is still open, and the CSRF token',
    access: publicAccess,
    input: z.object({}),
    output: sessionViewSchema,
  }),
  'session.peekSetupToken': route({
    method: 'GET',
    path: '/setup-token/:token',
    summary: 'The email a one-time setup link is for',
    access: publicAccess,
    input: z.object({ token: tokenSchema }),
    output: emailOnlySchema,
  }),
  'session.setup': route({
    method: 'POST',
    path: '/setup',
    summary: 'Creates the first owner (and organisation), or an owner from a setup link, and signs in',
    access: publicAccess,
    input: setupInputSchema,
    output: headOfficeMeSchema,
    status: 201,
  }),
  'session.login': route({
    method: 'POST',
    path: '/login',
    summary: 'Signs in with email and password',
    access: publicAccess,
    input: z.object({ email: headOfficeEmailSchema, password: z.string().min(1).max(200) }),
    output: headOfficeMeSchema,
  }),
  'session.logout': route({
    method: 'POST',
    path: '/logout',
    summary: 'Ends this session',
    access: publicAccess,
    input: z.object({}),
    output: z.object({ signedOut: z.literal(true) }),
  }),
  'passwordReset.peek': route({
    method: 'GET',
    path: '/password-reset/:token',
    summary: 'The email a one-time reset link is for',
    access: publicAccess,
    input: z.object({ token: tokenSchema }),
    output: emailOnlySchema,
  }),
  'passwordReset.request': route({
    method: 'POST',
    path: '/password-reset/request',
    summary: 'Mails a one-time reset link to each account with this email (same answer whether one exists)',
    access: publicAccess,
    input: z.object({ email: headOfficeEmailSchema }),
    output: z.object({ requested: z.literal(true) }),
  }),
  'passwordReset.redeem': route({
    method: 'POST',
    path: '/password-reset',
    summary: 'Sets a new password with a one-time reset link and signs in',
    access: publicAccess,
    input: z.object({ token: tokenSchema, newPassword: newPasswordSchema }),
    output: headOfficeMeSchema,
  }),
  'account.changePassword': route({
    method: 'POST',
    path: '/password',
    summary: 'Changes the signed-in user\'s password; every other session of theirs ends',
    access: signedIn,
    input: z.object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema }),
    output: z.object({ changed: z.literal(true) }),
  }),
} as const;
