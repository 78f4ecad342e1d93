/**
 * @module
 * Posts one XML request to fpmate.cgi through the shared fiscal HTTP plumbing (`../fiscal-http`:
 * injected fetch, timeout, wire errors) and applies Epson's HTTP status rules.
 *
 * Transport facts (reference/fiscal-rt.md §1, "Transport"): `POST /cgi-bin/fpmate.cgi?devid=
 * local_printer&timeout=<ms>`, `Content-Type: text/xml; charset=utf-8`, `SOAPAction: ""`,
 * `If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT` (no cached answer).
 */
import { FiscalDeviceError } from '../fiscal-device';
import type { EpsonFiscalConnection } from '../fiscal-connection';
import { postToFiscalDevice } from '../fiscal-http';
import type { FetchLike } from '../fiscal-http';

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
  const response = await postToFiscalDevice(
    fpmateUrl(connection),
    {
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: '""',
        'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT',
      },
      body: xml,
    },
    { fetch: options.fetch, waitMs: connection.timeoutMs + (options.replyGraceMs ?? 2000) },
  );
  if (response.status >= 400 && response.status < 500) {
    // The web server refused the URL or the body before the fiscal firmware saw it.
    throw new FiscalDeviceError('bad-request', `The fiscal printer's web server answered HTTP ${response.status}`, { deviceCode: `HTTP ${response.status}` });
  }
  if (!response.ok) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer's web server answered HTTP ${response.status}: the document may have been issued`, { deviceCode: `HTTP ${response.status}` });
  }
  return response.readText();
}
