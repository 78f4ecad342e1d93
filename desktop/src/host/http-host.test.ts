import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '@cassa/desktop/testing';
import { createTestTill } from '@cassa/desktop/testing';
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
      resolveDevice: (secret) => till.core.services.lanDevices.resolve(secret),
      allowedHosts: new Set(['192.0.2.10']),
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

  it('on a LAN bind shows the user list only to an enrolled tablet', async () => {
    const app = hostFor(false);
    const lan = { host: '192.0.2.10:5757' };
    const refused = await post(app, 'session.users', {}, lan);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'DEVICE_NOT_ENROLLED' } });
    expect((await post(app, 'session.login', { userId: 'user-giulia', pin: '1111' }, lan)).status).toBe(401);
    expect((await post(app, 'app.info', {}, lan)).status).toBe(200);

    const manager = await till.login('user-marco', '2222');
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    const enrolled = await post(app, 'lanDevices.enrol', { code, name: 'Tablet banco' }, lan);
    expect(enrolled.status).toBe(200);
    const cookie = enrolled.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cassa_device=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // The credential is in the cookie only: page scripts never see it.
    expect(JSON.stringify(await enrolled.json())).not.toContain(cookie.split(';')[0]!.split('=')[1]!);
    const withCookie = { ...lan, cookie: cookie.split(';')[0]! };
    expect(await (await post(app, 'session.users', {}, withCookie)).json()).toMatchObject({ ok: true, data: expect.arrayContaining([expect.objectContaining({ name: 'Giulia' })]) });
  });

  it('on a LAN bind refuses foreign Host and Origin headers', async () => {
    const app = hostFor(false);
    expect((await post(app, 'app.info', {}, { host: 'rebound.evil.example:5757' })).status).toBe(403);
    expect((await post(app, 'app.info', {}, { host: '192.0.2.10:5757', origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(app, 'app.info', {}, { host: '192.0.2.10:5757', origin: 'http://192.0.2.10:5757' })).status).toBe(200);
  });

  it('refuses a large body from a stranger before reading it, and caps a streamed one', async () => {
    const app = hostFor(false);
    const lan = { host: '192.0.2.10:5757' };
    // Not enrolled: refused on the headers alone, whatever the body.
    const stranger = await post(app, 'catalogue.import', JSON.stringify({ csv: 'x'.repeat(300_000) }), lan);
    expect(stranger.status).toBe(401);
    // Before login a body is a PIN: 64 KiB is plenty, told by Content-Length or counted in the stream.
    const local = hostFor(true);
    expect((await post(local, 'session.login', JSON.stringify({ userId: 'x', pin: 'x'.repeat(100_000) }))).status).toBe(413);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16_384;
        controller.enqueue(new Uint8Array(16_384).fill(32));
        if (sent > 10 * 1024 * 1024) controller.close();
      },
    });
    const streamed = await local.request('/api/rpc/session.login', { method: 'POST', headers: { host: '127.0.0.1', 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
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
