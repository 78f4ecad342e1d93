import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../core';
import type { TestTill } from '@cassa/desktop/testing';
import { createTestTill } from '@cassa/desktop/testing';
import { createHttpHost } from './http-host';
import { allowedHostNames, listenTill } from './http-server';

/** A non-loopback address of this machine when it has one, as a tablet would use. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

const hasLanAddress = lanAddress() !== '127.0.0.1';

function waitForClose(socket: Socket, withinMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function openSocket(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => resolve(socket));
    socket.on('error', reject);
    // Read whatever the server says, so its closing the socket is seen.
    socket.resume();
  });
}

describe('the till host bound to the LAN (0.0.0.0), over real HTTP', () => {
  let till: TestTill;
  let server: Server;
  let base: string;
  let port: number;

  beforeEach(async () => {
    till = createTestTill();
    const app = createHttpHost({
      dispatcher: till.core.dispatcher,
      events: till.core.events,
      trustedLocal: false,
      resolveDevice: (secret) => till.core.services.lanDevices.resolve(secret),
      allowedHosts: allowedHostNames(undefined),
      // As the CLI runs it; on a machine without a LAN address, 127.0.0.1 plays the tablet instead.
      trustLoopbackPeers: hasLanAddress,
    });
    const listening = await listenTill(app, { hostname: '0.0.0.0', port: 0 });
    server = listening.server;
    port = listening.port;
    base = `http://${lanAddress()}:${listening.port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await till.dispose();
  });

  async function rpc(method: string, input: unknown, auth: { cookie?: string; token?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    const response = await fetch(`${base}/api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
    return { status: response.status, body: (await response.json()) as { ok: boolean; data?: never; error?: { code: string } }, setCookie: response.headers.get('set-cookie') };
  }

  it('enrols a tablet with the counter code, shows it the names, logs in and sells; revoking it ends that', async () => {
    expect((await rpc('app.info', {})).body).toMatchObject({ ok: true, data: { exposure: 'lan' } });
    expect(await rpc('session.users', {})).toMatchObject({ status: 401, body: { error: { code: 'DEVICE_NOT_ENROLLED' } } });
    expect(await rpc('session.login', { userId: 'user-giulia', pin: '1111' })).toMatchObject({ status: 401, body: { error: { code: 'DEVICE_NOT_ENROLLED' } } });

    // At the counter, a manager shows a code; a tablet cannot ask for one.
    const manager = await till.login('user-marco', '2222');
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await rpc('lanDevices.enrol', { code: wrong, name: 'Tablet' })).toMatchObject({ status: 401, body: { error: { code: 'INVALID_PIN' } } });
    const enrolled = await rpc('lanDevices.enrol', { code, name: 'Tablet banco' });
    expect(enrolled).toMatchObject({ status: 200, body: { ok: true, data: { name: 'Tablet banco' } } });
    expect(enrolled.setCookie).toMatch(/HttpOnly/);
    const cookie = enrolled.setCookie!.split(';')[0]!;
    // One use only.
    expect((await rpc('lanDevices.enrol', { code, name: 'Altro' })).status).toBe(401);

    const users = await rpc('session.users', {}, { cookie });
    expect(users.body.ok).toBe(true);
    expect((users.body.data as unknown as { name: string }[]).map((u) => u.name)).toContain('Giulia');

    const login = await rpc('session.login', { userId: 'user-giulia', pin: '1111' }, { cookie });
    expect(login.status).toBe(200);
    const token = (login.body.data as unknown as { token: string }).token;
    const auth = { cookie, token };
    expect((await rpc('lanDevices.issueCode', {}, auth)).status).toBe(403);
    expect((await rpc('shift.open', { floatCents: 5_000 }, auth)).status).toBe(200);
    expect((await rpc('sale.scan', { code: demoEan(1) }, auth)).status).toBe(200);
    expect((await rpc('sale.addPayment', { method: 'cash', amountCents: 1_000 }, auth)).status).toBe(200);
    expect(await rpc('sale.complete', { printReceipt: false }, auth)).toMatchObject({ status: 200, body: { ok: true, data: { receiptNumber: '0001-0001' } } });

    // The session token alone, off the tablet, is not enough.
    expect(await rpc('session.me', {}, { token })).toMatchObject({ status: 401, body: { error: { code: 'DEVICE_NOT_ENROLLED' } } });
    expect((await fetch(`${base}/api/events?token=${token}`)).status).toBe(401);
    const events = await fetch(`${base}/api/events?token=${token}`, { headers: { cookie } });
    expect(events.status).toBe(200);
    await events.body?.cancel();

    const [device] = await till.call('lanDevices.list', {}, manager);
    expect(device).toMatchObject({ name: 'Tablet banco', revokedAt: null });
    await till.call('lanDevices.revoke', { id: device!.id }, manager);
    expect(await rpc('session.me', {}, auth)).toMatchObject({ status: 401, body: { error: { code: 'DEVICE_NOT_ENROLLED' } } });
    expect((await rpc('session.users', {}, { cookie })).status).toBe(401);
  });

  it.runIf(hasLanAddress)('lets the counter PC\'s own browser in without enrolment, and nobody else', async () => {
    const fromCounter = await fetch(`http://127.0.0.1:${port}/api/rpc/session.users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(fromCounter.status).toBe(200);
    const info = (await (await fetch(`http://127.0.0.1:${port}/api/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { data: { exposure: string } };
    expect(info.data.exposure).toBe('local');
    expect((await rpc('session.users', {})).status).toBe(401);
  });

  it('answers a stranger announcing a 250 MiB body without reading it', async () => {
    const socket = await openSocket(Number(new URL(base).port), lanAddress());
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) resolve(text);
      });
    });
    socket.write(
      `POST /api/rpc/catalogue.import HTTP/1.1\r\nHost: ${new URL(base).host}\r\nContent-Type: application/json\r\nContent-Length: ${250 * 1024 * 1024}\r\n\r\n{"csv":"`,
    );
    expect(await answer).toMatch(/^HTTP\/1.1 401/);
    socket.destroy();
  });

  it('refuses a page reached through a rebound DNS name', async () => {
    // fetch will not send a forged Host header; a socket will, as a rebinding browser would.
    const socket = await openSocket(Number(new URL(base).port), lanAddress());
    socket.pause();
    const answer = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
    socket.resume();
    socket.write('POST /api/rpc/app.info HTTP/1.1\r\nHost: rebound.evil.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    expect(await answer).toMatch(/^HTTP\/1.1 403/);
    socket.destroy();
  });
});

describe('the till HTTP server limits', () => {
  let till: TestTill;
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    till = createTestTill();
    const app = createHttpHost({ dispatcher: till.core.dispatcher, events: till.core.events, trustedLocal: true });
    const listening = await listenTill(app, {
      hostname: '127.0.0.1',
      port: 0,
      limits: { maxConnections: 4, headersTimeoutMs: 600, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 300, checkIntervalMs: 100, idleSocketTimeoutMs: 1_500 },
    });
    server = listening.server;
    port = listening.port;
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await till.dispose();
  });

  it('caps open connections and drops silent ones, then serves again', async () => {
    for (let i = 0; i < 4; i++) sockets.push(await openSocket(port));
    const extra = await openSocket(port);
    sockets.push(extra);
    expect(await waitForClose(extra, 1_000)).toBe(true);

    // Sockets that never send their headers are closed by the headers timeout.
    const closed = await Promise.all(sockets.slice(0, 4).map((s) => waitForClose(s, 3_000)));
    expect(closed).toEqual([true, true, true, true]);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });

  it('closes a socket that trickles its headers forever', async () => {
    const slow = await openSocket(port);
    sockets.push(slow);
    slow.write('POST /api/rpc/app.info HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => slow.writable && slow.write('X-Slow: 1\r\n'), 100);
    try {
      expect(await waitForClose(slow, 3_000)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
  });
});
