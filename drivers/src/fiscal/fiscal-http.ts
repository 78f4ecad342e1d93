/**
 * @module
 * One POST to a fiscal device's web server, brand-neutral: an injected `fetch`-like function (the
 * global `fetch` by default, so Node, Electron and a browser all work), a timeout, and every way a
 * request can fail on the wire turned into a FiscalDeviceError. Brand transports (Epson
 * fpmate.cgi, Custom /xml/printer.htm) add their URL, headers and HTTP status rules on top.
 */
import { FiscalDeviceError } from './fiscal-device';

/** The part of `fetch` the adapters use; tests and other runtimes can pass their own. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; text(): Promise<string> }>;

export interface FiscalHttpReply {
  readonly ok: boolean;
  readonly status: number;
  /** The body; a connection dropped while reading it is `outcome-unknown`. */
  readText(): Promise<string>;
}

/** Errors raised before any byte reached the device: it cannot have printed anything. */
const neverConnectedCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Sends `body` and waits at most `waitMs` for the whole exchange. A timeout, a reset or a
 * connection dropped mid-reply is `outcome-unknown` (the device may have printed); a refused
 * connection is `offline`.
 */
export async function postToFiscalDevice(
  url: string,
  request: { readonly headers: Record<string, string>; readonly body: string },
  options: { readonly fetch?: FetchLike | undefined; readonly waitMs: number },
): Promise<FiscalHttpReply> {
  const fetchFn: FetchLike = options.fetch ?? ((target, init) => globalThis.fetch(target, init));
  const { waitMs } = options;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(waitMs) });
  } catch (error) {
    throw fiscalWireError(error, waitMs, 'sending');
  }
  return {
    ok: response.ok,
    status: response.status,
    readText: async () => {
      try {
        return await response.text();
      } catch (error) {
        throw fiscalWireError(error, waitMs, 'reading the reply');
      }
    },
  };
}

export function fiscalWireError(error: unknown, waitMs: number, phase: string): FiscalDeviceError {
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
export function errorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Object && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * The reply's text when the web server accepted the request: HTTP 4xx is `bad-request` (the web
 * server refused it before the fiscal firmware saw it), any other failure status
 * `outcome-unknown` (the firmware may have printed).
 */
export async function acceptedText(reply: FiscalHttpReply): Promise<string> {
  if (reply.status >= 400 && reply.status < 500) {
    throw new FiscalDeviceError('bad-request', `The fiscal printer's web server answered HTTP ${reply.status}`, { deviceCode: `HTTP ${reply.status}` });
  }
  if (!reply.ok) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer's web server answered HTTP ${reply.status}: the document may have been issued`, { deviceCode: `HTTP ${reply.status}` });
  }
  return reply.readText();
}
