/**
 * @module
 * Posts one XML request to a Custom RT's `/xml/printer.htm` with Basic auth, through the shared
 * fiscal HTTP plumbing (`../fiscal-http`: injected fetch, timeout, wire errors).
 *
 * Transport facts (reference/fiscal-rt.md §2; Custom's XML manual, "Introduction"): `POST
 * http://<ip>/xml/printer.htm`, `Content-Type: text/plain`, no SOAP envelope. Basic auth: the
 * user and password are configurable (fiskaltrust); without them lyancoder and fiskaltrust both use
 * the device's serial as user and password.
 */
import { FiscalDeviceError } from '../fiscal-device';
import type { CustomFiscalConnection } from '../fiscal-connection';
import { postToFiscalDevice } from '../fiscal-http';
import type { FetchLike } from '../fiscal-http';

export interface CustomTransportOptions {
  readonly fetch?: FetchLike;
  /**
   * Extra time the client waits beyond the connection's timeout, so a slow but answering device is
   * not cut off at the edge. Default 2000 ms.
   */
  readonly replyGraceMs?: number;
}

export interface CustomCredentials {
  readonly user: string;
  readonly password: string;
}

export function customPrinterUrl(connection: CustomFiscalConnection): string {
  return `${connection.protocol}://${connection.host}:${connection.port}/xml/printer.htm`;
}

/** `Basic base64(user:password)`, UTF-8 bytes, with `btoa` (present in Node, Electron and browsers). */
export function basicAuthorization(credentials: CustomCredentials): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${credentials.user}:${credentials.password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Sends `xml`, returns the reply text. `credentials` null sends no Authorization header (the first
 * getInfo, before the serial is known). HTTP 401 is a clear `refused` naming the credentials; other
 * 4xx are `bad-request`; 5xx is `outcome-unknown` (the device may have acted before its web server
 * failed).
 */
export async function postCustom(connection: CustomFiscalConnection, xml: string, credentials: CustomCredentials | null, options: CustomTransportOptions = {}): Promise<string> {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (credentials !== null) headers.Authorization = basicAuthorization(credentials);
  const response = await postToFiscalDevice(customPrinterUrl(connection), { headers, body: xml }, { fetch: options.fetch, waitMs: connection.timeoutMs + (options.replyGraceMs ?? 2000) });
  if (response.status === 401 || response.status === 403) {
    const given = connection.user === null ? 'no user in the connection string, so the device serial was tried as user and password' : `user '${connection.user}'`;
    throw new FiscalDeviceError('refused', `The Custom fiscal printer refused the login (HTTP ${response.status}, ${given}): set custom-rt://user:password@host`, {
      deviceCode: `HTTP ${response.status}`,
    });
  }
  if (response.status >= 400 && response.status < 500) {
    throw new FiscalDeviceError('bad-request', `The fiscal printer's web server answered HTTP ${response.status}`, { deviceCode: `HTTP ${response.status}` });
  }
  if (!response.ok) {
    throw new FiscalDeviceError('outcome-unknown', `The fiscal printer's web server answered HTTP ${response.status}: the document may have been issued`, { deviceCode: `HTTP ${response.status}` });
  }
  return response.readText();
}
