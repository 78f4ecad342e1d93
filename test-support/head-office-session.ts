/**
 * @module
 * An owner's browser session at a real head office over HTTP, for proofs that need the head-office
 * API beside real tills (issue 18's channels): the typed client the web app uses
 * (`headOfficeContract`), with a cookie jar and the CSRF cookie echoed on writes. The jar outlives
 * a server restart on the same address (sessions live in the database).
 */
import { createHttpClient, headOfficeContract } from '@cassa/shared';
import type { FetchLike, HttpClient } from '@cassa/shared';

export interface HeadOfficeSession {
  readonly client: HttpClient<typeof headOfficeContract>;
  readonly organisationId: string;
}

export const testOwner = { organisationName: 'Bottega Rossi', name: 'Anna Rossi', email: 'anna@example.it', password: 'correct horse battery' };

function jarFetch(jar: Map<string, string>): FetchLike {
  return async (url, init) => {
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { method: init.method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(cookie)) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    return response;
  };
}

/**
 * Signs in at `baseUrl` (`http://127.0.0.1:port`): sets up the first owner and organisation when
 * the server has none, else signs in as that owner.
 */
export async function ownerSession(baseUrl: string): Promise<HeadOfficeSession> {
  const jar = new Map<string, string>();
  const client = createHttpClient(headOfficeContract, {
    baseUrl: `${baseUrl}/api/ho`,
    fetch: jarFetch(jar),
    headers: (procedure): Record<string, string> => {
      const csrf = jar.get('cassa_csrf') ?? jar.get('__Host-cassa_csrf');
      return procedure.writes && csrf !== undefined ? { 'x-csrf-token': csrf } : {};
    },
  });
  const session = await client.call('session.get', {});
  const me = session.setupRequired ? await client.call('session.setup', testOwner) : await client.call('session.login', { email: testOwner.email, password: testOwner.password });
  return { client, organisationId: me.organisationId };
}
