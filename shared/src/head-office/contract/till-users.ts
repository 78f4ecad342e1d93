/**
 * @module
 * The till users head office sends down to every register (cashiers, managers, admins with a
 * PIN). Organisation-wide: owners, and managers of every store, edit them. A PIN is never shown.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema, roleSchema, tillUserSchema } from '../../records/catalogue';
import { organisationWriters, signedIn } from '../access';

/** A till user as head office shows it: everything but the PIN's hash. */
export const tillUserViewSchema = tillUserSchema.omit({ pinHash: true });
export type TillUserView = z.output<typeof tillUserViewSchema>;

export const tillUserInputSchema = z.object({
  /** Absent: a new user (who then needs a PIN). */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(80),
  role: roleSchema,
  /** Absent on an edit: the PIN stays. */
  pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits').optional(),
  active: z.boolean(),
  /** The stores whose registers get this user; empty: every store; absent on an edit: unchanged. */
  storeIds: z.array(idSchema).max(500).optional(),
});
export type TillUserInput = z.output<typeof tillUserInputSchema>;

export const tillUsersContract = {
  'tillUsers.list': route({ method: 'GET', path: '/till-users', summary: 'The till users, without their PINs', access: signedIn, input: z.object({}), output: z.array(tillUserViewSchema) }),
  'tillUsers.save': route({
    method: 'POST',
    path: '/till-users',
    summary: 'Adds a till user (with a PIN) or changes one',
    access: organisationWriters,
    input: tillUserInputSchema,
    output: tillUserViewSchema,
    status: 201,
  }),
} as const;
