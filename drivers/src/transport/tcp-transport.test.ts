import { Socket, createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport, tcpConnectError } from './tcp-transport';
import { TransportError } from './transport';

const servers: Server[] = [];
const transports: TcpTransport[] = [];
const serverSockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  // A paused server socket never reads the FIN, so server.close() would wait for ever.
  for (const s of serverSockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    serverSockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function transport(port: number, connectTimeoutMs = 2000): TcpTransport {
  const t = new TcpTransport({ host: '127.0.0.1', port, connectTimeoutMs });
  transports.push(t);
  return t;
}

async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError);
    return error as TransportError;
  }
  throw new Error('expected a rejection');
}

describe('TcpTransport', () => {
  it('connects, writes in order and receives bytes', async () => {
    const received: Buffer[] = [];
    const { port } = await listen((socket) => {
      socket.on('data', (chunk) => {
        received.push(chunk);
        if (chunk.includes(0x04)) socket.write(Buffer.of(0x12));
      });
    });
    const t = transport(port);
    expect(t.description).toBe(`tcp://127.0.0.1:${port}`);
    const data: number[] = [];
    t.on('data', (chunk) => data.push(...chunk));
    await t.open();
    expect(t.state).toBe('open');
    await t.write(Uint8Array.of(0x1b, 0x40));
    await t.write(Uint8Array.of(0x10, 0x04, 0x01));
    await expect.poll(() => data).toEqual([0x12]);
    expect(Buffer.concat(received).toString('hex')).toBe('1b40100401');
  });

  it('reports connection refused clearly, and can try again', async () => {
    const { server, port } = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    servers.splice(servers.indexOf(server), 1);
    const t = transport(port);
    const error = await rejection(t.open());
    expect(error.disconnected).toBe(true);
    expect(error.message).toMatch(/connection refused.*\[ECONNREFUSED\]/);
    expect(t.state).toBe('closed');
    // The printer comes back on the same port.
    const again = createServer(() => undefined);
    servers.push(again);
    await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
    await t.open();
    expect(t.state).toBe('open');
  });

  it('gives up connecting after the timeout with a clear message', async () => {
    // A switched-off printer never answers the SYN; a socket whose connect() does nothing is the
    // only deterministic stand-in (this sandbox's network answers every address).
    class Silent extends Socket {
      override connect(): this {
        return this;
      }
    }
    const t = new TcpTransport({ host: '192.168.1.250', connectTimeoutMs: 200, createSocket: () => new Silent() });
    transports.push(t);
    const started = Date.now();
    const error = await rejection(t.open());
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(error.disconnected).toBe(true);
    expect(error.message).toBe('tcp://192.168.1.250:9100: no answer within 200 ms (printer off, wrong address, or another network)');
    expect(t.state).toBe('closed');
  });

  it('names the usual connect failures in words', () => {
    const errno = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
    expect(tcpConnectError('tcp://p:9100', errno('ETIMEDOUT')).message).toBe(
      'tcp://p:9100: timed out: the printer is off, or the address is on another network [ETIMEDOUT]',
    );
    expect(tcpConnectError('tcp://p:9100', errno('EHOSTUNREACH')).message).toMatch(/^tcp:\/\/p:9100: host unreachable: .*\[EHOSTUNREACH\]$/);
    expect(tcpConnectError('tcp://p:9100', errno('ECONNREFUSED')).message).toMatch(/connection refused/);
    expect(tcpConnectError('tcp://p:9100', errno('EWEIRD')).message).toBe('tcp://p:9100: connect EWEIRD [EWEIRD]');
    expect(tcpConnectError('tcp://p:9100', errno('ETIMEDOUT')).disconnected).toBe(true);
  });

  it('reports a reset mid-job as a disconnect, rejects the write, and reopens', async () => {
    let first = true;
    const { port } = await listen((socket) => {
      if (!first) return;
      first = false;
      socket.once('data', () => socket.resetAndDestroy());
    });
    const t = transport(port);
    await t.open();
    const disconnects: TransportError[] = [];
    t.on('disconnect', (e) => disconnects.push(e));
    const job = new Uint8Array(4 * 1024 * 1024).fill(0x41);
    const error = await rejection((async () => {
      for (let i = 0; i < 20; i++) await t.write(job);
    })());
    expect(error.disconnected).toBe(true);
    await expect.poll(() => disconnects.length).toBe(1);
    expect(disconnects[0]?.message).toMatch(/reset the connection|closed the connection|ECONNRESET|EPIPE/);
    expect(t.state).toBe('closed');
    await t.open();
    await t.write(Uint8Array.of(0x1b, 0x40));
    expect(disconnects).toHaveLength(1);
  });

  it('resolves a write only when a slow reader has taken the bytes (backpressure)', async () => {
    let serverSocket: Socket | undefined;
    const chunks: Buffer[] = [];
    const { port } = await listen((socket) => {
      serverSocket = socket;
      socket.pause(); // a printer busy printing does not read
      socket.on('data', (c) => chunks.push(c));
    });
    const t = transport(port);
    await t.open();
    const big = new Uint8Array(32 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = i & 0xff;
    let done = false;
    const write = t.write(big).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    serverSocket?.resume();
    await write;
    await expect.poll(() => chunks.reduce((n, c) => n + c.length, 0), { timeout: 10_000 }).toBe(big.length);
    expect(Buffer.concat(chunks).equals(Buffer.from(big))).toBe(true);
  });

  it('reports the printer closing the connection as a disconnect', async () => {
    const { port } = await listen((socket) => socket.end());
    const t = transport(port);
    const disconnected = new Promise<TransportError>((resolve) => t.on('disconnect', resolve));
    await t.open();
    const error = await disconnected;
    expect(error.disconnected).toBe(true);
    expect(error.message).toMatch(/closed the connection/);
  });

  it('close() cancels pending writes, is idempotent and is not a disconnect', async () => {
    const { port } = await listen((socket) => socket.pause());
    const t = transport(port);
    await t.open();
    let disconnects = 0;
    t.on('disconnect', () => disconnects++);
    const pending = rejection(t.write(new Uint8Array(32 * 1024 * 1024)));
    await new Promise((r) => setTimeout(r, 50));
    await t.close();
    await t.close();
    const error = await pending;
    expect(error.canceled).toBe(true);
    expect(t.state).toBe('closed');
    expect(disconnects).toBe(0);
    const notOpen = await rejection(t.write(Uint8Array.of(1)));
    expect(notOpen.message).toMatch(/closed, cannot write/);
  });
});
