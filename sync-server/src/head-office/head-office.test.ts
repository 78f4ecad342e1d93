import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, atProductionHashingCost, engines, product, sale, serverPerTest, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { verifySecret } from './passwords';
import { browser, owner, setUp } from '../../test/head-office-browser';

describe.each(engines)('head office on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  // At production cost: the stored hash must carry the production parameters.
  it('first visit creates the organisation and its owner; then setup is closed', () => atProductionHashingCost(async () => {
    const s = await start();
    const first = browser(s);
    expect((await first.get('/api/ho/session')).data).toMatchObject({ user: null, setupRequired: true });
    const anna = await setUp(s);
    const me = await anna.get('/api/ho/session');
    expect(me.data).toMatchObject({ setupRequired: false, user: { email: 'anna@example.it', role: 'owner', organisationName: 'Bottega Rossi' } });
    const stored = await s.storage.headOffice.findUserByEmail('anna@example.it');
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifySecret(owner.password, stored?.passwordHash ?? '')).toBe(true);
    const intruder = browser(s);
    await intruder.get('/api/ho/session');
    expect((await intruder.post('/api/ho/setup', { ...owner, email: 'eve@example.it' })).json.error?.code).toBe('NOT_AUTHORISED');
  }));

  it('first visit on a server with one organisation (the demo) makes its owner', async () => {
    const s = await start();
    const demo = await s.admin.createOrganisation({ id: 'org-demo', name: 'Demo' });
    const anna = await setUp(s);
    expect((await anna.get('/api/ho/session')).data).toMatchObject({ user: { organisationId: demo.id, organisationName: 'Demo' } });
    expect((await anna.get('/api/ho/plan')).data).toMatchObject({ plan: 'starter' });
  });

  it('a setup link from create-owner makes its owner once, even after setup is closed', async () => {
    const s = await start();
    await setUp(s);
    const { sha256Hex } = await import('../credentials');
    await s.storage.headOffice.createSetupToken({ tokenHash: sha256Hex('link-token'), email: 'bruno@example.it', organisationId: null, expiresAt: new Date(Date.now() + 3600_000) });
    const bruno = browser(s);
    await bruno.get('/api/ho/session');
    expect((await bruno.get('/api/ho/setup-token/link-token')).data).toEqual({ email: 'bruno@example.it' });
    // The page sends a placeholder email: the link's own email wins.
    const made = await bruno.post('/api/ho/setup', { ...owner, email: 'placeholder@example.invalid', password: 'another long password', setupToken: 'link-token' });
    expect(made.status).toBe(201);
    expect(made.data).toMatchObject({ email: 'bruno@example.it', role: 'owner' });
    const again = browser(s);
    await again.get('/api/ho/session');
    expect((await again.post('/api/ho/setup', { ...owner, email: 'x@example.it', setupToken: 'link-token' })).status).toBe(403);
  });

  it('changing the password needs the current one and ends every other session', async () => {
    const s = await start();
    const anna = await setUp(s);
    const laptop = browser(s);
    await laptop.get('/api/ho/session');
    await laptop.post('/api/ho/login', { email: owner.email, password: owner.password });
    expect((await anna.post('/api/ho/password', { currentPassword: 'nope', newPassword: 'a brand new password' })).status).toBe(401);
    expect((await anna.post('/api/ho/password', { currentPassword: owner.password, newPassword: 'a brand new password' })).status).toBe(200);
    expect((await anna.get('/api/ho/stores')).status).toBe(200);
    expect((await laptop.get('/api/ho/stores')).status).toBe(401);
    const fresh = browser(s);
    await fresh.get('/api/ho/session');
    expect((await fresh.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(401);
    expect((await fresh.post('/api/ho/login', { email: owner.email, password: 'a brand new password' })).status).toBe(200);
  });

  it('sets HttpOnly SameSite=Strict cookies, Secure over https', async () => {
    const s = await start();
    const anna = browser(s);
    await anna.get('/api/ho/session');
    const setup = await anna.post('/api/ho/setup', owner);
    expect(setup.cookie).toMatch(/cassa_ho=[^;]+;.*HttpOnly/);
    expect(setup.cookie).toMatch(/SameSite=Strict/);
    expect(setup.cookie).not.toMatch(/Secure/);
    const response = await s.app.request('https://ho.example.it/api/ho/session');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/Secure/);
  });

  it('rate-limits sign-in attempts from one address whatever the account', async () => {
    let clock = new Date('2026-11-26T09:00:00Z');
    const s = await start({ now: () => clock, headOffice: { webRoot: false, loginAttemptsPerWindow: 3 } });
    await setUp(s);
    const eve = browser(s);
    await eve.get('/api/ho/session');
    for (let i = 0; i < 3; i++) await eve.post('/api/ho/login', { email: `nobody${i}@example.it`, password: 'guess' });
    const limited = await eve.post('/api/ho/login', { email: owner.email, password: owner.password });
    expect(limited.status).toBe(429);
    expect(limited.json.error?.code).toBe('RATE_LIMITED');
    // Fifteen minutes on, the address may try again.
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await eve.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(200);
  });

  it('sends a store\'s time zone to its tills with the store record, so receipts print the shop\'s local time', async () => {
    const s = await start();
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'New York', timeZone: 'America/New_York' })).data as { id: string };
    const { code } = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string };
    const paired = await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'dev-tz' });
    const page = await s.service.pull({ organisationId: paired.organisationId, storeId: paired.storeId, deviceId: 'dev-tz' }, { ...versions, stream: 'stores', cursor: null });
    if (page.kind !== 'changes') throw new Error(`expected changes, got ${page.kind}`);
    const own = page.changes.find((c) => c.entity === 'store' && c.data?.id === store.id);
    expect(own?.data).toMatchObject({ name: 'New York', timeZone: 'America/New_York' });
  });

  it('streams a sale event to a signed-in dashboard when a till pushes a sale', async () => {
    const s = await start();
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const { code } = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string };
    const paired = await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'dev-1' });
    const response = await s.app.request('/api/ho/events', { headers: { cookie: `cassa_ho=${anna.jar.get('cassa_ho')}` } });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: string) => {
      while (!text.includes(until)) text += decoder.decode((await reader.read()).value);
    };
    await read('event: hello');
    await s.service.push(
      { organisationId: paired.organisationId, storeId: paired.storeId, deviceId: 'dev-1' },
      { ...versions, deviceId: 'dev-1', ops: [{ seq: 1, opId: 'o1', record: sale({ id: 's1', storeId: store.id, deviceId: 'dev-1', variantId: 'v' }) }] },
    );
    await read('event: sale');
    expect(text).toContain(`"storeId":"${store.id}"`);
    await reader.cancel();
  });

  it('rotates the session id at sign-in (no fixation) and ends it at sign-out', async () => {
    const s = await start();
    await setUp(s);
    const anna = browser(s);
    await anna.get('/api/ho/session');
    anna.jar.set('cassa_ho', 'planted-by-attacker');
    await anna.post('/api/ho/login', { email: owner.email, password: owner.password });
    const first = anna.jar.get('cassa_ho');
    expect(first).toBeDefined();
    expect(first).not.toBe('planted-by-attacker');
    await anna.post('/api/ho/login', { email: owner.email, password: owner.password });
    const second = anna.jar.get('cassa_ho');
    expect(second).not.toBe(first);
    // The earlier session is gone.
    const stale = browser(s);
    stale.jar.set('cassa_ho', first ?? '');
    expect((await stale.get('/api/ho/stores')).status).toBe(401);
    await anna.post('/api/ho/logout');
    expect((await anna.get('/api/ho/stores')).status).toBe(401);
  });

  it('refuses state changes without the CSRF token', async () => {
    const s = await start();
    const anna = await setUp(s);
    const forged = browser(s, { csrf: false });
    for (const [k, v] of anna.jar) forged.jar.set(k, v);
    const attempt = await forged.post('/api/ho/stores', { name: 'Filiale' });
    expect(attempt.status).toBe(403);
    // A made-up token equal in header and a forged cookie still is not the session's token.
    const wrong = await s.app.request('/api/ho/stores', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `cassa_ho=${anna.jar.get('cassa_ho')}; cassa_csrf=${'x'.repeat(43)}`,
        'x-csrf-token': 'x'.repeat(43),
      },
      body: JSON.stringify({ name: 'Filiale' }),
    });
    expect(wrong.status).toBe(403);
    expect((await anna.post('/api/ho/stores', { name: 'Filiale' })).status).toBe(201);
  });

  it('a viewer cannot write; a store manager cannot read another store', async () => {
    const s = await start();
    const anna = await setUp(s);
    const milano = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const roma = (await anna.post('/api/ho/stores', { name: 'Roma' })).data as { id: string };
    const addUser = (email: string, role: string, storeIds: string[]) =>
      anna.post('/api/ho/users', { email, name: email, role, storeIds, password: 'a long password 1' });
    expect((await addUser('vera@example.it', 'viewer', [])).status).toBe(201);
    expect((await addUser('marco@example.it', 'manager', [milano.id])).status).toBe(201);

    const vera = browser(s);
    await vera.get('/api/ho/session');
    await vera.post('/api/ho/login', { email: 'vera@example.it', password: 'a long password 1' });
    expect((await vera.get('/api/ho/dashboard')).status).toBe(200);
    expect((await vera.post('/api/ho/stores', { name: 'Sneaky' })).status).toBe(403);
    expect((await vera.post('/api/ho/catalogue/products', product('p1'))).status).toBe(403);
    expect((await vera.post(`/api/ho/stores/${milano.id}/pairing-codes`)).status).toBe(403);
    expect((await vera.get('/api/ho/users')).status).toBe(403);
    // A role that may not write is refused before its body is read: no validation detail leaks.
    const malformed = await vera.post('/api/ho/catalogue/products', { nonsense: true });
    expect(malformed.status).toBe(403);
    expect(JSON.stringify(malformed)).not.toContain('issues');

    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.get(`/api/ho/dashboard?store=${milano.id}`)).status).toBe(200);
    expect((await marco.get(`/api/ho/dashboard?store=${roma.id}`)).status).toBe(403);
    expect((await marco.get(`/api/ho/stock?store=${roma.id}`)).status).toBe(403);
    expect(((await marco.get('/api/ho/stores')).data as { id: string }[]).map((x) => x.id)).toEqual([milano.id]);
    expect((await marco.post(`/api/ho/stores/${roma.id}/pairing-codes`)).status).toBe(403);
    expect((await marco.post(`/api/ho/stores/${milano.id}/pairing-codes`)).status).toBe(201);
    expect((await marco.post('/api/ho/catalogue/store-prices', { storeId: roma.id, variantId: 'v', priceCents: 1 })).status).toBe(403);
    // Organisation-wide data is for owners and managers of every store.
    expect((await marco.post('/api/ho/catalogue/products', product('p1'))).status).toBe(403);
  });

  it('refuses pairing beyond the plan, with a clear message, and shows usage', async () => {
    const s = await start();
    const anna = await setUp(s);
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    await s.app.request(`/v1/admin/organisations/${org}/plan`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'tiny', maxRegisters: 1, maxUsers: 1 }),
    });
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const a = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string; qrSvg: string };
    expect(a.qrSvg).toMatch(/^<svg/);
    const b = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string };
    await s.service.pair({ ...versions, code: a.code, deviceName: 'Cassa 1', deviceId: 'dev-1' });
    await expect(s.service.pair({ ...versions, code: b.code, deviceName: 'Cassa 2', deviceId: 'dev-2' })).rejects.toThrow(/tiny plan allows 1 registers/);
    const refused = await anna.post(`/api/ho/stores/${store.id}/pairing-codes`);
    expect(refused.status).toBe(409);
    expect(refused.json.error?.message).toMatch(/allows 1 registers/);
    expect((await anna.get('/api/ho/plan')).data).toMatchObject({ plan: 'tiny', maxRegisters: 1, registers: 1, users: 1 });
    expect((await anna.post('/api/ho/users', { email: 'x@example.it', name: 'X', role: 'viewer', storeIds: [], password: 'a long password 1' })).status).toBe(409);
  });

  it('the owner changes plan; a plan smaller than what is in use is refused, and only owners may change', async () => {
    const s = await start();
    const anna = await setUp(s);
    const offers = (await anna.get('/api/ho/plans')).data as { plan: string; maxRegisters: number }[];
    expect(offers.map((p) => p.plan)).toEqual(['starter', 'business', 'chain']);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    expect((await anna.post('/api/ho/plan', { plan: 'business' })).data).toMatchObject({ plan: 'business', maxRegisters: 25, registers: 0 });
    for (let i = 1; i <= 6; i++) {
      const { code } = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string };
      await s.service.pair({ ...versions, code, deviceName: `Cassa ${i}`, deviceId: `dev-${i}` });
    }
    const down = await anna.post('/api/ho/plan', { plan: 'starter' });
    expect(down.status).toBe(409);
    expect(down.json.error?.message).toBe('6 registers are active and the starter plan allows 5: revoke 1 first');
    expect((await anna.get('/api/ho/plan')).data).toMatchObject({ plan: 'business', registers: 6 });
    await anna.post('/api/ho/registers/dev-6/revoke');
    expect((await anna.post('/api/ho/plan', { plan: 'starter' })).data).toMatchObject({ plan: 'starter', maxRegisters: 5, registers: 5 });
    expect((await anna.post('/api/ho/plan', { plan: 'platinum' })).json.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/starter, business, chain/) });
    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [], password: 'a long password 1' });
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.post('/api/ho/plan', { plan: 'chain' })).status).toBe(403);
    expect((await marco.get('/api/ho/plan')).data).toMatchObject({ plan: 'starter', users: 2 });
  });

  it('till users get PIN hashes the till can verify, published on the users stream', () => atProductionHashingCost(async () => {
    const s = await start();
    const anna = await setUp(s);
    const created = await anna.post('/api/ho/till-users', { name: 'Giulia', role: 'cashier', pin: '2468', active: true });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.data)).not.toMatch(/scrypt/);
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    const rows = (await s.storage.headOffice.readRows(org, 'user')) as { pinHash: string }[];
    expect(rows[0]?.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifySecret('2468', rows[0]?.pinHash ?? '')).toBe(true);
    expect((await s.storage.streamPosition(org, 'users')).head).toBe(1);
  }));

  it('records clock skew and the cursor each till reached; a revoked till is refused', async () => {
    let clock = new Date('2026-11-26T10:00:00Z');
    const s = await start({ now: () => clock });
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    await anna.post('/api/ho/catalogue/products', product('p1'));
    const { code } = (await anna.post(`/api/ho/stores/${store.id}/pairing-codes`)).data as { code: string };
    const paired = await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'dev-1' });
    const principal = { organisationId: paired.organisationId, storeId: paired.storeId, deviceId: paired.deviceId };
    clock = new Date('2026-11-26T10:05:00Z');
    await s.service.push(principal, {
      ...versions,
      deviceId: 'dev-1',
      ops: [{ seq: 1, opId: 'op-1', record: sale({ id: 's1', storeId: store.id, deviceId: 'dev-1', variantId: 'p1-v1', completedAt: '2026-11-26T10:05:42Z' }) }],
    });
    await s.service.pull(principal, { ...versions, stream: 'catalogue', cursor: null });
    const [register] = (await anna.get('/api/ho/registers')).data as { clockSkewMs: number; streams: { stream: string; position: number; head: number }[] }[];
    expect(register?.clockSkewMs).toBe(42_000);
    expect(register?.streams).toEqual([expect.objectContaining({ stream: 'catalogue', position: 1, head: 1 })]);
    expect((await anna.post('/api/ho/registers/dev-1/revoke')).status).toBe(200);
    expect(await s.service.authenticate(paired.deviceToken)).toBeNull();
  });
});
