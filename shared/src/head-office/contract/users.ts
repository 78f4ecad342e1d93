/**
 * @module
 * Head-office users, managed by owners: who may sign in to head office, with which role and
 * limited to which stores.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { ownersOnly } from '../access';
import { headOfficeEmailSchema, headOfficeRoleSchema, newPasswordSchema } from './account';

const idSchema = z.string().min(1).max(64);
const storeIdsSchema = z.array(idSchema).max(500);

export const headOfficeUserViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: headOfficeRoleSchema,
  /** Empty: every store. */
  storeIds: z.array(z.string()).readonly(),
});
export type HeadOfficeUserView = z.output<typeof headOfficeUserViewSchema>;

export const headOfficeUserInputSchema = z.object({
  email: headOfficeEmailSchema,
  name: z.string().trim().min(1).max(80),
  role: headOfficeRoleSchema,
  storeIds: storeIdsSchema,
  password: newPasswordSchema,
});
export type HeadOfficeUserInput = z.output<typeof headOfficeUserInputSchema>;

export const headOfficeUserPatchSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  role: headOfficeRoleSchema.optional(),
  storeIds: storeIdsSchema.optional(),
});
export type HeadOfficeUserPatch = z.output<typeof headOfficeUserPatchSchema>;

export const passwordResetLinkSchema = z.object({ url: z.string(), expiresAt: z.string(), email: z.string() });
export type PasswordResetLink = z.output<typeof passwordResetLinkSchema>;

export const usersContract = {
  'users.list': route({ method: 'GET', path: '/users', summary: 'The organisation\'s head-office users', access: ownersOnly, input: z.object({}), output: z.array(headOfficeUserViewSchema) }),
  'users.create': route({
    method: 'POST',
    path: '/users',
    summary: 'Adds a head-office user, within the plan\'s seats',
    access: ownersOnly,
    input: headOfficeUserInputSchema,
    output: headOfficeUserViewSchema,
    status: 201,
  }),
  'users.update': route({
    method: 'PATCH',
    path: '/users/:id',
    summary: 'Changes a user\'s name, role or stores; their sessions end',
    access: ownersOnly,
    input: headOfficeUserPatchSchema.extend({ id: idSchema }),
    output: z.object({ updated: z.literal(true) }),
  }),
  'users.issuePasswordReset': route({
    method: 'POST',
    path: '/users/:id/password-reset',
    summary: 'Makes a one-time link with which the user chooses a new password',
    access: ownersOnly,
    input: z.object({ id: idSchema }),
    output: passwordResetLinkSchema,
    status: 201,
  }),
  'users.remove': route({
    method: 'DELETE',
    path: '/users/:id',
    summary: 'Removes a head-office user',
    access: ownersOnly,
    input: z.object({ id: idSchema }),
    output: z.object({ deleted: z.literal(true) }),
  }),
} as const;
