import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelProblemText } from '@cassa/shared';
import type { ChannelCredentials } from '@cassa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCredentials, newKey, SECRET } from '../../test/channel-world';
import { engines, serverPerTest } from '../../test/fixtures';
import { setUp } from '../../test/head-office-browser';
import { TEST_DETAIL_MAX } from '../head-office/services/channels';
import { ChannelCallError } from './connector';
import { CHANNEL_MAX_REDIRECTS, guardOutboundFetch, privateAddressReason } from './outbound-guard';
import type { ResolvedAddress } from './outbound-guard';

/** A real listener on 127.0.0.1 that counts every connection made to it, even one that sends nothing. */
interface Listener {
  readonly port: number;
  connections: number;
  requests: { url: string; headers: Record<string, string | string[] | undefined> }[];
}

function listen(): Promise<Listener & { server: Server }> {
  return new Promise((resolve) => {
    const state = { connections: 0, requests: [] as Listener['requests'] };
    const server = createServer((request, response) => {
      state.requests.push({ url: request.url ?? '', headers: request.headers });
      response.end('<html>internal admin page</html>');
    });
    server.on('connection', () => void state.connections++);
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(state, { server, port: (server.address() as AddressInfo).port })));
  });
}

/** A fetch that records what it was asked and answers from `answer`; never touches the network. */
function spyFetch(answer: (url: string, init: RequestInit) => Response = () => new Response('ok')) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init, headers: new Headers(init.headers) });
    return answer(url, init);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const lookupOf =
  (table: Readonly<Record<string, readonly string[]>>) =>
  async (hostname: string): Promise<readonly ResolvedAddress[]> => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(promise: Promise<unknown>): Promise<ChannelCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelCallError);
  return error as ChannelCallError;
}

const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

describe('the outbound guard', () => {
  let local: Listener & { server: Server };
  beforeAll(async () => {
    local = await listen();
  });
  afterAll(() => new Promise<void>((resolve) => local.server.close(() => resolve())));

  it('refuses every form of head office’s own address without a byte reaching it', async () => {
    const guarded = guardOutboundFetch(globalThis.fetch, { allowPrivate: false, lookup: lookupOf({}) });
    const p = local.port;
    const forms = [
      `http://127.0.0.1:${p}/`,
      `http://0x7f000001:${p}/`, // hex
      `http://2130706433:${p}/`, // decimal
      `http://0177.0.0.1:${p}/`, // octal
      `http://127.1:${p}/`, // short form
      `http://0x7f.0.0.1:${p}/api/`,
      `http://[::ffff:127.0.0.1]:${p}/`, // IPv4-mapped IPv6
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[::1]:${p}/`,
      `http://localhost:${p}/`,
      `http://LOCALHOST.:${p}/`,
      `http://shop.localhost:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `https://127.0.0.1:${p}/`,
    ];
    for (const url of forms) {
      const error = await refusal(guarded(url));
      expect(error, url).toMatchObject({ disposition: 'auth', problem: 'address-not-allowed' });
      expect(error.detail, url).toContain('head office');
    }
    expect(local.connections).toBe(0);
    expect(local.requests).toEqual([]);
  });

  it('refuses private, link-local, CGNAT, unique-local, multicast and reserved addresses, and other schemes or user:password@, without calling out', async () => {
    const spy = spyFetch();
    const guarded = guardOutboundFetch(spy.fetch, { allowPrivate: false, lookup: lookupOf({}) });
    const refused = [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/admin',
      'http://172.16.0.1/',
      'http://172.31.255.254/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://100.127.255.254/',
      'http://224.0.0.1/',
      'http://239.255.255.250/',
      'http://255.255.255.255/',
      'http://[fe80::1]/',
      'http://[febf::1]/',
      'http://[fc00::1]/',
      'http://[fd12:3456::1]/',
      'http://[ff02::1]/',
      'http://[::]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a00:5]/',
      'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
      'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
      'http://0xa9fea9fe/', // 169.254.169.254 in hex
      'ftp://shop.example.it/',
      'file:///etc/passwd',
      'gopher://shop.example.it/',
      'https://admin:secret@shop.example.it/',
      'https://user@shop.example.it/',
      'not a url',
    ];
    for (const url of refused) expect(await refusal(guarded(url)), url).toMatchObject({ problem: 'address-not-allowed' });
    expect(spy.calls).toEqual([]);
  });

  it('lets public addresses through, literal or resolved', async () => {
    const spy = spyFetch();
    const guarded = guardOutboundFetch(spy.fetch, { allowPrivate: false, lookup: lookupOf({ 'shop.example.it': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] }) });
    for (const url of ['https://93.184.215.14/api/', 'http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/', 'https://shop.example.it/api/', 'http://8.8.8.8/', 'http://[64:ff9b::808:808]/']) {
      expect((await guarded(url)).status, url).toBe(200);
    }
    expect(spy.calls.map((c) => c.url)).toEqual(['https://93.184.215.14/api/', 'http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/', 'https://shop.example.it/api/', 'http://8.8.8.8/', 'http://[64:ff9b::808:808]/']);
    expect(spy.calls.every((c) => c.init.redirect === 'manual')).toBe(true);
  });

  it('refuses a public-looking name that resolves to a private address (any of its addresses)', async () => {
    const spy = spyFetch();
    const guarded = guardOutboundFetch(spy.fetch, {
      allowPrivate: false,
      lookup: lookupOf({ 'shop.example.it': ['127.0.0.1'], 'mixed.example.it': ['93.184.215.14', '10.1.2.3'], 'v6.example.it': ['::1'], 'mapped.example.it': ['::ffff:192.168.0.10'] }),
    });
    for (const url of ['https://shop.example.it/', 'https://mixed.example.it/', 'https://v6.example.it/', 'https://mapped.example.it/']) {
      const error = await refusal(guarded(url));
      expect(error.problem, url).toBe('address-not-allowed');
      expect(error.detail, url).toMatch(/resolves to/);
    }
    expect(spy.calls).toEqual([]);
  });

  it('a name that does not resolve fails as fetch does, so connectors call the shop unreachable', async () => {
    const guarded = guardOutboundFetch(spyFetch().fetch, { allowPrivate: false, lookup: lookupOf({}) });
    const error = await guarded('https://nowhere.example.it/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('checks every redirect hop: a public shop answering 302 to a private address is refused there', async () => {
    const spy = spyFetch((url) => {
      if (url.startsWith('https://shop.example.it/')) return redirect('http://169.254.169.254/latest/meta-data/');
      if (url.startsWith('https://other.example.it/')) return redirect('https://sneaky.example.it/', 307);
      return new Response('secret metadata');
    });
    const guarded = guardOutboundFetch(spy.fetch, { allowPrivate: false, lookup: lookupOf({ 'shop.example.it': ['93.184.215.14'], 'other.example.it': ['93.184.215.15'], 'sneaky.example.it': ['10.0.0.5'] }) });
    expect(await refusal(guarded('https://shop.example.it/api/'))).toMatchObject({ problem: 'address-not-allowed' });
    expect(await refusal(guarded('https://other.example.it/api/'))).toMatchObject({ problem: 'address-not-allowed' });
    expect(spy.calls.map((c) => c.url)).toEqual(['https://shop.example.it/api/', 'https://other.example.it/api/']);
  });

  it('follows at most five redirects itself, and honours redirect: manual', async () => {
    let n = 0;
    const spy = spyFetch(() => redirect(`https://93.184.215.14/hop/${++n}`));
    const guarded = guardOutboundFetch(spy.fetch, { allowPrivate: false });
    const error = await guarded('https://93.184.215.14/start').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(spy.calls.length).toBe(CHANNEL_MAX_REDIRECTS + 1);
    const manual = await guarded('https://93.184.215.14/start', { redirect: 'manual' });
    expect(manual.status).toBe(302);
  });

  it('never carries credentials to another origin; keeps them on the same one; 303 turns a POST into a GET', async () => {
    const spy = spyFetch((url) => {
      if (url === 'https://a.example.it/one') return redirect('/two', 307);
      if (url === 'https://a.example.it/two') return redirect('https://b.example.it/three', 307);
      if (url === 'https://b.example.it/three') return redirect('http://b.example.it/four', 303);
      return new Response('done');
    });
    const guarded = guardOutboundFetch(spy.fetch, { allowPrivate: false, lookup: lookupOf({ 'a.example.it': ['93.184.215.14'], 'b.example.it': ['93.184.215.15'] }) });
    const answer = await guarded('https://a.example.it/one', {
      method: 'POST',
      headers: { authorization: `Basic ${SECRET}`, 'x-amz-access-token': SECRET, cookie: `s=${SECRET}`, 'content-type': 'text/xml', accept: 'application/json' },
      body: '<prestashop/>',
    });
    expect(await answer.text()).toBe('done');
    const [one, two, three, four] = spy.calls;
    expect(one!.headers.get('authorization')).toBe(`Basic ${SECRET}`);
    // Same origin: the shop's own redirect keeps the key, method and body (307).
    expect(two).toMatchObject({ url: 'https://a.example.it/two', init: { method: 'POST', body: '<prestashop/>' } });
    expect(two!.headers.get('authorization')).toBe(`Basic ${SECRET}`);
    for (const call of [three!, four!]) {
      expect(call.headers.get('authorization'), call.url).toBeNull();
      expect(call.headers.get('x-amz-access-token'), call.url).toBeNull();
      expect(call.headers.get('cookie'), call.url).toBeNull();
      expect(call.headers.get('accept'), call.url).toBe('application/json');
    }
    expect(three).toMatchObject({ url: 'https://b.example.it/three', init: { method: 'POST' } });
    expect(four).toMatchObject({ url: 'http://b.example.it/four', init: { method: 'GET' } });
    expect(four!.init.body).toBeUndefined();
    expect(four!.headers.get('content-type')).toBeNull();
    expect(JSON.stringify(spy.calls.slice(2).map((c) => [...c.headers]))).not.toContain(SECRET);
  });

  it('allowPrivate lets a shop on head office’s own network through (still no user:password@ or other schemes)', async () => {
    const guarded = guardOutboundFetch(globalThis.fetch, { allowPrivate: true });
    const answer = await guarded(`http://127.0.0.1:${local.port}/api/`);
    expect(await answer.text()).toContain('internal admin page');
    expect(local.requests.map((r) => r.url)).toEqual(['/api/']);
    expect(await refusal(guarded(`http://user:pw@127.0.0.1:${local.port}/`))).toMatchObject({ problem: 'address-not-allowed' });
    expect(await refusal(guarded('file:///etc/passwd'))).toMatchObject({ problem: 'address-not-allowed' });
    expect(local.requests.length).toBe(1);
  });

  it('classifies addresses by their bits, not their spelling', () => {
    expect(privateAddressReason('93.184.215.14')).toBeNull();
    expect(privateAddressReason('172.32.0.1')).toBeNull();
    expect(privateAddressReason('100.128.0.1')).toBeNull();
    expect(privateAddressReason('2001:db8::1')).toBeNull();
    expect(privateAddressReason('fe80::1%eth0')).not.toBeNull();
    expect(privateAddressReason('[::1]')).not.toBeNull();
    expect(privateAddressReason('::ffff:8.8.8.8')).toBeNull();
    expect(privateAddressReason('nonsense')).toBe('not an IP address');
  });
});

describe.each(engines)('"Prova connessione" through head office on $name', (engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  function credentials(kind: ChannelCredentials['kind'], base: string): ChannelCredentials {
    const given = fakeCredentials(kind);
    if (given.kind === 'prestashop') return { ...given, baseUrl: base };
    if (given.kind === 'amazon') return { ...given, endpoint: base, tokenUrl: `${base}auth/o2/token` };
    return { ...given, apiBaseUrl: base };
  }

  it('a channel at the cloud metadata address answers a plain-words refusal and nothing is sent', async () => {
    const spy = spyFetch(() => new Response('ami-id\nhostname\niam/'));
    const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, fetch: spy.fetch } });
    const anna = await setUp(s);
    for (const kind of ['prestashop', 'amazon', 'ebay'] as const) {
      const answer = await anna.post('/api/ho/channels/test', { credentials: credentials(kind, 'http://169.254.169.254/') });
      expect(answer.status, kind).toBe(200);
      expect(answer.data, kind).toMatchObject({ ok: false, problem: 'address-not-allowed', summary: '' });
      expect((answer.data as { detail: string }).detail, kind).toMatch(/169\.254\.169\.254.*head office's own network/);
    }
    expect(spy.calls).toEqual([]);
    expect(channelProblemText['address-not-allowed'].it).toContain('rete interna');
  });

  it('with the real network, a "shop" on head office’s own port is never contacted', async () => {
    const target = await listen();
    try {
      const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false } });
      const anna = await setUp(s);
      const answer = await anna.post('/api/ho/channels/test', { credentials: credentials('prestashop', `http://0x7f000001:${target.port}/`) });
      expect(answer.data).toMatchObject({ ok: false, problem: 'address-not-allowed' });
      expect(target.connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => target.server.close(() => resolve()));
    }
  });

  it('with allowPrivate (CASSA_CHANNEL_ALLOW_PRIVATE=1) a shop on head office’s own network is called', async () => {
    const target = await listen();
    try {
      const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, allowPrivate: true } });
      const anna = await setUp(s);
      const answer = await anna.post('/api/ho/channels/test', { credentials: credentials('prestashop', `http://127.0.0.1:${target.port}/`) });
      // The listener is no PrestaShop: the test reaches it and says so.
      expect(answer.data).toMatchObject({ ok: false, problem: 'not-found' });
      expect(target.requests.map((r) => r.url)).toEqual(['/api/']);
    } finally {
      await new Promise<void>((resolve) => target.server.close(() => resolve()));
    }
  });

  it('a remote (or a proxy in front of it) that echoes the request never makes a secret visible in the answer', async () => {
    // An error page that lists what it was sent, headers and form body: httpbin-style or a WAF's "request rejected".
    const spy = spyFetch((_url, init) => {
      const sent = `${[...new Headers(init.headers)].map(([name, value]) => `${name}: ${value}`).join('; ')}; body: ${typeof init.body === 'string' ? init.body : ''}`;
      return new Response(JSON.stringify({ errors: [{ code: 'InvalidInput', message: `request rejected: ${sent}` }], error: 'invalid_request', error_description: sent }), { status: 400, headers: { 'content-type': 'application/json' } });
    });
    const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, fetch: spy.fetch } });
    const anna = await setUp(s);
    const details: string[] = [];
    for (const kind of ['prestashop', 'amazon', 'ebay'] as const) {
      const given = credentials(kind, 'https://93.184.215.14/');
      const answer = await anna.post('/api/ho/channels/test', { credentials: given });
      const data = answer.data as { ok: boolean; detail: string; summary: string };
      expect(data.ok, kind).toBe(false);
      details.push(`${data.detail} ${data.summary}`);
    }
    expect(spy.calls.length).toBeGreaterThanOrEqual(3);
    const forms = [SECRET, SECRET.slice(0, 16), Buffer.from(`${SECRET}:`).toString('base64').slice(0, 24), Buffer.from(`ebay-client:${SECRET}`).toString('base64').slice(0, 24), Buffer.from(`amzn-client:${SECRET}`).toString('base64').slice(0, 24)];
    for (const detail of details) for (const form of forms) expect(detail, detail).not.toContain(form);
  });

  it('an address with user:password@ or a ?query is refused when connecting, so no key in it shows in the list managers read', async () => {
    const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, fetch: spyFetch().fetch } });
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    for (const kind of ['prestashop', 'amazon', 'ebay'] as const) {
      for (const address of ['https://admin:hunter2-password@93.184.215.14/', 'https://93.184.215.14/?ws_key=hunter2-key', 'https://93.184.215.14/#hunter2']) {
        const answer = await anna.post('/api/ho/channels', { name: 'Shop', storeIds: [store.id], safetyBuffer: 0, credentials: credentials(kind, address) });
        expect(answer.status, `${kind} ${address}`).toBe(400);
      }
    }
    expect((await anna.post('/api/ho/channels', { name: 'Shop', storeIds: [store.id], safetyBuffer: 0, credentials: credentials('prestashop', 'https://93.184.215.14/shop') })).status).toBe(201);
    expect(JSON.stringify((await anna.get('/api/ho/channels')).json)).not.toContain('hunter2');
  });

  it('a connected account whose address is head office’s own network stops with the worded problem; the worker sends nothing', async () => {
    const spy = spyFetch();
    const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, fetch: spy.fetch } });
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const created = await anna.post('/api/ho/channels', { name: 'Shop', storeIds: [store.id], safetyBuffer: 0, credentials: credentials('prestashop', 'http://10.0.0.5/admin') });
    expect(created.status).toBe(201);
    await s.channels!.worker.runOnce();
    const [account] = (await anna.get('/api/ho/channels')).data as { status: string; lastProblem: string | null; lastProblemDetail: string | null }[];
    expect(account).toMatchObject({ status: 'auth-failed', lastProblem: 'address-not-allowed' });
    expect(account!.lastProblemDetail).toContain('10.0.0.5');
    expect(spy.calls).toEqual([]);
  });

  it('echoes only the remote’s status and a short message, never its body or headers', async () => {
    const page = `<html><head><title>Error</title></head><body>${'internal stack trace line\n'.repeat(5000)}</body></html>`;
    const spy = spyFetch(() => new Response(page, { status: 500, headers: { 'x-internal-token': 'tok-123456', server: 'nginx/1.2.3' } }));
    const s = await start({ channels: { keys: `k1:${newKey()}`, worker: false, fetch: spy.fetch } });
    const anna = await setUp(s);
    for (const kind of ['prestashop', 'amazon', 'ebay'] as const) {
      const answer = await anna.post('/api/ho/channels/test', { credentials: credentials(kind, 'https://93.184.215.14/') });
      const data = answer.data as { ok: boolean; problem: string; detail: string };
      expect(data.ok, kind).toBe(false);
      expect([...data.detail].length, kind).toBeLessThanOrEqual(TEST_DETAIL_MAX);
      expect(data.detail, kind).not.toMatch(/[\n\r]|tok-123456|nginx/);
    }
    expect(spy.calls.length).toBeGreaterThan(0);
  });
});
