/**
 * @module
 * Faults and request counts for the emulated API (never for `/__emulator/`): a test injects a
 * 5xx, a 429 with Retry-After, a slow answer or a dropped connection for the next requests.
 */
import type { MiddlewareHandler } from 'hono';
import type { EmulatorFault } from '../emulator-control';

interface ServedRequest {
  readonly method: string;
  readonly path: string;
}

interface NodeEnv {
  readonly incoming?: { readonly socket?: { destroy(): void } };
}

export class ApiFaults {
  private faults: { fault: EmulatorFault; left: number }[] = [];
  readonly served: ServedRequest[] = [];
  private bucket: { tokens: number; atMs: number } | null = null;

  /**
   * An optional per-second cap on the API [U: eBay publishes daily call quotas per API, not a
   * per-second rate; this lets a test see real 429s without injecting them].
   */
  constructor(
    private readonly ratePerSecond: number | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  private overRate(): boolean {
    if (this.ratePerSecond === null) return false;
    const now = this.now();
    const bucket = this.bucket ?? { tokens: this.ratePerSecond, atMs: now };
    bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + ((now - bucket.atMs) / 1000) * this.ratePerSecond);
    bucket.atMs = now;
    this.bucket = bucket;
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  inject(fault: EmulatorFault): void {
    this.faults.push({ fault, left: fault.count });
  }

  clear(): void {
    this.faults = [];
  }

  count(filter: { readonly method?: string; readonly pathIncludes?: string } = {}): number {
    return this.served.filter(
      (request) => (filter.method === undefined || request.method === filter.method.toUpperCase()) && (filter.pathIncludes === undefined || request.path.includes(filter.pathIncludes)),
    ).length;
  }

  private take(path: string): EmulatorFault | null {
    const entry = this.faults.find((candidate) => candidate.left > 0 && (candidate.fault.pathIncludes === undefined || path.includes(candidate.fault.pathIncludes)));
    if (entry === undefined) return null;
    entry.left -= 1;
    this.faults = this.faults.filter((candidate) => candidate.left > 0);
    return entry.fault;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      if (path.startsWith('/__emulator/')) return next();
      this.served.push({ method: c.req.method, path: `${path}${new URL(c.req.url).search}` });
      const fault = this.take(path) ?? (this.overRate() ? ({ kind: 'rate-limit', count: 1, retryAfterSeconds: 1 } as const) : null);
      if (fault === null) return next();
      switch (fault.kind) {
        case 'status':
          return c.json({ errors: [{ errorId: 2003, domain: 'ACCESS', category: 'APPLICATION', message: 'Internal error. Please wait a few minutes and try the call again.' }] }, (fault.status ?? 500) as 500);
        case 'rate-limit':
          // eBay answers 429 with errorId 2001 when a call limit is reached [U: the body's exact words].
          c.header('Retry-After', String(fault.retryAfterSeconds ?? 1));
          return c.json({ errors: [{ errorId: 2001, domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests. The request limit has been reached for the resource.' }] }, 429);
        case 'timeout':
          await new Promise<void>((resolve) => setTimeout(resolve, fault.delayMs ?? 30_000).unref());
          return next();
        case 'drop':
          (c.env as NodeEnv | undefined)?.incoming?.socket?.destroy();
          return new Response(null, { status: 500 });
      }
    };
  }
}
