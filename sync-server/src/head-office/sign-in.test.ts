import { describe, expect, it } from 'vitest';
import { engines, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, owner, setUp } from '../../test/head-office-browser';
import { delayAfter } from './sign-in-throttle';

const wrong = { email: owner.email, password: 'wrong password' };

describe.each(engines)('head-office sign-in on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  async function visitor(s: Parameters<typeof browser>[0], options: Parameters<typeof browser>[1] = {}) {
    const b = browser(s, options);
    await b.get('/api/ho/session');
    return b;
  }

  it('a guesser elsewhere slows down only themselves: the owner at the shop still signs in, nothing is locked', async () => {
    let clock = new Date('2026-12-03T09:00:00Z');
    const s = await start({ now: () => clock });
    await setUp(s);
    const eve = await visitor(s, { peer: '198.51.100.66' });
    for (let i = 0; i < 3; i++) expect((await eve.post('/api/ho/login', wrong)).json.error?.code).toBe('NOT_AUTHENTICATED');
    const slowed = await eve.post('/api/ho/login', wrong);
    expect(slowed.status).toBe(429);
    expect(slowed.json.error?.code).toBe('RATE_LIMITED');
    // Even the right password waits its turn from eve's address…
    expect((await eve.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(429);
    // …but the owner at another address is not locked out.
    const anna = await visitor(s, { peer: '203.0.113.10' });
    expect((await anna.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(200);
    // The delay grows with each failure and then lets the next attempt through.
    clock = new Date(clock.getTime() + delayAfter(3));
    expect((await eve.post('/api/ho/login', wrong)).json.error?.code).toBe('NOT_AUTHENTICATED');
    expect((await eve.post('/api/ho/login', wrong)).status).toBe(429);
    clock = new Date(clock.getTime() + delayAfter(4) - 1000);
    expect((await eve.post('/api/ho/login', wrong)).status).toBe(429);
    clock = new Date(clock.getTime() + 1000);
    expect((await eve.post('/api/ho/login', wrong)).json.error?.code).toBe('NOT_AUTHENTICATED');
    expect(delayAfter(40)).toBe(15 * 60_000);
  });

  it('an unknown email and a wrong password get the same answer, and the same slowing down', async () => {
    // A still clock: on the wall clock a slow machine let the 1 s delay lapse between the pair.
    const clock = new Date('2026-12-03T09:00:00Z');
    const s = await start({ now: () => clock });
    await setUp(s);
    const eve = await visitor(s, { peer: '198.51.100.66' });
    for (let i = 0; i < 4; i++) {
      const known = await eve.post('/api/ho/login', wrong);
      const unknown = await eve.post('/api/ho/login', { email: 'nobody@example.it', password: 'wrong password' });
      expect(unknown.status).toBe(known.status);
      expect(unknown.json).toEqual(known.json);
    }
    expect(JSON.stringify(await eve.post('/api/ho/login', wrong))).not.toMatch(/LOCKED_OUT/);
  });

  it('only wrong passwords count against an address: a whole office behind one address signs in all day', async () => {
    const s = await start({ headOffice: { webRoot: false, loginAttemptsPerWindow: 3 } });
    await setUp(s);
    const office = await visitor(s, { peer: '192.0.2.1' });
    for (let i = 0; i < 10; i++) expect((await office.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(200);
    for (let i = 0; i < 3; i++) await office.post('/api/ho/login', { email: `nobody${i}@example.it`, password: 'guess' });
    expect((await office.post('/api/ho/login', { email: owner.email, password: owner.password })).json.error?.code).toBe('RATE_LIMITED');
  });

  it('behind a trusted proxy each client is counted apart; an untrusted X-Forwarded-For is ignored', async () => {
    const s = await start({ trustProxy: ['10.0.0.0/8'], headOffice: { webRoot: false, loginAttemptsPerWindow: 3 } });
    await setUp(s);
    // Through the proxy: eve's own spoofed hop on the left proves nothing, the proxy's right-most hop counts.
    const eve = await visitor(s, { peer: '10.0.0.2', forwardedFor: '192.0.2.200, 198.51.100.66' });
    for (let i = 0; i < 3; i++) await eve.post('/api/ho/login', { email: `nobody${i}@example.it`, password: 'guess' });
    expect((await eve.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(429);
    const spoofing = await visitor(s, { peer: '10.0.0.2', forwardedFor: '198.51.100.66, 10.0.0.3' });
    expect((await spoofing.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(429);
    const anna = await visitor(s, { peer: '10.0.0.2', forwardedFor: '203.0.113.10' });
    expect((await anna.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(200);
    // Straight from the internet, a forged header does not buy a fresh address.
    const direct = await visitor(s, { peer: '198.51.100.7' });
    for (let i = 0; i < 3; i++) await direct.post('/api/ho/login', { email: `nobody${i}@example.it`, password: 'guess' });
    const forged = await visitor(s, { peer: '198.51.100.7', forwardedFor: '203.0.113.99' });
    expect((await forged.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(429);
  });

  it('changing the password slows down guesses at the current one', async () => {
    // A still clock, so the 1 s delay after the third guess cannot lapse on a slow machine.
    const clock = new Date('2026-12-03T09:00:00Z');
    const s = await start({ now: () => clock });
    const anna = await setUp(s);
    for (let i = 0; i < 3; i++) expect((await anna.post('/api/ho/password', { currentPassword: `guess ${i}`, newPassword: 'a brand new password' })).status).toBe(401);
    expect((await anna.post('/api/ho/password', { currentPassword: 'guess 4', newPassword: 'a brand new password' })).json.error?.code).toBe('RATE_LIMITED');
    expect((await anna.post('/api/ho/password', { currentPassword: owner.password, newPassword: 'a brand new password' })).status).toBe(429);
  });

  it('an email is unique per organisation: another owner learns nothing, and sign-in finds the account the password opens', async () => {
    const s = await start();
    const anna = await setUp(s);
    const { sha256Hex } = await import('../credentials');
    await s.storage.headOffice.createSetupToken({ tokenHash: sha256Hex('bruno-link'), email: 'bruno@example.it', organisationId: null, expiresAt: new Date(Date.now() + 3600_000) });
    const bruno = await visitor(s);
    expect((await bruno.post('/api/ho/setup', { ...owner, organisationName: 'Forno Bruno', email: 'x@example.invalid', password: 'bruno owner password', setupToken: 'bruno-link' })).status).toBe(201);
    const marco = { email: 'marco@example.it', name: 'Marco', role: 'viewer', storeIds: [] };
    expect((await anna.post('/api/ho/users', { ...marco, password: 'marco at rossi 123' })).status).toBe(201);
    // Bruno adds the same email: no "already has an account" that would tell him about Rossi's staff.
    expect((await bruno.post('/api/ho/users', { ...marco, password: 'marco at bruno 123' })).status).toBe(201);
    expect((await bruno.post('/api/ho/users', { ...marco, password: 'marco at bruno 456' })).json.error?.code).toBe('CONFLICT');
    expect(((await bruno.get('/api/ho/users')).data as { email: string }[]).map((u) => u.email).sort()).toEqual(['bruno@example.it', 'marco@example.it']);

    const signIn = async (password: string) => {
      const b = await visitor(s);
      const r = await b.post('/api/ho/login', { email: 'marco@example.it', password });
      return r.status === 200 ? (r.data as { organisationName: string }).organisationName : r.json.error?.code;
    };
    expect(await signIn('marco at rossi 123')).toBe('Bottega Rossi');
    expect(await signIn('marco at bruno 123')).toBe('Forno Bruno');
    expect(await signIn('neither password')).toBe('NOT_AUTHENTICATED');
  });
});
