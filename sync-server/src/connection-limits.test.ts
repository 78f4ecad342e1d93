import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncServer } from './index';
import type { ListeningServer, SyncServer } from './index';

/** An idle socket: connects and sends nothing; resolves `closed` when the server hangs up. */
function idleSocket(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

async function health(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.status;
}

describe('connection limits', () => {
  let server: SyncServer | null = null;
  let listening: ListeningServer | null = null;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await listening?.close();
    await server?.close();
    server = null;
    listening = null;
  });

  async function serve(limits: Parameters<typeof createSyncServer>[0]) {
    server = await createSyncServer({ headOffice: false, ...limits });
    listening = await server.listen(0, '127.0.0.1');
    return listening.port;
  }

  it('idle sockets from one address beyond its cap are closed at once; others are still served', async () => {
    const port = await serve({ connectionLimits: { maxConnectionsPerAddress: 5, headersTimeoutMs: 60_000 } });
    const held = await Promise.all(Array.from({ length: 5 }, () => idleSocket(port)));
    sockets.push(...held.map((h) => h.socket));
    const extra = await idleSocket(port);
    sockets.push(extra.socket);
    expect(await extra.closed).toBe('');
    // A trusted proxy's address is exempt: everyone behind it shares it.
    await listening!.close();
    await server!.close();
    const proxied = await serve({ trustProxy: ['127.0.0.1'], connectionLimits: { maxConnectionsPerAddress: 2, headersTimeoutMs: 60_000 } });
    const behindProxy = await Promise.all(Array.from({ length: 4 }, () => idleSocket(proxied)));
    sockets.push(...behindProxy.map((h) => h.socket));
    expect(await health(proxied)).toBe(200);
  });

  it('sockets that never send a request are hung up after the header deadline, and service resumes', async () => {
    const port = await serve({ connectionLimits: { maxConnections: 6, maxConnectionsPerAddress: 100, headersTimeoutMs: 400, requestTimeoutMs: 400 } });
    const held = await Promise.all(Array.from({ length: 6 }, () => idleSocket(port)));
    sockets.push(...held.map((h) => h.socket));
    // At the total cap, one more socket is refused…
    const refused = await idleSocket(port);
    sockets.push(refused.socket);
    expect(await refused.closed).toBe('');
    // …until the deadline clears the idle ones.
    const answers = await Promise.all(held.map((h) => h.closed));
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(await health(port)).toBe(200);
  });
});
