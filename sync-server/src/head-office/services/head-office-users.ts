/**
 * @module
 * Head-office users as an owner manages them: within the plan's seats, limited only to the
 * organisation's own stores, and never an owner demoting or removing themselves (an organisation
 * must keep an owner). Every lookup is within the owner's organisation.
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type { HeadOfficeUserInput, HeadOfficeUserPatch, HeadOfficeUserView } from '@cassa/shared';
import type { HeadOfficeStorage, HeadOfficeUserRow } from '../../storage/head-office-storage';
import { hashSecret } from '../passwords';
import { assertOwnStores } from '../user-admin';
import type { Plans } from './plans';

type Actor = Pick<HeadOfficeUserRow, 'organisationId' | 'id'>;

function viewOf(user: HeadOfficeUserRow): HeadOfficeUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, storeIds: user.storeIds };
}

export function createHeadOfficeUsers(deps: { ho: HeadOfficeStorage; plans: Plans; now: () => Date }) {
  const { ho, now } = deps;
  return {
    async list(organisationId: string): Promise<HeadOfficeUserView[]> {
      return (await ho.listUsers(organisationId)).map(viewOf);
    },

    async create(actor: Actor, input: HeadOfficeUserInput): Promise<HeadOfficeUserView> {
      await deps.plans.requireFreeSeat(actor.organisationId, 'users');
      await assertOwnStores(ho, actor.organisationId, input.storeIds);
      const created: HeadOfficeUserRow = {
        organisationId: actor.organisationId,
        id: `hou_${randomUUID()}`,
        email: input.email,
        name: input.name,
        passwordHash: await hashSecret(input.password),
        role: input.role,
        storeIds: input.storeIds,
        failedLogins: 0,
        lockedUntil: null,
      };
      await ho.createUser(created, now());
      return viewOf(created);
    },

    /** A changed role or store list takes effect at once: the user's sessions end. */
    async update(actor: Actor, id: string, patch: HeadOfficeUserPatch): Promise<void> {
      if (id === actor.id && patch.role !== undefined && patch.role !== 'owner') {
        throw new CassaError('CONFLICT', 'You cannot demote yourself: ask another owner', { reason: 'self-demote' });
      }
      if (patch.storeIds !== undefined) await assertOwnStores(ho, actor.organisationId, patch.storeIds);
      if (!(await ho.updateUser(actor.organisationId, id, patch))) throw new CassaError('NOT_FOUND', 'No such user');
      await ho.deleteUserSessions(actor.organisationId, id);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      if (id === actor.id) throw new CassaError('CONFLICT', 'You cannot remove yourself', { reason: 'self-remove' });
      if (!(await ho.deleteUser(actor.organisationId, id))) throw new CassaError('NOT_FOUND', 'No such user');
    },
  };
}

export type HeadOfficeUsers = ReturnType<typeof createHeadOfficeUsers>;
