/**
 * @module
 * A gateway in front of the chaos bench's fault proxy that answers 502 to a share of push, pull
 * and device requests without passing them on (a load balancer with no healthy backend for a
 * moment), and pipes everything else through, event streams included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface BadGateway {
  readonly url: string;
  /** 502s answered so far. */
  readonly count: number;
  faults: boolean;
  close(): Promise<void>;
}

export async function startBadGateway(options: { upstreamPort: number; rate: number; random: () => number }): Promise<BadGateway> {
  const sockets = new Set<Socket>();
  let count = 0;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (gateway.faults && /^\/v1\/(push|pull|device)/.test(req.url ?? '') && options.random() < options.rate) {
      count++;
      req.resume();
      req.on('end', () => res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway'));
      return;
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const gateway: BadGateway = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get count() {
      return count;
    },
    faults: true,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}
