/**
 * @module
 * Connection strings for Italian fiscal devices (RT), one scheme per brand, parsed and checked
 * before any adapter is made. Kept apart from `../connection`: those strings name a link (serial,
 * tcp, usb…); these name a brand's protocol too.
 *
 * @example
 * epson-rt://192.168.1.20                    Epson fpmate.cgi over http, port 80
 * epson-rts://192.168.1.20  or  ?https=1     the same over https, port 443
 * custom-rt://user:pass@192.168.1.21         Custom /xml/printer.htm with Basic auth
 * rch-rt://192.168.1.22:23                   RCH native framed protocol over TCP (port 23)
 * rch-rt+http://192.168.1.22                 RCH XML wrapper over http (/service.cgi)
 * options on any of them: ?timeoutMs=10000&operator=1
 */
import { ConnectionStringError } from '../connection/connection-string';
import type { FiscalBrand } from './fiscal-device';

/** Epson's own query timeout (reference/fiscal-rt.md §1, "Transport"). */
export const defaultFiscalTimeoutMs = 10_000;

interface FiscalConnectionBase {
  readonly brand: FiscalBrand;
  readonly host: string;
  readonly port: number;
  /** How long the device may take over one request before the outcome is unknown. */
  readonly timeoutMs: number;
  /** The operator number the device prints and files documents under (1…99). */
  readonly operator: number;
}

export interface EpsonFiscalConnection extends FiscalConnectionBase {
  readonly brand: 'epson';
  readonly protocol: 'http' | 'https';
}
export interface CustomFiscalConnection extends FiscalConnectionBase {
  readonly brand: 'custom';
  readonly protocol: 'http' | 'https';
  readonly user: string | null;
  readonly password: string | null;
}
export interface RchFiscalConnection extends FiscalConnectionBase {
  readonly brand: 'rch';
  /** `tcp` is the native framed protocol; `http` the XML wrapper. */
  readonly protocol: 'tcp' | 'http' | 'https';
}
export type FiscalConnection = EpsonFiscalConnection | CustomFiscalConnection | RchFiscalConnection;

const schemes = ['epson-rt', 'epson-rts', 'custom-rt', 'rch-rt', 'rch-rt+http'] as const;
type Scheme = (typeof schemes)[number];
const knownOptions = new Set(['timeoutMs', 'operator', 'https']);
// A host name or an IPv4 address; IPv6 goes in brackets, as in a URL.
const hostPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** True when the text starts with a fiscal device scheme (so a caller can route it here). */
export function isFiscalConnectionString(input: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && (schemes as readonly string[]).includes(scheme);
}

/**
 * Parses a fiscal device connection string.
 * @throws ConnectionStringError naming the wrong part, e.g. "timeoutMs '0' is not a whole number of
 *   milliseconds from 100 to 600000 in 'epson-rt://10.0.0.5?timeoutMs=0'"
 */
export function parseFiscalConnection(input: string): FiscalConnection {
  const text = input.trim();
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(text);
  const scheme = match?.[1]?.toLowerCase();
  if (!match || scheme === undefined) {
    throw new ConnectionStringError(input, 'scheme', `missing scheme (${schemes.map((s) => `${s}://`).join(', ')})`);
  }
  if (!(schemes as readonly string[]).includes(scheme)) {
    throw new ConnectionStringError(input, 'scheme', `unknown fiscal device scheme '${scheme}://' (one of ${schemes.map((s) => `${s}://`).join(', ')})`);
  }
  const rest = match[2] ?? '';
  const queryAt = rest.indexOf('?');
  const authority = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const options = parseOptions(input, queryAt === -1 ? '' : rest.slice(queryAt + 1));
  const { user, password, hostPort } = splitCredentials(input, authority.replace(/\/+$/, ''));
  const { host, port } = splitHostPort(input, hostPort);
  return build(input, scheme as Scheme, { user, password, host, port, options });
}

interface Parts {
  readonly user: string | null;
  readonly password: string | null;
  readonly host: string;
  readonly port: number | null;
  readonly options: Map<string, string>;
}

function build(input: string, scheme: Scheme, parts: Parts): FiscalConnection {
  const timeoutMs = intOption(input, parts.options, 'timeoutMs', defaultFiscalTimeoutMs, 100, 600_000, 'a whole number of milliseconds');
  const operator = intOption(input, parts.options, 'operator', 1, 1, 99, 'an operator number');
  const https = httpsOption(input, parts.options);
  const base = { host: parts.host, timeoutMs, operator };
  const noCredentials = (): void => {
    if (parts.user !== null) throw new ConnectionStringError(input, 'user', `${scheme}:// takes no user or password`);
  };
  switch (scheme) {
    case 'epson-rt':
    case 'epson-rts': {
      noCredentials();
      const protocol = scheme === 'epson-rts' || https ? 'https' : 'http';
      return { brand: 'epson', protocol, port: parts.port ?? (protocol === 'https' ? 443 : 80), ...base };
    }
    case 'custom-rt': {
      const protocol = https ? 'https' : 'http';
      return { brand: 'custom', protocol, port: parts.port ?? (protocol === 'https' ? 443 : 80), user: parts.user, password: parts.password, ...base };
    }
    case 'rch-rt':
      noCredentials();
      if (https) throw new ConnectionStringError(input, 'https', 'rch-rt:// is the native protocol over TCP; use rch-rt+http:// for http(s)');
      return { brand: 'rch', protocol: 'tcp', port: parts.port ?? 23, ...base };
    case 'rch-rt+http': {
      noCredentials();
      const protocol = https ? 'https' : 'http';
      return { brand: 'rch', protocol, port: parts.port ?? (protocol === 'https' ? 443 : 80), ...base };
    }
  }
}

function parseOptions(input: string, query: string): Map<string, string> {
  const options = new Map<string, string>();
  if (query === '') return options;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : decodePart(input, 'option', pair.slice(eq + 1));
    if (!knownOptions.has(key)) {
      throw new ConnectionStringError(input, key, `unknown option '${key}' (one of ${[...knownOptions].join(', ')})`);
    }
    if (options.has(key)) throw new ConnectionStringError(input, key, `option '${key}' given twice`);
    options.set(key, value);
  }
  return options;
}

function decodePart(input: string, part: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionStringError(input, part, `bad percent-encoding in ${part} '${text}'`);
  }
}

function splitCredentials(input: string, authority: string): { user: string | null; password: string | null; hostPort: string } {
  const at = authority.lastIndexOf('@');
  if (at === -1) return { user: null, password: null, hostPort: authority };
  const credentials = authority.slice(0, at);
  const colon = credentials.indexOf(':');
  const user = decodePart(input, 'user', colon === -1 ? credentials : credentials.slice(0, colon));
  const password = colon === -1 ? null : decodePart(input, 'password', credentials.slice(colon + 1));
  if (user === '') throw new ConnectionStringError(input, 'user', 'empty user name before @');
  return { user, password, hostPort: authority.slice(at + 1) };
}

function splitHostPort(input: string, hostPort: string): { host: string; port: number | null } {
  const portMatch = /^(.*?)(?::([^:\]]*))?$/.exec(hostPort);
  const host = (hostPort.startsWith('[') ? /^(\[[^\]]*\])/.exec(hostPort)?.[1] : portMatch?.[1]) ?? '';
  const portText = hostPort.slice(host.length).replace(/^:/, '');
  if (host === '') throw new ConnectionStringError(input, 'host', 'missing host (the device\'s IP address or name)');
  if (!hostPattern.test(host)) throw new ConnectionStringError(input, 'host', `'${host}' is not a host name or IP address`);
  if (hostPort.slice(host.length) === '') return { host, port: null };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new ConnectionStringError(input, 'port', `port '${portText}' is not a number from 1 to 65535`);
  }
  return { host, port: Number(portText) };
}

function intOption(input: string, options: Map<string, string>, key: string, fallback: number, min: number, max: number, what: string): number {
  const text = options.get(key);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConnectionStringError(input, key, `${key} '${text}' is not ${what} from ${min} to ${max}`);
  }
  return value;
}

function httpsOption(input: string, options: Map<string, string>): boolean {
  const text = options.get('https');
  if (text === undefined) return false;
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new ConnectionStringError(input, 'https', `https '${text}' is not 1, 0, true or false`);
}

/** The connection as a string again, credentials masked, for logs and the CLI. */
export function describeFiscalConnection(connection: FiscalConnection): string {
  const scheme = connection.brand === 'rch' ? (connection.protocol === 'tcp' ? 'rch-rt' : 'rch-rt+http') : `${connection.brand}-rt`;
  const secure = connection.protocol === 'https' ? '?https=1' : '';
  const user = connection.brand === 'custom' && connection.user !== null ? `${connection.user}:***@` : '';
  return `${scheme}://${user}${connection.host}:${connection.port}${secure}`;
}
