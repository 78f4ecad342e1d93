/**
 * @module
 * The plan: the seats an organisation pays for and the offers it may move to.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { signedIn } from '../access';

export const planOfferSchema = z.object({
  plan: z.string(),
  maxRegisters: z.number().int().nonnegative(),
  maxUsers: z.number().int().nonnegative(),
});

export const planContract = {
  'plan.offers': route({ method: 'GET', path: '/plans', summary: 'The plans on offer', access: signedIn, input: z.object({}), output: z.array(planOfferSchema) }),
} as const;
