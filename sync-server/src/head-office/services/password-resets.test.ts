import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import type { ServiceWorld } from '../../../test/head-office-services';
import { verifySecret } from '../passwords';
import { createSignInThrottle } from '../sign-in-throttle';
import type { MailMessage } from '../smtp';
import { createHeadOfficeUsers } from './head-office-users';
import { createPasswordResets } from './password-resets';
import { createPlans } from './plans';
import { createSessions } from './sessions';
import { createSignIn } from './sign-in';

const base = 'https://cassa.example.it';

async function organisation(world: ServiceWorld, mailbox?: MailMessage[]) {
  const plans = createPlans({ ho: world.storage.headOffice });
  const throttle = createSignInThrottle({ storage: world.storage, now: world.now, maxFailuresPerAddress: 30 });
  const signIn = createSignIn({ storage: world.storage, admin: world.admin, plans, throttle, now: world.now });
  const owner = await signIn.setup({ organisationName: 'Bottega Rossi', name: 'Anna', email: 'anna@example.it', password: 'correct horse battery' });
  const marco = await createHeadOfficeUsers({ ho: world.storage.headOffice, plans, now: world.now }).create(owner, {
    email: 'marco@example.it',
    name: 'Marco',
    role: 'viewer',
    storeIds: [],
    password: 'a long password 1',
  });
  const mailer = mailbox ? async (message: MailMessage) => void mailbox.push(message) : undefined;
  const resets = createPasswordResets({ storage: world.storage, throttle, now: world.now, mailer });
  return { owner, marco, resets, signIn };
}

const tokenOf = (url: string) => decodeURIComponent(url.split('token=')[1] ?? '');

describe.each(engines)('password resets service on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('an owner\'s link sets a new password once and ends the user\'s sessions; another organisation\'s id is not found', async () => {
    const world = await start();
    const { owner, marco, resets, signIn } = await organisation(world);
    const sessions = createSessions({ ho: world.storage.headOffice, now: world.now });
    const marcosLaptop = await sessions.start({ organisationId: owner.organisationId, id: marco.id }, undefined);

    const link = await resets.issueFor(owner.organisationId, marco.id, `${base}/`);
    expect(link).toEqual({ url: expect.stringMatching(/^https:\/\/cassa\.example\.it\/#\/reset\?token=[\w-]{40,}$/), expiresAt: '2026-12-04T09:00:00.000Z', email: 'marco@example.it' });
    expect(await resets.peek(tokenOf(link.url))).toEqual({ email: 'marco@example.it' });
    const user = await resets.redeem(tokenOf(link.url), 'marco chose this one');
    expect(user.id).toBe(marco.id);
    expect(await verifySecret('marco chose this one', (await world.storage.headOffice.getUser(owner.organisationId, marco.id))?.passwordHash ?? '')).toBe(true);
    expect(await sessions.find(marcosLaptop.token)).toBeNull();
    expect((await refusal(resets.redeem(tokenOf(link.url), 'and again this one'))).code).toBe('NOT_FOUND');
    expect((await refusal(resets.peek(tokenOf(link.url)))).code).toBe('NOT_FOUND');
    expect((await signIn.login({ email: 'marco@example.it', password: 'marco chose this one' }, '192.0.2.1')).id).toBe(marco.id);

    const theirs = await world.admin.createOrganisation({ id: 'org-theirs', name: 'Theirs' });
    expect((await refusal(resets.issueFor(theirs.id, marco.id, base))).code).toBe('NOT_FOUND');
  });

  it('a link expires after a day', async () => {
    const world = await start();
    const { owner, marco, resets } = await organisation(world);
    const link = await resets.issueFor(owner.organisationId, marco.id, base);
    world.clock = new Date(world.clock.getTime() + 24 * 3600_000 + 1000);
    expect((await refusal(resets.peek(tokenOf(link.url)))).code).toBe('NOT_FOUND');
    expect((await refusal(resets.redeem(tokenOf(link.url), 'too late for this one'))).code).toBe('NOT_FOUND');
  });

  it('by email: a link to the account, nothing for an unknown email, the same answer, and requests count like wrong passwords', async () => {
    const world = await start();
    const mailbox: MailMessage[] = [];
    const { resets } = await organisation(world, mailbox);
    expect(resets.byEmail).toBe(true);
    const known = await resets.request('marco@example.it', '192.0.2.9', base);
    const unknown = await resets.request('nobody@example.it', '192.0.2.9', base);
    await known.mailed;
    await unknown.mailed;
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(mailbox).toHaveLength(1);
    expect(mailbox[0]).toMatchObject({ to: 'marco@example.it', subject: 'Cassa: nuova password / new password (Bottega Rossi)' });
    expect(mailbox[0]?.text).toContain(`${base}/#/reset?token=`);
    for (let i = 0; i < 2; i++) await (await resets.request('marco@example.it', '192.0.2.9', base)).mailed;
    expect((await refusal(resets.request('marco@example.it', '192.0.2.9', base))).code).toBe('RATE_LIMITED');
    expect(mailbox).toHaveLength(3);
  });

  it('without a mailer nobody may ask for a link by email', async () => {
    const world = await start();
    const { resets } = await organisation(world);
    expect(resets.byEmail).toBe(false);
    expect((await refusal(resets.request('marco@example.it', '192.0.2.9', base))).code).toBe('NOT_FOUND');
  });
});
