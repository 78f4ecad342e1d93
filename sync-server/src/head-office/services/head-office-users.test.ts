import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import type { ServiceWorld } from '../../../test/head-office-services';
import { createSignInThrottle } from '../sign-in-throttle';
import { createHeadOfficeUsers } from './head-office-users';
import { createPlans } from './plans';
import { createSessions } from './sessions';
import { createSignIn } from './sign-in';

const password = 'a long password 1';

async function organisationWithOwner(world: ServiceWorld) {
  const plans = createPlans({ ho: world.storage.headOffice });
  const throttle = createSignInThrottle({ storage: world.storage, now: world.now, maxFailuresPerAddress: 30 });
  const signIn = createSignIn({ storage: world.storage, admin: world.admin, plans, throttle, now: world.now });
  const owner = await signIn.setup({ organisationName: 'Bottega Rossi', name: 'Anna', email: 'anna@example.it', password: 'correct horse battery' });
  await world.admin.upsertStore(owner.organisationId, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '', timeZone: 'Europe/Rome' });
  return { owner, plans, users: createHeadOfficeUsers({ ho: world.storage.headOffice, plans, now: world.now }) };
}

describe.each(engines)('head-office users service on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('adds users within the plan\'s seats, limited to the organisation\'s own stores', async () => {
    const world = await start();
    const { owner, users } = await organisationWithOwner(world);
    const other = await world.admin.createOrganisation({ id: 'org-other', name: 'Other' });
    await world.admin.upsertStore(other.id, { id: 'their-store', name: 'Theirs', addressLines: [], vatNumber: '', timeZone: 'Europe/Rome' });

    const marco = await users.create(owner, { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: ['milano'], password });
    expect(marco).toEqual({ id: marco.id, email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: ['milano'] });
    expect(await refusal(users.create(owner, { email: 'eve@example.it', name: 'Eve', role: 'viewer', storeIds: ['their-store'], password }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await users.list(owner.organisationId)).map((u) => u.email).sort()).toEqual(['anna@example.it', 'marco@example.it']);

    // The starter plan has five seats: three more fit, the sixth is refused with the limit.
    for (const name of ['b', 'c', 'd']) await users.create(owner, { email: `${name}@example.it`, name, role: 'viewer', storeIds: [], password });
    expect(await refusal(users.create(owner, { email: 'f@example.it', name: 'F', role: 'viewer', storeIds: [], password }))).toEqual({ code: 'CONFLICT', details: { limit: 'users', max: 5 } });
    expect(await users.list(owner.organisationId)).toHaveLength(5);
  });

  it('an owner neither demotes nor removes themselves; a changed user\'s sessions end', async () => {
    const world = await start();
    const { owner, users } = await organisationWithOwner(world);
    const sessions = createSessions({ ho: world.storage.headOffice, now: world.now });
    expect(await refusal(users.update(owner, owner.id, { role: 'manager' }))).toEqual({ code: 'CONFLICT', details: { reason: 'self-demote' } });
    expect(await refusal(users.remove(owner, owner.id))).toEqual({ code: 'CONFLICT', details: { reason: 'self-remove' } });
    await users.update(owner, owner.id, { name: 'Anna Rossi', role: 'owner' });
    expect((await users.list(owner.organisationId))[0]).toMatchObject({ name: 'Anna Rossi', role: 'owner' });

    const marco = await users.create(owner, { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [], password });
    const marcosLaptop = await sessions.start({ organisationId: owner.organisationId, id: marco.id }, undefined);
    await users.update(owner, marco.id, { role: 'viewer', storeIds: ['milano'] });
    expect(await sessions.find(marcosLaptop.token)).toBeNull();
    expect((await users.list(owner.organisationId)).find((u) => u.id === marco.id)).toMatchObject({ role: 'viewer', storeIds: ['milano'] });
    expect(await refusal(users.update(owner, marco.id, { storeIds: ['nowhere'] }))).toMatchObject({ code: 'NOT_FOUND' });
    await users.remove(owner, marco.id);
    expect(await users.list(owner.organisationId)).toHaveLength(1);
    expect(await refusal(users.remove(owner, marco.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('another organisation\'s user id is not found, and that user stays as they were', async () => {
    const world = await start();
    const { owner, users } = await organisationWithOwner(world);
    const plans = createPlans({ ho: world.storage.headOffice });
    const theirs = await world.admin.createOrganisation({ id: 'org-theirs', name: 'Theirs' });
    const theirOwner = { organisationId: theirs.id, id: 'nobody' };
    const bruno = await createHeadOfficeUsers({ ho: world.storage.headOffice, plans, now: world.now }).create(theirOwner, {
      email: 'bruno@example.it',
      name: 'Bruno',
      role: 'viewer',
      storeIds: [],
      password,
    });
    expect((await refusal(users.update(owner, bruno.id, { role: 'owner' }))).code).toBe('NOT_FOUND');
    expect((await refusal(users.remove(owner, bruno.id))).code).toBe('NOT_FOUND');
    expect(await world.storage.headOffice.getUser(theirs.id, bruno.id)).toMatchObject({ role: 'viewer', name: 'Bruno' });
    expect((await users.list(owner.organisationId)).map((u) => u.id)).toEqual([owner.id]);
  });
});
