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
import type { EpsonFiscalConnection } from '../fiscal-connection';
import { postToFiscalDevice } from '../fiscal-http';
import type { FetchLike } from '../fiscal-http';

/** Moved to `../fiscal-http` (brand-neutral); re-exported so existing imports keep working. */
export type { FetchLike } from '../fiscal-http';

export interface EpsonTransportOptions {
  readonly fetch?: FetchLike;
  /**
   * Extra time the client waits beyond the printer's own timeout, so the printer's LAN_TIME_OUT
   * answer can arrive before we give up on it. Default 2000 ms.
   */
  readonly replyGraceMs?: number;
}

export function fpmateUrl(connection: EpsonFiscalConnection): string {
  const host = connection.host;
  return `${connection.protocol}://${host}:${connection.port}/cgi-bin/fpmate.cgi?devid=local_printer&timeout=${connection.timeoutMs}`;
}

/**
 * Sends `xml`, returns the reply text. A timeout, a reset or a connection dropped mid-reply is
 * `outcome-unknown` (the printer may have printed); a refused connection is `offline`.
 */
export async function postFpmate(connection: EpsonFiscalConnection, xml: string, options: EpsonTransportOptions = {}): Promise<string> {
  return postToFiscalDevice({
    url: fpmateUrl(connection),
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '""',
      'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT',
    },
    body: xml,
    waitMs: connection.timeoutMs + (options.replyGraceMs ?? 2000),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
