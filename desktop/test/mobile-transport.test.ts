/**
 * The mobile till's transport end to end in Node: the page's transport and the worker's server
 * over a real MessageChannel, a real till core, a real head office. A fresh till pairs on its
 * first run with the QR's content, gets its users from head office, logs in by PIN and hears its
 * events; a page cannot pair a till that is set up, nor get past the dispatcher with junk.
 */
import { MessageChannel } from 'node:worker_threads';
import type { Product } from '@cassa/shared';
import { parsePairingUri } from '@cassa/shared';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import { until } from '../../test-support/until';
import { createWorkerTransport, holdingEndpoint } from '../src/renderer';
import type { WorkerEndpoint } from '../src/renderer';
import type { MessageEndpoint } from '../src/mobile';
import { isFirstRun, serveTillOverPort } from '../src/mobile';

const bread: Product = {
  id: 'pane',
  sku: 'PANE',
  name: 'Pane',
  categoryId: null,
  vatCode: '4',
  unit: 'piece',
  priceCents: 250,
  axes: [],
  variants: [{ id: 'pane-v1', sku: 'PANE-1', barcodes: [], options: {}, priceCents: null, active: true }],
  active: true,
};

describe('the mobile till over messages', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function connect(till: TestTill) {
    const channel = new MessageChannel();
    const stop = serveTillOverPort(channel.port1 as unknown as MessageEndpoint, till.core);
    const transport = createWorkerTransport(channel.port2 as unknown as WorkerEndpoint);
    cleanups.push(() => {
      stop();
      channel.port1.close();
      channel.port2.close();
    });
    return { transport, worker: channel.port2 };
  }

  function till(options: Parameters<typeof createTestTill>[0] = {}): TestTill {
    const made = createTestTill(options);
    cleanups.push(() => made.dispose());
    return made;
  }

  it('a fresh till pairs by the QR content, gets its users from head office, logs in and hears its events', async () => {
    const server: RestartableServer = await startRestartableServer({ engine: 'sqlite' });
    cleanups.push(() => server.dispose());
    const admin = server.server.admin;
    await admin.createOrganisation({ id: 'acme', name: 'Acme' });
    await admin.upsertStore('acme', { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    await admin.upsertProducts('acme', [bread]);
    const seed = till();
    await admin.upsertUsers('acme', seed.core.services.users.exportAll());

    const phone = till({ demo: false });
    expect(isFirstRun(phone.core)).toBe(true);
    const { transport } = connect(phone);
    const { code } = await admin.createPairingCode('acme', 'milano');
    const qr = parsePairingUri(`cassa://pair?server=${encodeURIComponent(server.url)}&code=${code}`);
    if (!qr.ok) throw new Error(qr.problem);

    // A double tap: the one-time code goes to head office once.
    const [paired, twice] = await Promise.all([transport.firstRunPair(qr.serverUrl, qr.code), transport.firstRunPair(qr.serverUrl, qr.code)]);
    expect(paired).toMatchObject({ ok: true, data: { paired: true } });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(isFirstRun(phone.core)).toBe(false);
    await phone.core.services.sync.syncNow();
    const users = await transport.call('session.users', {});
    expect(users.ok && (users.data as { id: string }[]).map((u) => u.id)).toContain('user-giulia');

    const login = await transport.call('session.login', { userId: 'user-giulia', pin: '1111' });
    if (!login.ok) throw new Error(login.error.message);
    const events: { name: string; payload: unknown }[] = [];
    transport.subscribe((event) => events.push(event));
    transport.setToken((login.data as { token: string }).token);
    expect(await transport.call('shift.open', { floatCents: 0 })).toMatchObject({ ok: true });
    // The catalogue came down from head office too: the phone sells head office's bread.
    expect(await transport.call('sale.addItem', { variantId: 'pane-v1', quantityMilli: 2000 })).toMatchObject({ ok: true, data: { totalCents: 500 } });
    const changed = await until(() => events.find((e) => e.name === 'sale.changed'), (e) => e !== undefined);
    expect(changed?.payload).toMatchObject({ totalCents: 500 });

    // Once set up, the first-run door is shut: re-pairing is an administrator's, from the back office.
    expect(await transport.firstRunPair(qr.serverUrl, qr.code)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    // After logout no event crosses any more.
    expect(await transport.call('session.logout', {})).toMatchObject({ ok: true });
    const before = events.length;
    phone.core.events.emit('sync.state', phone.core.services.sync.state());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.length).toBe(before);
  });

  it('refuses a first-run pairing with a malformed address, and a seeded till is not on its first run', async () => {
    const fresh = till({ demo: false });
    const { transport } = connect(fresh);
    expect(await transport.firstRunPair('javascript:alert(1)', 'ABCD-EFGH-JK')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(isFirstRun(till().core)).toBe(false);
  });

  it('answers a bad call through the dispatcher and ignores what is not a message of the protocol', async () => {
    const demo = till();
    const { transport, worker } = connect(demo);
    worker.postMessage({ type: 'exec', sql: 'DELETE FROM sales' });
    worker.postMessage('\u0000'.repeat(10));
    worker.postMessage({ type: 'call', id: 99, method: 'session.users', input: {}, token: 'x'.repeat(5000) });
    expect(await transport.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await transport.call('sale.current', {})).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    expect(await transport.call('session.login', { userId: 'user-giulia', pin: 12 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // An input that cannot be cloned never reaches the worker.
    expect(await transport.call('session.users', { f: () => 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const users = await transport.call('session.users', {});
    expect(users.ok).toBe(true);
  });

  it('settles waiting calls when the worker fails to start, and tells a late screen what happened', async () => {
    const channel = new MessageChannel();
    cleanups.push(() => (channel.port1.close(), channel.port2.close()));
    const transport = createWorkerTransport(channel.port2 as unknown as WorkerEndpoint);
    const waiting = transport.call('session.users', {});
    // A worker answering out of protocol is not believed: this "result" has no valid shape.
    channel.port1.postMessage({ type: 'result', id: 1, result: { ok: 'yes' } });
    channel.port1.postMessage({ type: 'failed', problem: 'open-elsewhere', detail: 'Another tab holds the till' });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const heard = await new Promise((resolve) => transport.onLifecycle(resolve));
    expect(heard).toEqual({ type: 'failed', problem: 'open-elsewhere', detail: 'Another tab holds the till' });
  });

  it('a worker started before the page loaded: what it said meanwhile reaches the transport, in order, then calls flow', async () => {
    const demo = till();
    const channel = new MessageChannel();
    const stop = serveTillOverPort(channel.port1 as unknown as MessageEndpoint, demo.core);
    cleanups.push(() => (stop(), channel.port1.close(), channel.port2.close()));
    // The entry holds the worker's messages from its first line, long before the transport exists.
    const early = holdingEndpoint(channel.port2 as unknown as WorkerEndpoint);
    channel.port1.postMessage({ type: 'failed', problem: 'quota', detail: 'first' });
    channel.port1.postMessage({ type: 'ready', firstRun: false, paired: false });
    // Both delivered and held before anyone listens (a page bundle that is slow to load).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const transport = createWorkerTransport(early);
    const heard = await new Promise((resolve) => transport.onLifecycle(resolve));
    // The last lifecycle message wins, as it would have if the transport had listened from the start.
    expect(heard).toEqual({ type: 'ready', firstRun: false, paired: false });
    const users = await transport.call('session.users', {});
    expect(users).toMatchObject({ ok: true });
  });
});
