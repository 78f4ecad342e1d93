/**
 * @module
 * Plans and seats: what an organisation's plan allows, what it uses, the owner's change of plan,
 * and the check made before a seat is taken (a head-office user, a paired register).
 */
import { CassaError } from '@cassa/shared';
import type { PlanView } from '@cassa/shared';
import type { HeadOfficeStorage, Plan } from '../../storage/head-office-storage';
import { DEFAULT_PLAN, PLAN_OFFERS, planUsage } from '../plans';

export type Seat = 'registers' | 'users';

export interface Plans {
  /** The organisation's plan (the default when none was ever set) and the seats in use. */
  view(organisationId: string): Promise<PlanView>;
  /** The owner moves to an offer; refused when it is unknown or more seats are in use than it allows. */
  choose(organisationId: string, plan: string): Promise<PlanView>;
  /** Gives a new (or plan-less) organisation the default plan. */
  ensurePlan(organisationId: string): Promise<void>;
  /** Throws CONFLICT (details `limit`, `max`) when every seat of this kind is taken. */
  requireFreeSeat(organisationId: string, seat: Seat): Promise<void>;
}

const fullSentence: Record<Seat, (plan: PlanView) => string> = {
  registers: (p) => `Your ${p.plan} plan allows ${p.maxRegisters} registers and all are in use: revoke one or change plan`,
  users: (p) => `Your ${p.plan} plan allows ${p.maxUsers} head-office users: remove one or change plan`,
};

export function createPlans(deps: { ho: HeadOfficeStorage; defaultPlan?: Plan | undefined }): Plans {
  const { ho } = deps;
  const defaultPlan = deps.defaultPlan ?? DEFAULT_PLAN;
  const view = (organisationId: string) => planUsage(ho, organisationId, defaultPlan);
  return {
    view,
    async choose(organisationId, plan) {
      const offer = PLAN_OFFERS.find((p) => p.plan === plan);
      if (!offer) throw new CassaError('NOT_FOUND', `No plan called ${plan}: choose one of ${PLAN_OFFERS.map((p) => p.plan).join(', ')}`);
      // Storage refuses a plan smaller than what is in use, in the same transaction as the change.
      await ho.changePlan(organisationId, offer);
      return view(organisationId);
    },
    async ensurePlan(organisationId) {
      if (!(await ho.getPlan(organisationId))) await ho.setPlan(organisationId, defaultPlan);
    },
    async requireFreeSeat(organisationId, seat) {
      const plan = await view(organisationId);
      const [used, max] = seat === 'users' ? [plan.users, plan.maxUsers] : [plan.registers, plan.maxRegisters];
      if (used >= max) throw new CassaError('CONFLICT', fullSentence[seat](plan), { limit: seat, max });
    },
  };
}
