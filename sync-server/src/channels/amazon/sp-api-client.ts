/**
 * @module
 * One SP-API call: the rate limiter's token first (`context.take`), the LWA token in
 * `x-amz-access-token` (no SigV4 since 2023-10-02, reference §2), a deadline, the applied rate
 * read back from `x-amzn-RateLimit-Limit`, and one transparent refresh when SP-API refuses the
 * token with 403 (it never answers 401; an expired token is a 403 `Unauthorized`).
 */
import type { AmazonCredentials } from '@cassa/shared';
import { ChannelCallError, type ConnectorContext } from '../connector';
import { errorForNetwork, errorForStatus, readRateLimit, spApiErrorText, unexpectedAnswer } from './amazon-errors';
import type { LwaTokens } from './lwa-token';

/** The rate-limiter buckets (keys of `channelLimits.amazon.rates`). */
export type AmazonRateBucket = 'listings' | 'searchOrders' | 'getOrders' | 'getOrderItems';

export interface SpApiRequest {
  readonly bucket: AmazonRateBucket;
  readonly method: 'GET' | 'PATCH';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: unknown;
}

export class SpApiClient {
  /**
   * How far Amazon's clock is ahead of ours (from its answers' `Date` header), so a `*Before`
   * is measured against Amazon's two minutes, not a drifting server clock's.
   */
  private clockOffsetMs = 0;

  constructor(
    private readonly credentials: AmazonCredentials,
    private readonly context: ConnectorContext,
    private readonly tokens: LwaTokens,
  ) {}

  /** Milliseconds Amazon's clock is ahead of ours (negative: behind), from its last answer. */
  clockOffset(): number {
    return this.clockOffsetMs;
  }

  /** Now by Amazon's clock, as far as its last answer told. */
  remoteNow(): Date {
    return new Date(this.context.now().getTime() + this.clockOffsetMs);
  }

  /** The parsed JSON body of a 2xx answer; every other outcome throws `ChannelCallError`. */
  async call(request: SpApiRequest): Promise<unknown> {
    let refreshed = false;
    let token = await this.tokens.get();
    for (;;) {
      const { response, body } = await this.send(request, token);
      if (response.status === 403 && !refreshed) {
        refreshed = true;
        token = await this.tokens.refresh();
        continue;
      }
      if (response.status === 403) {
        // A fresh token refused again: the app lacks the role (or the seller revoked it).
        const detail = spApiErrorText(body);
        const problem = /expired|revoked/i.test(detail) ? 'token-expired' : 'permission-missing';
        throw new ChannelCallError('auth', problem, detail, { status: 403 });
      }
      if (response.status < 200 || response.status > 299) throw errorForStatus(response.status, body, response.headers, this.context.now());
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw unexpectedAnswer(`Amazon answered ${response.status} without JSON`, body);
      }
    }
  }

  private async send(request: SpApiRequest, token: string): Promise<{ response: Response; body: string }> {
    await this.context.take(request.bucket);
    const url = new URL(request.path, this.credentials.endpoint.endsWith('/') ? this.credentials.endpoint : `${this.credentials.endpoint}/`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      // SP-API arrays are comma-delimited (the models: "A comma-delimited list").
      url.searchParams.set(name, typeof value === 'string' ? value : value.join(','));
    }
    const headers: Record<string, string> = { 'x-amz-access-token': token, accept: 'application/json', 'user-agent': 'Cassa/0.1 (Language=TypeScript)' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.context.fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(this.context.timeoutMs),
      });
      const body = await response.text();
      this.observeClock(response.headers.get('date'));
      const rate = readRateLimit(response.headers);
      if (rate !== null) this.context.observeRate(request.bucket, rate);
      return { response, body };
    } catch (error) {
      throw errorForNetwork(error);
    }
  }

  private observeClock(header: string | null): void {
    if (header === null) return;
    const remote = Date.parse(header);
    if (Number.isNaN(remote)) return;
    // `Date` has whole seconds: Amazon's clock reads up to a second late, which errs on the safe side.
    this.clockOffsetMs = remote - this.context.now().getTime();
  }
}
