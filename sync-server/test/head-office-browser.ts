/**
 * A browser in miniature for head-office API tests: keeps cookies and echoes the CSRF cookie in
 * the header, as the web app does.
 */
import { expect } from 'vitest';
import type { SyncServer } from '../src/index';

/** A browser in miniature: keeps cookies, echoes the CSRF cookie in the header. */
/** `peer`: the socket address the server sees; `forwardedFor`: an X-Forwarded-For header sent along. */
export function browser(server: SyncServer, options: { csrf?: boolean; peer?: string; forwardedFor?: string } = {}) {
  const jar = new Map<string, string>();
  async function request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...(options.forwardedFor !== undefined ? { 'x-forwarded-for': options.forwardedFor } : {}), ...extra };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = jar.get('cassa_csrf') ?? jar.get('__Host-cassa_csrf');
    if (options.csrf !== false && csrf !== undefined) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const env = options.peer !== undefined ? { incoming: { socket: { remoteAddress: options.peer } } } : undefined;
    const response = await server.app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, env);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) {
        if (/max-age=0/i.test(cookie)) jar.delete(name);
        else jar.set(name, value.join('='));
      }
    }
    const json = (await response.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
    return { status: response.status, json, data: json.data as never, cookie: response.headers.getSetCookie().join('\n') };
  }
  return { jar, request, get: (p: string) => request('GET', p), post: (p: string, b?: unknown) => request('POST', p, b ?? {}) };
}

export const owner = { organisationName: 'Bottega Rossi', name: 'Anna Rossi', email: 'anna@example.it', password: 'correct horse battery' };

export async function setUp(server: SyncServer) {
  const anna = browser(server);
  await anna.get('/api/ho/session');
  const setup = await anna.post('/api/ho/setup', owner);
  expect(setup.status).toBe(201);
  return anna;
}
