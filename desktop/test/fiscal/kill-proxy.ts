/**
 * An HTTP proxy between a till and the RT emulator that kills the till at an exact point of a
 * document request: when the request arrives (before the device sees it), once the device has
 * printed but before the till hears back, or right after the reply has left. The proxy reads
 * bodies to tell a document request (one that makes the device print) from a query, per brand's
 * format (reference/fiscal-rt.md §1 Epson `printerFiscalReceipt`, §2 Custom, §3 RCH `=T`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where in the request the kill lands. */
export type KillPoint = 'request-arrived' | 'device-printed' | 'reply-sent';

export interface ArmedKill {
  readonly point: KillPoint;
  /** Which document request of this run (1 = the first) to act on. */
  readonly nth: number;
  readonly kill: () => void;
}

/** What the kill test needs of a proxy, over HTTP (`KillProxy`) or RCH's native TCP (`KillTcpProxy`). */
export interface KillSwitch {
  /** Listens; resolves to the port the till connects to. */
  start(): Promise<number>;
  /** Arms one kill for the next run; `null` lets everything through. `progress` hears each document request of the run, with its number. */
  arm(kill: ArmedKill | null, progress?: (nth: number) => void): void;
  close(): Promise<void>;
  /** How many kills landed at each point (the test checks every point was met). */
  readonly landed: Record<KillPoint, number>;
}

/**
 * True for a request that can make the device issue a document: Epson's and Custom's
 * `printerFiscalReceipt` (Custom's pre-check with checkOnly="1" prints nothing), RCH's batches that
 * close a document with a total `=T` (a sale, a return, an annullo; the pre-check `=k/…/*1` has none).
 */
export function isDocumentRequest(body: string): boolean {
  if (body.includes('<printerFiscalReceipt')) return !/checkOnly="1"/.test(body);
  if (body.includes('<Service>')) return /<cmd>=T\d/.test(body);
  return false;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const forwardedHeaders = ['content-type', 'authorization', 'soapaction', 'if-modified-since'];

export class KillProxy implements KillSwitch {
  private server: Server | null = null;
  private armed: ArmedKill | null = null;
  private progress: ((nth: number) => void) | null = null;
  private seen = 0;
  /** How many kills landed at each point (the test checks every point was met). */
  readonly landed: Record<KillPoint, number> = { 'request-arrived': 0, 'device-printed': 0, 'reply-sent': 0 };
  documentRequests = 0;

  constructor(private readonly target: string) {}

  async start(): Promise<number> {
    this.server = createServer((request, response) => {
      this.serve(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.address() as AddressInfo).port;
  }

  /** Arms one kill for the next run; `null` lets everything through. */
  arm(kill: ArmedKill | null, progress?: (nth: number) => void): void {
    this.armed = kill;
    this.progress = progress ?? null;
    this.seen = 0;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(point: KillPoint, isDocument: boolean, nth: number): ArmedKill | null {
    const armed = this.armed;
    if (!armed || !isDocument || armed.point !== point || armed.nth !== nth) return null;
    this.armed = null;
    this.landed[point] += 1;
    return armed;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const isDocument = isDocumentRequest(body.toString('utf8'));
    const nth = isDocument ? ++this.seen : 0;
    if (isDocument) {
      this.documentRequests += 1;
      this.progress?.(nth);
    }
    const before = this.take('request-arrived', isDocument, nth);
    if (before) {
      // The till dies with its request in flight; the device never sees it.
      before.kill();
      response.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of forwardedHeaders) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let reply: Response;
    try {
      reply = await fetch(`${this.target}${request.url ?? '/'}`, { method: request.method ?? 'POST', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) });
    } catch {
      response.destroy(); // the emulator dropped the connection (its own after-print fault): pass it on
      return;
    }
    const text = Buffer.from(await reply.arrayBuffer());
    const printed = this.take('device-printed', isDocument, nth);
    if (printed) {
      // The device has printed and answered; the till dies before it hears.
      printed.kill();
      response.destroy();
      return;
    }
    response.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'text/xml', 'content-length': text.length });
    response.end(text);
    // The reply is on its way: the till may or may not write it down before it dies.
    this.take('reply-sent', isDocument, nth)?.kill();
  }
}
