import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, engines, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, owner, setUp } from '../../test/head-office-browser';
import { createSyncServer } from '../index';

const repoRoot = join(__dirname, '..', '..', '..');

describe.each(engines)('password reset on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  async function withMarco(s: Awaited<ReturnType<typeof start>>) {
    const anna = await setUp(s);
    const marco = (await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'viewer', storeIds: [], password: 'a long password 1' })).data as { id: string };
    return { anna, marcoId: marco.id };
  }

  it('an owner makes a one-time link; it sets the new password, ends old sessions, and works once', async () => {
    let clock = new Date('2026-12-03T09:00:00Z');
    const s = await start({ now: () => clock, headOffice: { webRoot: false, publicUrl: 'https://cassa.example.it' } });
    const { anna, marcoId } = await withMarco(s);
    const oldSession = browser(s);
    await oldSession.get('/api/ho/session');
    expect((await oldSession.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' })).status).toBe(200);

    const made = await anna.post(`/api/ho/users/${marcoId}/password-reset`);
    expect(made.status).toBe(201);
    const { url } = made.data as { url: string };
    expect(url).toMatch(/^https:\/\/cassa\.example\.it\/#\/reset\?token=[\w-]{40,}$/);
    const token = decodeURIComponent(url.split('token=')[1] ?? '');

    const marco = browser(s);
    await marco.get('/api/ho/session');
    expect((await marco.get(`/api/ho/password-reset/${token}`)).data).toEqual({ email: 'marco@example.it' });
    expect((await marco.post('/api/ho/password-reset', { token, newPassword: 'short' })).status).toBe(400);
    const used = await marco.post('/api/ho/password-reset', { token, newPassword: 'marco chose this one' });
    expect(used.status).toBe(200);
    expect(used.data).toMatchObject({ email: 'marco@example.it' });
    expect((await marco.get('/api/ho/stores')).status).toBe(200);
    expect((await oldSession.get('/api/ho/stores')).status).toBe(401);
    // Once only.
    expect((await marco.post('/api/ho/password-reset', { token, newPassword: 'someone else again' })).status).toBe(404);
    const fresh = browser(s);
    await fresh.get('/api/ho/session');
    expect((await fresh.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' })).status).toBe(401);
    expect((await fresh.post('/api/ho/login', { email: 'marco@example.it', password: 'marco chose this one' })).status).toBe(200);

    // A link expires after 24 hours, and a newer link replaces an older one.
    const first = decodeURIComponent(((await anna.post(`/api/ho/users/${marcoId}/password-reset`)).data as { url: string }).url.split('token=')[1] ?? '');
    const second = decodeURIComponent(((await anna.post(`/api/ho/users/${marcoId}/password-reset`)).data as { url: string }).url.split('token=')[1] ?? '');
    expect((await browser(s).get(`/api/ho/password-reset/${first}`)).status).toBe(404);
    clock = new Date(clock.getTime() + 25 * 3600_000);
    expect((await marco.post('/api/ho/password-reset', { token: second, newPassword: 'too late for this' })).status).toBe(404);
  });

  it('only an owner of the same organisation can make a link', async () => {
    const s = await start();
    const { anna, marcoId } = await withMarco(s);
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    const annaId = ((await anna.get('/api/ho/session')).data as { user: { id: string } }).user.id;
    expect((await marco.post(`/api/ho/users/${annaId}/password-reset`)).status).toBe(403);
    // Another organisation's owner cannot reach anna or marco.
    const { sha256Hex } = await import('../credentials');
    await s.storage.headOffice.createSetupToken({ tokenHash: sha256Hex('other-org'), email: 'eve@example.it', organisationId: null, expiresAt: new Date(Date.now() + 3600_000) });
    const eve = browser(s);
    await eve.get('/api/ho/session');
    expect((await eve.post('/api/ho/setup', { ...owner, email: 'x@example.invalid', setupToken: 'other-org' })).status).toBe(201);
    expect((await eve.post(`/api/ho/users/${marcoId}/password-reset`)).status).toBe(404);
    expect((await browser(s).get('/api/ho/password-reset/made-up-token')).status).toBe(404);
  });

  it('the server CLI prints a one-time link for an email', async () => {
    const database = await engine.database();
    const server = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, headOffice: { webRoot: false } });
    try {
      await setUp(server);
      const options = database.options as { databaseUrl?: string; sqlitePath?: string };
      const env = { ...process.env, DATABASE_URL: options.databaseUrl ?? `sqlite:${options.sqlitePath}`, CASSA_PUBLIC_URL: 'https://cassa.example.it' };
      const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
      const { stdout } = await promisify(execFile)(tsx, [join(repoRoot, 'sync-server', 'src', 'cli.ts'), 'reset-password', owner.email.toUpperCase()], { env, cwd: repoRoot });
      const url = /https:\/\/cassa\.example\.it\/#\/reset\?token=(\S+)/.exec(stdout);
      expect(url).not.toBeNull();
      const anna = browser(server);
      await anna.get('/api/ho/session');
      expect((await anna.post('/api/ho/password-reset', { token: decodeURIComponent(url![1]!), newPassword: 'reset from the console' })).status).toBe(200);
      await expect(promisify(execFile)(tsx, [join(repoRoot, 'sync-server', 'src', 'cli.ts'), 'reset-password', 'nobody@example.it'], { env, cwd: repoRoot })).rejects.toThrow(/No head-office user/);
    } finally {
      await server.close();
      await database.cleanup();
    }
  }, 60_000);
});
