/**
 * @module
 * The plan: the seats an organisation pays for and the offers it may move to.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { ownersOnly, signedIn } from '../access';

export const planOfferSchema = z.object({
  plan: z.string(),
  maxRegisters: z.number().int().nonnegative(),
  maxUsers: z.number().int().nonnegative(),
});

/** The organisation's plan and the seats it uses now (active registers, head-office users). */
export const planViewSchema = planOfferSchema.extend({
  registers: z.number().int().nonnegative(),
  users: z.number().int().nonnegative(),
});

/** A plan's seats: active registers and head-office users. */
export type PlanOffer = z.output<typeof planOfferSchema>;
/** The organisation's plan and the seats it uses now. */
export type PlanView = z.output<typeof planViewSchema>;

export const planContract = {
  'plan.offers': route({ method: 'GET', path: '/plans', summary: 'The plans on offer', access: signedIn, input: z.object({}), output: z.array(planOfferSchema) }),
  'plan.get': route({ method: 'GET', path: '/plan', summary: 'The organisation\'s plan and the seats in use', access: signedIn, input: z.object({}), output: planViewSchema }),
  'plan.choose': route({
    method: 'POST',
    path: '/plan',
    summary: 'Moves to one of the plans on offer; refused when more seats are in use than it allows',
    access: ownersOnly,
    input: z.object({ plan: z.string().min(1).max(40) }),
    output: planViewSchema,
  }),
} as const;
