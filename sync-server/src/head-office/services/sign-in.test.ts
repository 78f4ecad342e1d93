import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import type { ServiceWorld } from '../../../test/head-office-services';
import { sha256Hex } from '../../credentials';
import { verifySecret } from '../passwords';
import { createSignInThrottle, delayAfter } from '../sign-in-throttle';
import { createPlans } from './plans';
import { createSessions } from './sessions';
import { createSignIn, describeUser } from './sign-in';

const anna = { organisationName: 'Bottega Rossi', name: 'Anna Rossi', email: 'anna@example.it', password: 'correct horse battery' };

function services(world: ServiceWorld, maxFailuresPerAddress = 30) {
  const plans = createPlans({ ho: world.storage.headOffice });
  const throttle = createSignInThrottle({ storage: world.storage, now: world.now, maxFailuresPerAddress });
  return { plans, signIn: createSignIn({ storage: world.storage, admin: world.admin, plans, throttle, now: world.now }) };
}

describe.each(engines)('sign-in service on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('the first setup makes the organisation (on the default plan) and its owner; then setup is closed', async () => {
    const world = await start();
    const { signIn, plans } = services(world);
    expect(await signIn.setupRequired()).toBe(true);
    const owner = await signIn.setup(anna);
    expect(owner).toMatchObject({ email: 'anna@example.it', role: 'owner', storeIds: [] });
    expect(await verifySecret(anna.password, owner.passwordHash)).toBe(true);
    expect(await describeUser(world.storage, owner)).toMatchObject({ organisationName: 'Bottega Rossi', organisationId: owner.organisationId });
    expect(await plans.view(owner.organisationId)).toEqual({ plan: 'starter', maxRegisters: 5, maxUsers: 5, registers: 0, users: 1 });
    expect(await signIn.setupRequired()).toBe(false);
    expect((await refusal(signIn.setup({ ...anna, email: 'eve@example.it' }))).code).toBe('NOT_AUTHORISED');
    expect(await world.storage.headOffice.findUserByEmail('eve@example.it')).toBeNull();
  });

  it('an organisation made through the admin API gets its owner at setup, and a plan', async () => {
    const world = await start();
    const { signIn, plans } = services(world);
    const demo = await world.admin.createOrganisation({ id: 'org-demo', name: 'Demo' });
    const owner = await signIn.setup(anna);
    expect(owner.organisationId).toBe(demo.id);
    expect((await plans.view(demo.id)).plan).toBe('starter');
  });

  it('a setup link makes its owner once, with the link\'s email, even after setup is closed', async () => {
    const world = await start();
    const { signIn } = services(world);
    const first = await signIn.setup(anna);
    await world.storage.headOffice.createSetupToken({ tokenHash: sha256Hex('link'), email: 'bruno@example.it', organisationId: first.organisationId, expiresAt: new Date(world.clock.getTime() + 3600_000) });
    expect(await signIn.peekSetupToken('link')).toEqual({ email: 'bruno@example.it' });
    const bruno = await signIn.setup({ ...anna, email: 'placeholder@example.invalid', setupToken: 'link' });
    expect(bruno).toMatchObject({ email: 'bruno@example.it', organisationId: first.organisationId, role: 'owner' });
    expect((await refusal(signIn.setup({ ...anna, setupToken: 'link' }))).code).toBe('NOT_AUTHORISED');
    expect((await refusal(signIn.peekSetupToken('link'))).code).toBe('NOT_FOUND');
    expect((await refusal(signIn.peekSetupToken('never-made'))).code).toBe('NOT_FOUND');
  });

  it('wrong passwords and unknown emails answer alike; a guesser is slowed at their address only, never locking the owner out', async () => {
    const world = await start();
    const { signIn } = services(world);
    const owner = await signIn.setup(anna);
    const eve = '198.51.100.66';
    for (let i = 0; i < 3; i++) {
      expect(await refusal(signIn.login({ email: anna.email, password: 'wrong password' }, eve))).toEqual({ code: 'NOT_AUTHENTICATED', details: { reason: 'credentials' } });
    }
    expect(await refusal(signIn.login({ email: 'nobody@example.it', password: 'wrong password' }, eve))).toEqual({ code: 'NOT_AUTHENTICATED', details: { reason: 'credentials' } });
    // Three free mistakes for this account from eve's address, then even the right password waits…
    expect((await refusal(signIn.login({ email: anna.email, password: anna.password }, eve))).code).toBe('RATE_LIMITED');
    // …while the owner at the shop signs in.
    expect((await signIn.login({ email: anna.email, password: anna.password }, '203.0.113.10')).id).toBe(owner.id);
    world.clock = new Date(world.clock.getTime() + delayAfter(3));
    expect((await signIn.login({ email: anna.email, password: anna.password }, eve)).id).toBe(owner.id);
  });

  it('counts wrong passwords per address whatever the email', async () => {
    const world = await start();
    const { signIn } = services(world, 3);
    await signIn.setup(anna);
    for (let i = 0; i < 3; i++) await refusal(signIn.login({ email: `nobody${i}@example.it`, password: 'guess' }, '192.0.2.7'));
    expect((await refusal(signIn.login({ email: anna.email, password: anna.password }, '192.0.2.7'))).code).toBe('RATE_LIMITED');
    world.clock = new Date(world.clock.getTime() + 16 * 60_000);
    expect((await signIn.login({ email: anna.email, password: anna.password }, '192.0.2.7')).email).toBe(anna.email);
  });

  it('changing the password needs the current one and ends every session of the user', async () => {
    const world = await start();
    const { signIn } = services(world);
    const sessions = createSessions({ ho: world.storage.headOffice, now: world.now });
    const owner = await signIn.setup(anna);
    const laptop = await sessions.start(owner, undefined);
    const refused = await refusal(signIn.changePassword(owner, { currentPassword: 'nope', newPassword: 'a brand new password' }, '192.0.2.1'));
    expect(refused).toEqual({ code: 'NOT_AUTHENTICATED', details: { reason: 'current-password' } });
    expect((await sessions.find(laptop.token))?.user?.id).toBe(owner.id);
    await signIn.changePassword(owner, { currentPassword: anna.password, newPassword: 'a brand new password' }, '192.0.2.1');
    expect(await sessions.find(laptop.token)).toBeNull();
    expect((await refusal(signIn.login({ email: anna.email, password: anna.password }, '192.0.2.1'))).code).toBe('NOT_AUTHENTICATED');
    expect((await signIn.login({ email: anna.email, password: 'a brand new password' }, '192.0.2.1')).id).toBe(owner.id);
  });
});

describe.each(engines)('sessions service on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('a new session replaces the one presented, ends on sign-out and after twelve hours', async () => {
    const world = await start();
    const { signIn } = services(world);
    const sessions = createSessions({ ho: world.storage.headOffice, now: world.now });
    const owner = await signIn.setup(anna);
    const planted = await sessions.start(owner, undefined);
    const fresh = await sessions.start(owner, planted.token);
    expect(fresh.token).not.toBe(planted.token);
    expect(fresh.csrfToken).not.toBe(planted.csrfToken);
    expect(await sessions.find(planted.token)).toBeNull();
    expect(await sessions.find(fresh.token)).toMatchObject({ user: { id: owner.id }, csrfToken: fresh.csrfToken });
    const other = await sessions.start(owner, undefined);
    await sessions.end(fresh.token);
    expect(await sessions.find(fresh.token)).toBeNull();
    expect(await sessions.find(undefined)).toBeNull();
    world.clock = new Date(world.clock.getTime() + 12 * 3600_000 + 1000);
    expect(await sessions.find(other.token)).toBeNull();
  });
});
