/**
 * @module
 * A misbehaving network between tills and the sync server: an HTTP proxy on 127.0.0.1 that
 * forwards to a fixed upstream port (so the server can be restarted behind it) and, by a seeded
 * draw per request, drops the request, delays it, sends it twice, replays an old copy later (so it
 * arrives after newer ones), cuts the answer halfway, or lets the server commit and then drops the
 * answer. The first faults take each kind in turn, so every kind happens in any run long enough
 * to draw that many; faults are bounded (`maxFaults`) so a test always converges, and counted so
 * a test can show they happened. The event stream (GET /v1/events) is piped through and cut now and then.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from './seeded-random';

export type FaultKind = 'drop' | 'delay' | 'duplicate' | 'replay' | 'cut-response' | 'drop-response' | 'cut-events';

export interface FaultPlan {
  /** Probability that a push/pull/device request gets a fault at all. */
  readonly rate: number;
  /** Faults stop after this many, so the system must converge. */
  readonly maxFaults: number;
  /** Longest delay, in ms, for `delay` and for a `replay` copy. */
  readonly maxDelayMs: number;
  readonly kinds: readonly FaultKind[];
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
  /** The parsed JSON body, when it was JSON. */
  readonly json: unknown;
}

export interface UpstreamAnswer {
  readonly status: number;
  readonly body: Buffer;
}

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  readonly counts: Record<FaultKind | 'forwarded' | 'upstream-down', number>;
  /** Turn faults on or off (pairing, final convergence). */
  faults: boolean;
  /**
   * Called for every request before it is forwarded; may return a rewritten body, or 'hold' to
   * never answer it (the caller's request hangs until it times out or its socket is cut).
   */
  onRequest: ((request: ProxiedRequest) => Buffer | 'hold' | void) | null;
  /** Called with what the server answered, before the till sees it (or not, for drop-response). */
  onAnswer: ((request: ProxiedRequest, answer: UpstreamAnswer) => void) | null;
  /** Serves the next `n` matching requests by forwarding them and then cutting the till's socket. */
  dropResponses(match: (request: ProxiedRequest) => boolean, n?: number): void;
  /** Cuts every open connection, events included (a network blip). */
  cutAll(): void;
  close(): Promise<void>;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFaultProxy(options: { upstreamPort: number; seed: number; plan: FaultPlan; port?: number }): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const plan = options.plan;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const dropRules: { match: (r: ProxiedRequest) => boolean; left: number }[] = [];
  let faultsUsed = 0;
  // Faults on requests alone (not cut event streams): the turn of the first, one of each kind.
  let requestFaults = 0;
  let closed = false;

  function forward(method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): Promise<UpstreamAnswer & { headers: IncomingMessage['headers'] }> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: options.upstreamPort, method, path, headers: { ...headers, host: `127.0.0.1:${options.upstreamPort}`, 'content-length': String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  function pickFault(path: string): FaultKind | null {
    if (!proxy.faults || faultsUsed >= plan.maxFaults || plan.kinds.length === 0) return null;
    if (!/^\/v1\/(push|pull|device)/.test(path)) return null;
    if (random() >= plan.rate) return null;
    const candidates = plan.kinds.filter((k) => k !== 'cut-events');
    // Each kind once first, in turn, so every kind is exercised however short the run; then at random.
    // Counted apart from cut event streams, which happen on their own timers and must not skip a turn.
    const kind = requestFaults < candidates.length ? candidates[requestFaults] : candidates[Math.floor(random() * candidates.length)];
    if (!kind) return null;
    faultsUsed++;
    requestFaults++;
    proxy.counts[kind]++;
    return kind;
  }

  function pipeEvents(req: IncomingMessage, res: ServerResponse): void {
    const upstream = httpRequest({ host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${options.upstreamPort}` } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
      if (proxy.faults && faultsUsed < plan.maxFaults && plan.kinds.includes('cut-events')) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!proxy.faults) return;
          faultsUsed++;
          proxy.counts['cut-events']++;
          res.destroy();
          upstream.destroy();
        }, 200 + random() * 2_000);
        timers.add(timer);
      }
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let path = req.url ?? '/';
    if (path.startsWith('/v1/events')) {
      const rewritten = proxy.onRequest?.({ method, path, body: Buffer.alloc(0), json: null });
      if (rewritten === 'hold') return;
      if (rewritten) path = rewritten.toString();
      req.url = path;
      return pipeEvents(req, res);
    }
    let body = await readBody(req);
    let json: unknown = null;
    try {
      json = body.length > 0 ? (JSON.parse(body.toString()) as unknown) : null;
    } catch {
      json = null;
    }
    let proxied: ProxiedRequest = { method, path, body, json };
    const rewritten = proxy.onRequest?.(proxied);
    if (rewritten === 'hold') return;
    if (rewritten) {
      body = rewritten;
      proxied = { ...proxied, body, json: JSON.parse(body.toString()) as unknown };
    }
    const headers = { ...req.headers };
    const rule = dropRules.find((r) => r.left > 0 && r.match(proxied));
    const fault = rule ? 'drop-response' : pickFault(path);
    if (rule) rule.left--;

    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'delay') await sleep(random() * plan.maxDelayMs);
    if (fault === 'replay') {
      // An old copy arrives later, after newer requests from the same till.
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!closed) forward(method, path, headers, body).catch(() => undefined);
      }, 50 + random() * plan.maxDelayMs);
      timers.add(timer);
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      if (fault === 'duplicate') {
        // Both copies race to the server; the till sees the second answer.
        const [, second] = await Promise.all([forward(method, path, headers, body).catch(() => null), forward(method, path, headers, body)]);
        answer = second;
      } else {
        answer = await forward(method, path, headers, body);
      }
    } catch {
      proxy.counts['upstream-down']++;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
      return;
    }
    proxy.counts.forwarded++;
    proxy.onAnswer?.(proxied, answer);
    if (fault === 'drop-response') {
      req.socket.destroy();
      return;
    }
    const outHeaders = { ...answer.headers };
    delete outHeaders['transfer-encoding'];
    outHeaders['content-length'] = String(answer.body.length);
    if (fault === 'cut-response') {
      res.writeHead(answer.status, outHeaders);
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      setImmediate(() => req.socket.destroy());
      return;
    }
    res.writeHead(answer.status, outHeaders);
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const proxy: FaultProxy = {
    port,
    url: `http://127.0.0.1:${port}`,
    counts: { drop: 0, delay: 0, duplicate: 0, replay: 0, 'cut-response': 0, 'drop-response': 0, 'cut-events': 0, forwarded: 0, 'upstream-down': 0 },
    faults: true,
    onRequest: null,
    onAnswer: null,
    dropResponses(match, n = 1) {
      dropRules.push({ match, left: n });
    },
    cutAll() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
