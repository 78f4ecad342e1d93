import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, engines, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, owner, setUp } from '../../test/head-office-browser';
import { consoleLogger, createErrorHandler, jsonDepth } from '../http-support';
import { serveWebApp } from './web-assets';
import { Hono } from 'hono';

describe.each(engines)('head-office hardening on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('an owner cannot give a user a store of another organisation', async () => {
    const s = await start();
    const anna = await setUp(s);
    const other = await s.admin.createOrganisation({ name: 'Altro' });
    await s.admin.upsertStore(other.id, { id: 'their-store', name: 'Loro', addressLines: [], vatNumber: '' });
    const milano = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const made = (await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [milano.id], password: 'a long password 1' })).data as { id: string };
    const refused = await anna.request('PATCH', `/api/ho/users/${made.id}`, { storeIds: [milano.id, 'their-store'] });
    expect(refused.status).toBe(404);
    expect(refused.json.error?.code).toBe('NOT_FOUND');
    const users = (await anna.get('/api/ho/users')).data as { id: string; storeIds: string[] }[];
    expect(users.find((u) => u.id === made.id)?.storeIds).toEqual([milano.id]);
    expect((await anna.request('PATCH', `/api/ho/users/${made.id}`, { storeIds: [] })).status).toBe(200);
  });

  it('with an https CASSA_PUBLIC_URL, cookies are Secure and __Host- even when the proxy sends no X-Forwarded-Proto, and HSTS is on', async () => {
    const s = await start({ headOffice: { webRoot: false, publicUrl: 'https://cassa.example.it' } });
    const anna = browser(s);
    const first = await anna.get('/api/ho/session');
    expect(first.cookie).toMatch(/^__Host-cassa_csrf=[^;]+;.*Path=\/.*Secure/);
    const setup = await anna.post('/api/ho/setup', owner);
    expect(setup.status).toBe(201);
    expect(setup.cookie).toMatch(/__Host-cassa_ho=[^;]+;.*HttpOnly.*Secure/);
    expect(setup.cookie).not.toMatch(/(^|\n)cassa_ho=/);
    expect((await anna.post('/api/ho/stores', { name: 'Milano' })).status).toBe(201);
    const response = await s.app.request('http://10.0.0.1/api/ho/session');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    // The pairing QR names the public address, not the proxy's internal one.
    const store = (await anna.get('/api/ho/stores')).data as { id: string }[];
    const code = (await anna.post(`/api/ho/stores/${store[0]!.id}/pairing-codes`)).data as { serverUrl: string };
    expect(code.serverUrl).toBe('https://cassa.example.it');
  });

  it('without a public URL, plain http keeps plain names and no HSTS', async () => {
    const s = await start();
    const response = await s.app.request('/api/ho/session');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.getSetCookie().join('\n')).toMatch(/^cassa_csrf=/);
  });

  it('JSON nested 5,000 deep is a 400, on head office and on device routes', async () => {
    const s = await start();
    const anna = await setUp(s);
    const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const csrf = anna.jar.get('cassa_csrf') ?? '';
    const cookie = [...anna.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    // A setting's value is free JSON: validating it recursively is where deep nesting used to blow the stack.
    const deepSetting = `{"changes":[{"entity":"setting","data":{"key":"k","value":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    const admin = await s.app.request(`/v1/admin/organisations/${org}/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: deepSetting });
    expect(admin.status).toBe(400);
    for (const path of ['/api/ho/stores', '/api/ho/catalogue/products', '/v1/pair']) {
      const response = await s.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: deep });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    }
  });
});

describe('request text never shapes a log line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the path goes to the console as a value, not inside the format string', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = new Hono();
    app.onError(createErrorHandler(consoleLogger));
    app.get('*', () => {
      throw new Error('boom');
    });
    const response = await app.request('/%25s%25o%25c');
    expect(response.status).toBe(500);
    const [format, ...values] = spy.mock.calls[0] ?? [];
    expect(format).toBe('[sync-server] Unhandled error on %s %s');
    expect(values.slice(0, 2)).toEqual(['GET', '/%25s%25o%25c']);
  });

  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth('["a\\\\", ["b\\\\\\"]", [1]]]')).toBe(3);
  });

  it('counts nesting as a character-by-character scan does, on any text', () => {
    // The scan it replaced: every character read, a backslash in a string skipping the next one.
    const reference = (text: string): number => {
      let depth = 0;
      let deepest = 0;
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
        else if (ch === ']' || ch === '}') depth--;
      }
      return deepest;
    };
    const texts = fc.array(fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ','), { maxLength: 60 }).map((chars) => chars.join(''));
    fc.assert(fc.property(texts, (text) => jsonDepth(text) === reference(text)), { numRuns: 5_000 });
    fc.assert(fc.property(fc.json({ depthSize: 'large' }), (text) => jsonDepth(text) === reference(text)));
  });
});

describe('head-office web app paths', () => {
  it('a malformed %-escape is a 400, not a 500', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cassa-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const app = new Hono();
    app.get('*', serveWebApp(root));
    for (const path of ['/%zz', '/assets/%E0%A4%A', '/%']) expect((await app.request(path)).status).toBe(400);
    expect((await app.request('/stock')).status).toBe(200);
  });
});
