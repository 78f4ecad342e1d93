import { describe, expect, it } from 'vitest';
import { catalogueProduct, fakeCredentials, newKey, SECRET } from '../../../test/channel-world';
import { engines, serverPerTest } from '../../../test/fixtures';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import { browser, setUp } from '../../../test/head-office-browser';
import { FakeRemote } from '../../channels/testing/fake-connector';
import type { SyncServer, SyncServerOptions } from '../../index';
import { createChannelsService } from './channels';

function fakeChannels(remote: FakeRemote, keys: string | null = `k1:${newKey()}`): SyncServerOptions['channels'] {
  return { ...(keys !== null ? { keys } : {}), worker: false, connectorFor: (_credentials, context) => remote.connector(context) };
}

function remoteShop(): FakeRemote {
  const remote = new FakeRemote('prestashop');
  remote.seed([
    { remoteProductId: '7', remoteVariantId: '71', sku: 'SH-S', barcode: null, quantity: 0 },
    { remoteProductId: '7', remoteVariantId: '72', sku: 'SH-M', barcode: null, quantity: 0 },
    { remoteProductId: '9', remoteVariantId: '0', sku: 'WEB-ONLY', barcode: null, quantity: 3 },
  ]);
  return remote;
}

describe.each(engines)('channels service on $name', (engine) => {
  const start = serverPerTest(engine, { headOffice: false });

  async function world(options: { keys?: string | null } = {}) {
    const remote = remoteShop();
    const s = await start({ channels: fakeChannels(remote, 'keys' in options ? options.keys : `k1:${newKey()}`) });
    let clock = Date.parse('2026-12-03T10:00:00Z');
    const now = () => new Date((clock += 1000));
    const acme = await testOrganisation(s, 'Acme');
    const other = await testOrganisation(s, 'Other');
    await s.admin.upsertProducts(acme.id, [catalogueProduct('shirt', [{ sku: 'SH-S' }, { sku: 'SH-M' }, { sku: 'SH-L' }])]);
    const woken: number[] = [];
    const channels = createChannelsService({ storage: s.storage, runtime: s.channels!.runtime, now, wake: () => woken.push(1) });
    const connectInput = { name: 'Negozio online', storeIds: [acme.stores[0]], safetyBuffer: 1, credentials: fakeCredentials('prestashop') };
    return { s, remote, acme, other, channels, woken, connectInput, now };
  }

  it('a link that outlasts the owner’s wait goes on in the background, one per account, and the next ask waits for it', async () => {
    const { s, remote, acme, connectInput, now } = await world();
    remote.listDelayMs = 400;
    const patient = createChannelsService({ storage: s.storage, runtime: s.channels!.runtime, now, linkWaitMs: 100 });
    const view = await patient.connect(acme.owner, connectInput);
    const first = await patient.link(acme.owner, view.id);
    expect(first).toEqual({ matched: 0, unmatched: 0, conflicting: 0, remoteOnly: 0, running: true });
    // Asking again joins the link already running (no second read of the channel) and, given time, sees it done.
    const patientEnough = createChannelsService({ storage: s.storage, runtime: s.channels!.runtime, now, linkWaitMs: 5_000 });
    const listReads = () => remote.calls.filter((c) => c.operation === 'list').length;
    const pagesBefore = listReads();
    expect(await patient.link(acme.owner, view.id)).toMatchObject({ running: true });
    expect(listReads()).toBe(pagesBefore);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await patientEnough.link(acme.owner, view.id)).toEqual({ matched: 2, unmatched: 1, conflicting: 0, remoteOnly: 1, running: false });
  });

  it('connects for owners only, to the organisation’s own stores; the view carries hints, never the secret', async () => {
    const { acme, other, channels, connectInput, woken } = await world();
    expect(await refusal(channels.connect(acme.chainManager, connectInput))).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(channels.connect(acme.owner, { ...connectInput, storeIds: [other.stores[0]] }))).toMatchObject({ code: 'NOT_FOUND' });
    const view = await channels.connect(acme.owner, { ...connectInput, storeIds: [acme.stores[0], acme.stores[0]] });
    expect(view).toMatchObject({ kind: 'prestashop', status: 'active', storeIds: [acme.stores[0]], safetyBuffer: 1, queueDepth: 0, deadLetters: 0, ordersToday: 0 });
    expect(view.credentialHints).toMatchObject({ baseUrl: 'http://127.0.0.1:9/shop', apiKey: '••••LEAK', shopId: '1' });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(woken.length).toBe(1);
    expect((await channels.list(acme.viewer)).map((a) => a.id)).toEqual([view.id]);
    expect(await channels.list(other.owner)).toEqual([]);
    // Another organisation's owner cannot reach it by id.
    expect(await refusal(channels.update(other.owner, { accountId: view.id, name: 'mine now' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(channels.disconnect(other.owner, view.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(channels.link(other.owner, view.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(channels.deadLetters(other.owner, view.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('without a key on the server, connecting is refused with a worded reason; listing still works', async () => {
    const { acme, channels, connectInput } = await world({ keys: null });
    expect(await refusal(channels.connect(acme.owner, connectInput))).toMatchObject({ code: 'CONFLICT', details: { reason: 'channel-keys-missing' } });
    expect(await channels.list(acme.owner)).toEqual([]);
  });

  it('tests credentials or a connected account (exactly one), and explains a refusal in plain words', async () => {
    const { acme, other, channels, connectInput, remote } = await world();
    expect(await refusal(channels.test(acme.owner, {}))).toMatchObject({ code: 'VALIDATION', details: { reason: 'channel-test-input' } });
    const view = await channels.connect(acme.owner, connectInput);
    expect(await refusal(channels.test(acme.owner, { accountId: view.id, credentials: fakeCredentials('prestashop') }))).toMatchObject({ code: 'VALIDATION' });
    expect(await channels.test(acme.owner, { credentials: fakeCredentials('prestashop') })).toMatchObject({ ok: true, problem: null, summary: 'Fake prestashop, 3 items' });
    remote.injectFault('test', { kind: 'auth' });
    expect(await channels.test(acme.owner, { accountId: view.id })).toMatchObject({ ok: false, problem: 'auth-refused', detail: 'HTTP 401 Unauthorized' });
    expect(await refusal(channels.test(other.owner, { accountId: view.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(channels.test(acme.viewer, { credentials: fakeCredentials('prestashop') }))).toMatchObject({ code: 'NOT_AUTHORISED' });
  });

  it('links, pages and filters the mapping, links a variant by hand, and counts it all in the list', async () => {
    const { acme, channels, connectInput, s } = await world();
    const view = await channels.connect(acme.owner, connectInput);
    expect(await channels.link(acme.owner, view.id)).toEqual({ matched: 2, unmatched: 1, conflicting: 0, remoteOnly: 1, running: false });
    const all = await channels.mapping(acme.viewer, { accountId: view.id, offset: 0, limit: 100 });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => [r.state, r.variantId, r.remoteSku])).toEqual([
      ['unmatched', 'shirt-v3', null],
      ['remote-only', null, 'WEB-ONLY'],
      ['matched', 'shirt-v1', 'SH-S'],
      ['matched', 'shirt-v2', 'SH-M'],
    ]);
    expect(all.rows[2]).toMatchObject({ productName: 'Maglia shirt', sku: 'SH-S', remoteTitle: 'Item SH-S' });
    const page = await channels.mapping(acme.viewer, { accountId: view.id, state: 'matched', offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 2, rows: [{ variantId: 'shirt-v2' }] });
    expect((await channels.mapping(acme.viewer, { accountId: view.id, q: 'web', offset: 0, limit: 10 })).rows.map((r) => r.state)).toEqual(['remote-only']);

    expect(await refusal(channels.setMapping(acme.owner, { accountId: view.id, variantId: 'shirt-v3', remote: { remoteProductId: 'nope', remoteVariantId: '0' } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(channels.setMapping(acme.owner, { accountId: view.id, variantId: 'not-ours', remote: null }))).toMatchObject({ code: 'NOT_FOUND' });
    const row = await channels.setMapping(acme.owner, { accountId: view.id, variantId: 'shirt-v3', remote: { remoteProductId: '9', remoteVariantId: '0' } });
    expect(row).toMatchObject({ state: 'matched', variantId: 'shirt-v3', remoteSku: 'WEB-ONLY', detail: { reason: 'by-hand', values: [] } });
    // A later link keeps the hand-made link.
    expect(await channels.link(acme.owner, view.id)).toEqual({ matched: 3, unmatched: 0, conflicting: 0, remoteOnly: 0, running: false });
    const [listed] = await channels.list(acme.owner);
    expect(listed).toMatchObject({ mapping: { matched: 3, unmatched: 0, conflicting: 0, remoteOnly: 0 } });
    // The first link queued a stock job per matched variant.
    expect(listed!.queueDepth).toBe(3);
    await s.channels!.worker.runOnce();
    expect((await channels.list(acme.owner))[0]!.queueDepth).toBe(0);
  });

  it('replacing the credentials re-enables an account the channel refused; another kind’s credentials are refused', async () => {
    const { acme, channels, connectInput, s } = await world();
    const view = await channels.connect(acme.owner, connectInput);
    await s.storage.channels.markAuthFailed(acme.id, view.id, 'auth-refused', 'HTTP 401', new Date());
    expect(await channels.update(acme.owner, { accountId: view.id, name: 'Renamed' })).toMatchObject({ name: 'Renamed', status: 'auth-failed' });
    expect(await refusal(channels.update(acme.owner, { accountId: view.id, credentials: fakeCredentials('ebay') }))).toMatchObject({ details: { reason: 'channel-kind-mismatch' } });
    const fresh = { ...fakeCredentials('prestashop'), apiKey: 'a-brand-new-key-9876' };
    const updated = await channels.update(acme.owner, { accountId: view.id, credentials: fresh as typeof connectInput.credentials });
    expect(updated).toMatchObject({ status: 'active', lastProblem: null, credentialHints: { apiKey: '••••9876' } });
    expect(await channels.update(acme.owner, { accountId: view.id, paused: true })).toMatchObject({ status: 'paused' });
    expect(await channels.update(acme.owner, { accountId: view.id, paused: false })).toMatchObject({ status: 'active' });
  });

  it('dead letters: listed newest first, retried once (the job is queued again) or ignored', async () => {
    const { acme, other, channels, connectInput, s, remote } = await world();
    const view = await channels.connect(acme.owner, connectInput);
    await channels.link(acme.owner, view.id);
    remote.refusedItems.add('71');
    await s.channels!.worker.runOnce();
    const [letter] = await channels.deadLetters(acme.viewer, view.id);
    expect(letter).toMatchObject({ kind: 'stock', subject: 'shirt-v1', problem: 'refused-by-remote', state: 'open' });
    expect((await channels.list(acme.owner))[0]!.deadLetters).toBe(1);
    expect(await refusal(channels.retryDeadLetter(acme.viewer, view.id, letter!.id))).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(channels.retryDeadLetter(other.owner, view.id, letter!.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await channels.retryDeadLetter(acme.owner, view.id, letter!.id)).toMatchObject({ state: 'retried' });
    expect(await refusal(channels.retryDeadLetter(acme.owner, view.id, letter!.id))).toMatchObject({ code: 'CONFLICT', details: { reason: 'channel-dead-letter-closed' } });
    expect((await s.storage.channels.jobs.list(acme.id, view.id)).filter((j) => j.kind === 'stock').map((j) => j.jobKey)).toEqual(['shirt-v1']);
    await s.channels!.worker.runOnce();
    const [again] = await channels.deadLetters(acme.owner, view.id, 'open');
    expect(await channels.ignoreDeadLetter(acme.owner, view.id, again!.id)).toMatchObject({ state: 'ignored' });
    expect(await channels.deadLetters(acme.owner, view.id, 'open')).toEqual([]);
  });

  it('publishes to PrestaShop (the worker creates the product and links it); other kinds refuse clearly', async () => {
    const { acme, channels, connectInput, s, remote } = await world();
    await s.admin.upsertProducts(acme.id, [catalogueProduct('jeans', [{ sku: 'JE-30' }, { sku: 'JE-32' }])]);
    const view = await channels.connect(acme.owner, connectInput);
    expect(await refusal(channels.publish(acme.owner, view.id, ['missing']))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await channels.publish(acme.owner, view.id, ['jeans', 'jeans'])).toEqual({ queued: 1 });
    await s.channels!.worker.runOnce();
    expect(remote.quantityOfSku('JE-32')).toBe(0);
    const linked = await s.storage.channels.mappings(acme.id, view.id, ['jeans-v1', 'jeans-v2']);
    expect([...linked.values()].map((m) => [m.variantId, m.state, m.remoteProductId])).toEqual([
      ['jeans-v1', 'matched', 'pjeans'],
      ['jeans-v2', 'matched', 'pjeans'],
    ]);
    const ebay = await channels.connect(acme.owner, { ...connectInput, name: 'eBay', credentials: fakeCredentials('ebay') });
    expect(await refusal(channels.publish(acme.owner, ebay.id, ['jeans']))).toMatchObject({ code: 'CONFLICT', details: { reason: 'channel-publish-unsupported' } });
  });

  it('reconciles on request, and a failing remote is worded; disconnecting erases the credentials and hides the account', async () => {
    const { acme, channels, connectInput, s, remote } = await world();
    const view = await channels.connect(acme.owner, connectInput);
    await channels.link(acme.owner, view.id);
    await s.channels!.worker.runOnce();
    remote.items.get('7\u000071')!.quantity = 12;
    expect(await channels.reconcile(acme.owner, view.id)).toEqual({ checked: 2, fixed: 1, unmatched: 1 });
    // A passing 502 is waited out; a refusal waiting cannot help is worded at once.
    remote.injectFault('list', { kind: 'server-error', status: 502 });
    expect(await channels.reconcile(acme.owner, view.id)).toMatchObject({ checked: 2 });
    remote.injectFault('list', { kind: 'refused', detail: 'Bad Request' });
    expect(await refusal(channels.reconcile(acme.owner, view.id))).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'channel-remote-failed' } });
    expect(await channels.disconnect(acme.owner, view.id)).toEqual({});
    expect(await channels.list(acme.owner)).toEqual([]);
    expect(await refusal(channels.disconnect(acme.owner, view.id))).toMatchObject({ code: 'NOT_FOUND' });
    const rows = await s.storage.headOffice.countAllUsers().then(() => s.storage.channels.accountsNotUnder('none', 10));
    expect(rows).toEqual([]);
  });
});

describe.each(engines)('channels over HTTP on $name', (engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('a manager or viewer cannot connect; no answer of the API ever carries the secret', async () => {
    const remote = remoteShop();
    const s: SyncServer = await start({ channels: fakeChannels(remote) });
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const organisationId = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    await s.admin.upsertProducts(organisationId, [catalogueProduct('shirt', [{ sku: 'SH-S' }, { sku: 'SH-M' }])]);
    const bodies: string[] = [];
    const keep = <T extends { json: unknown }>(answer: T): T => (bodies.push(JSON.stringify(answer.json)), answer);
    for (const [email, role] of [
      ['marco@example.it', 'manager'],
      ['vera@example.it', 'viewer'],
    ] as const) {
      await anna.post('/api/ho/users', { email, name: role, role, storeIds: [], password: 'a long password 1' });
      const other = browser(s);
      await other.get('/api/ho/session');
      await other.post('/api/ho/login', { email, password: 'a long password 1' });
      const refused = keep(await other.post('/api/ho/channels', { name: 'Shop', storeIds: [store.id], safetyBuffer: 0, credentials: fakeCredentials('prestashop') }));
      expect(refused.status).toBe(403);
      // Managers and viewers of every store read the channels ('every-store' scope).
      const read = keep(await other.get('/api/ho/channels'));
      expect(read.status, JSON.stringify(read.json)).toBe(200);
    }
    // A viewer limited to one store does not: channels sell every store's stock.
    await anna.post('/api/ho/users', { email: 'lia@example.it', name: 'Lia', role: 'viewer', storeIds: [store.id], password: 'a long password 1' });
    const limited = browser(s);
    await limited.get('/api/ho/session');
    await limited.post('/api/ho/login', { email: 'lia@example.it', password: 'a long password 1' });
    expect(keep(await limited.get('/api/ho/channels')).status).toBe(403);
    expect(keep(await limited.get('/api/ho/channel-orders')).status).toBe(403);
    const created = keep(await anna.post('/api/ho/channels', { name: 'Shop', storeIds: [store.id], safetyBuffer: 0, credentials: fakeCredentials('prestashop') }));
    expect(created.status).toBe(201);
    const id = (created.data as { id: string }).id;
    keep(await anna.post('/api/ho/channels/test', { credentials: fakeCredentials('prestashop') }));
    keep(await anna.post('/api/ho/channels/test', { accountId: id }));
    keep(await anna.post(`/api/ho/channels/${id}/link`));
    keep(await anna.get(`/api/ho/channels/${id}/mapping?state=&limit=50`));
    keep(await anna.request('PATCH', `/api/ho/channels/${id}`, { accountId: id, credentials: fakeCredentials('prestashop'), name: 'Shop 2' }));
    keep(await anna.get('/api/ho/channels'));
    keep(await anna.get(`/api/ho/channels/${id}/dead-letters`));
    const listed = keep(await anna.get('/api/ho/channels'));
    expect(listed.data).toMatchObject([{ id, name: 'Shop 2', mapping: { matched: 2 } }]);
    expect(keep(await anna.request('DELETE', `/api/ho/channels/${id}`)).status).toBe(200);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(SECRET.slice(0, 20));
  });
});
