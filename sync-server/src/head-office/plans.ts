/**
 * @module
 * The plans an organisation may choose for itself, and what it uses of its own. No payment is
 * taken here: choosing a plan sets the seats. An operator can still set any other plan through
 * the admin API (a negotiated one); it shows as the current plan until the owner picks another.
 */
import type { PlanOffer, PlanView, planContract } from '@cassa/shared';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import type { Plans } from './services/plans';
import type { HeadOfficeStorage, Plan } from '../storage/head-office-storage';

export const PLAN_OFFERS: readonly PlanOffer[] = [
  { plan: 'starter', maxRegisters: 5, maxUsers: 5 },
  { plan: 'business', maxRegisters: 25, maxUsers: 25 },
  { plan: 'chain', maxRegisters: 250, maxUsers: 100 },
];

export const DEFAULT_PLAN: Plan = PLAN_OFFERS[0] ?? { plan: 'starter', maxRegisters: 5, maxUsers: 5 };

/** The organisation's plan (the default when none was ever set) with its seats in use. */
export async function planUsage(ho: HeadOfficeStorage, organisationId: string, defaultPlan: Plan = DEFAULT_PLAN): Promise<PlanView> {
  const plan = (await ho.getPlan(organisationId)) ?? defaultPlan;
  return { ...plan, registers: await ho.activeRegisterCount(organisationId), users: await ho.countUsers(organisationId) };
}

export function planHandlers(plans: Plans): HeadOfficeHandlers<typeof planContract> {
  return {
    'plan.offers': () => [...PLAN_OFFERS],
    'plan.get': (_input, call) => plans.view(userOf(call).organisationId),
    'plan.choose': ({ plan }, call) => plans.choose(userOf(call).organisationId, plan),
  };
}
