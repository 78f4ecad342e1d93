/**
 * @module
 * One HTTP POST to a fiscal device through an injected `fetch`-like function (the global `fetch` by
 * default, so Node, Electron and a browser all work), with a timeout, and every way a request can
 * fail on the wire turned into a FiscalDeviceError. Brand-neutral: the Epson (fpmate.cgi) and RCH
 * (service.cgi) transports both post through it. Moved here from `epson/epson-transport.ts`.
 */
import { FiscalDeviceError } from './fiscal-device';

/** The part of `fetch` the adapters use; tests and other runtimes can pass their own. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; text(): Promise<string> }>;

/** Errors raised before any byte reached the device: it cannot have printed anything. */
export const neverConnectedCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export interface FiscalPost {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** How long to wait for the whole reply before the outcome is unknown. */
  readonly waitMs: number;
  readonly fetch?: FetchLike;
}

/**
 * Posts, returns the reply text. A timeout, a reset or a connection dropped mid-reply is
 * `outcome-unknown` (the device may have printed); a refused connection is `offline`; HTTP 4xx is
 * `bad-request` (the web server refused it before the fiscal firmware saw it).
 */
export async function postToFiscalDevice(post: FiscalPost): Promise<string> {
  const fetchFn: FetchLike = post.fetch ?? ((url, init) => globalThis.fetch(url, init));
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(post.url, { method: 'POST', headers: post.headers, body: post.body, signal: AbortSignal.timeout(post.waitMs) });
  } catch (error) {
    throw wireError(error, post.waitMs, 'sending');
  }
  if (response.status >= 400 && response.status < 500) {
    throw new FiscalDeviceError('bad-request', `The fiscal printer's web server answered HTTP ${response.status}`, { deviceCode: `HTTP ${response.status}` });
  }
  if (!response.ok) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer's web server answered HTTP ${response.status}: the document may have been issued`, { deviceCode: `HTTP ${response.status}` });
  }
  try {
    return await response.text();
  } catch (error) {
    throw wireError(error, post.waitMs, 'reading the reply');
  }
}

/** A failed exchange as a FiscalDeviceError: `offline` when nothing reached the device, else `outcome-unknown`. */
export function wireError(error: unknown, waitMs: number, phase: string): FiscalDeviceError {
  const code = errorCode(error);
  // fetch refuses some ports outright (1, 21, 23, 25…: the spec's "bad port" list) without connecting.
  if (phase === 'sending' && error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port') {
    return new FiscalDeviceError('offline', 'fetch refuses to connect to that port (a browser-blocked port): use the printer\'s http(s) port', { deviceCode: 'BAD_PORT', cause: error });
  }
  if (phase === 'sending' && code !== null && neverConnectedCodes.has(code)) {
    return new FiscalDeviceError('offline', `The fiscal printer cannot be reached (${code}): check that it is on and on the network`, { deviceCode: code, cause: error });
  }
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const what = timedOut ? `no answer within ${waitMs} ms` : `the connection failed while ${phase}${code ? ` (${code})` : ''}`;
  return new FiscalDeviceError('outcome-unknown', `The fiscal printer gave ${what}: the document may have been issued; read the last document before any retry`, {
    deviceCode: timedOut ? 'TIMEOUT' : code,
    cause: error,
  });
}

/** Node wraps socket errors: `TypeError('fetch failed', { cause: { code } })`. */
export function errorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Object && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
