/**
 * @module
 * Posts one XML request to fpmate.cgi through an injected `fetch`-like function (the global
 * `fetch` by default, so Node, Electron and a browser all work), with a timeout, and turns every
 * way a request can fail on the wire into a FiscalDeviceError.
 *
 * Transport facts (reference/fiscal-rt.md §1, "Transport"): `POST /cgi-bin/fpmate.cgi?devid=
 * local_printer&timeout=<ms>`, `Content-Type: text/xml; charset=utf-8`, `SOAPAction: ""`,
 * `If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT` (no cached answer).
 */
import { FiscalDeviceError } from '../fiscal-device';
import type { EpsonFiscalConnection } from '../fiscal-connection';

/** The part of `fetch` the adapter uses; tests and other runtimes can pass their own. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; text(): Promise<string> }>;

export interface EpsonTransportOptions {
  readonly fetch?: FetchLike;
  /**
   * Extra time the client waits beyond the printer's own timeout, so the printer's LAN_TIME_OUT
   * answer can arrive before we give up on it. Default 2000 ms.
   */
  readonly replyGraceMs?: number;
}

/** Errors raised before any byte reached the device: it cannot have printed anything. */
const neverConnectedCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function fpmateUrl(connection: EpsonFiscalConnection): string {
  const host = connection.host;
  return `${connection.protocol}://${host}:${connection.port}/cgi-bin/fpmate.cgi?devid=local_printer&timeout=${connection.timeoutMs}`;
}

/**
 * Sends `xml`, returns the reply text. A timeout, a reset or a connection dropped mid-reply is
 * `outcome-unknown` (the printer may have printed); a refused connection is `offline`.
 */
export async function postFpmate(connection: EpsonFiscalConnection, xml: string, options: EpsonTransportOptions = {}): Promise<string> {
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const waitMs = connection.timeoutMs + (options.replyGraceMs ?? 2000);
  const url = fpmateUrl(connection);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: '""',
        'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT',
      },
      body: xml,
      signal: AbortSignal.timeout(waitMs),
    });
  } catch (error) {
    throw wireError(error, waitMs, 'sending');
  }
  if (response.status >= 400 && response.status < 500) {
    // The web server refused the URL or the body before the fiscal firmware saw it.
    throw new FiscalDeviceError('bad-request', `The fiscal printer's web server answered HTTP ${response.status}`, { deviceCode: `HTTP ${response.status}` });
  }
  if (!response.ok) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer's web server answered HTTP ${response.status}: the document may have been issued`, { deviceCode: `HTTP ${response.status}` });
  }
  try {
    return await response.text();
  } catch (error) {
    throw wireError(error, waitMs, 'reading the reply');
  }
}

function wireError(error: unknown, waitMs: number, phase: string): FiscalDeviceError {
  const code = errorCode(error);
  // fetch refuses some ports outright (1, 21, 25…: the spec's "bad port" list) without connecting.
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

/** Node's fetch wraps the socket error: `TypeError('fetch failed', { cause: { code } })`. */
function errorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Object && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
