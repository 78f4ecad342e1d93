import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../core/testing/test-till';
import { createTestTill } from '../core/testing/test-till';
import { createHttpHost } from './http-host';

const staticDir = mkdtempSync(join(tmpdir(), 'cassa-static-'));
mkdirSync(join(staticDir, 'assets'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cassa</title>');
writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

describe('the HTTP host', () => {
  let till: TestTill;
  const hostFor = (trustedLocal: boolean) =>
    createHttpHost({
      dispatcher: till.core.dispatcher,
      events: till.core.events,
      staticDir,
      trustedLocal,
      isValidSession: (token) => till.core.services.sessions.resolve(token) !== null,
    });
  const post = (app: ReturnType<typeof hostFor>, method: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api/rpc/${method}`, {
      method: 'POST',
      headers: { host: '127.0.0.1:5757', 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeEach(() => {
    till = createTestTill();
  });
  afterEach(() => till.dispose());

  it('serves every contract procedure over POST with the status of its error code', async () => {
    const app = hostFor(true);
    const info = await post(app, 'app.info', {});
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ ok: true, data: { shopName: 'Bottega Demo' } });

    const login = await post(app, 'session.login', { userId: 'user-giulia', pin: '1111' });
    const { data } = (await login.json()) as { data: { token: string } };
    const me = await post(app, 'session.me', {}, { authorization: `Bearer ${data.token}` });
    expect(await me.json()).toMatchObject({ ok: true, data: { name: 'Giulia' } });

    expect((await post(app, 'session.me', {})).status).toBe(401);
    expect((await post(app, 'session.login', { userId: 'user-giulia', pin: '9' })).status).toBe(401);
    expect((await post(app, 'nope', {})).status).toBe(404);
  });

  it('answers malformed bodies with 4xx, never 5xx', async () => {
    const app = hostFor(true);
    expect((await post(app, 'app.info', '{not json')).status).toBe(400);
    expect((await post(app, 'session.login', { userId: 42 })).status).toBe(400);
    const form = await app.request('/api/rpc/app.info', { method: 'POST', headers: { host: '127.0.0.1', 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const huge = await post(app, 'app.info', JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('on a loopback bind refuses a request that arrived under a foreign Host name (DNS rebinding)', async () => {
    const app = hostFor(true);
    const res = await post(app, 'app.info', {}, { host: 'evil.example:5757' });
    expect(res.status).toBe(403);
  });

  it('on a LAN bind needs a session even for the user list', async () => {
    const app = hostFor(false);
    expect((await post(app, 'session.users', {}, { host: '192.0.2.10:5757' })).status).toBe(401);
    expect((await post(app, 'app.info', {}, { host: '192.0.2.10:5757' })).status).toBe(200);
  });

  it('streams events only to a logged-in screen', async () => {
    const app = hostFor(true);
    expect((await app.request('/api/events', { headers: { host: '127.0.0.1' } })).status).toBe(401);
  });

  it('serves the UI with a strict Content-Security-Policy and falls back to the app shell', async () => {
    const app = hostFor(true);
    const index = await app.request('/', { headers: { host: '127.0.0.1' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await app.request('/some/route', { headers: { host: '127.0.0.1' } })).text()).toContain('<title>Cassa</title>');
    const asset = await app.request('/assets/app.js', { headers: { host: '127.0.0.1' } });
    expect(asset.headers.get('content-type')).toContain('javascript');
    const escape = await app.request('/..%2f..%2fetc%2fpasswd', { headers: { host: '127.0.0.1' } });
    expect(await escape.text()).not.toContain('root:');
  });
});
