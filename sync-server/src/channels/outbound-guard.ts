/**
 * @module
 * Head office's guard on the requests channel connectors make (issue 18). The owner types a
 * shop's address; without this guard an owner, or whoever steals an owner's session, could point
 * "Prova connessione" at `http://169.254.169.254/latest/meta-data/` or `http://127.0.0.1:5432/`
 * and have head office fetch its own network and echo what it found (SSRF). The guard refuses,
 * before a single byte is sent:
 * - anything but http(s), and addresses with `user:password@`;
 * - hosts that are, or resolve to, loopback, private (RFC 1918), link-local, CGNAT, unique-local,
 *   `0.0.0.0/8`, multicast or reserved addresses, also as IPv4-mapped or NAT64 IPv6 (numeric
 *   forms such as `0x7f000001`, `2130706433` or `0177.0.0.1` are normalised by the URL parser
 *   to `127.0.0.1` first);
 * - redirects to any of those: it follows at most five itself, checking every hop, and never
 *   carries credentials (Authorization, Amazon's `x-amz-access-token`, cookies) to another origin.
 * `allowPrivate` (`CASSA_CHANNEL_ALLOW_PRIVATE=1`) lets a shop on head office's own LAN, the
 * emulators and the tests through; the scheme and credentials-in-URL rules still apply.
 *
 * Known limit: the address is checked when the request starts and fetch resolves the name again
 * to connect, so a name whose DNS answer changes between the two (DNS rebinding with a TTL of 0)
 * can still slip through. Pinning the checked address needs a dispatcher with its own `lookup`.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ChannelCallError } from './connector';

/** Redirects followed per request, like browsers' far larger limit but enough for http→https→/api/. */
export const CHANNEL_MAX_REDIRECTS = 5;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

export interface OutboundPolicy {
  /** Lets loopback, private and link-local addresses through (a shop on the LAN, the emulators, tests). */
  readonly allowPrivate: boolean;
  /** Resolves a host name to every address it has (default: node:dns `lookup` with `all: true`). */
  readonly lookup?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
}

const defaultLookup = async (hostname: string): Promise<readonly ResolvedAddress[]> => dnsLookup(hostname, { all: true, verbatim: true });

/** Addresses that are head office's own network or not a public host at all (IANA special-purpose registries). */
function notPublic(): BlockList {
  const list = new BlockList();
  const v4: readonly (readonly [string, number])[] = [
    ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // CGNAT (RFC 6598)
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local: cloud metadata services live here
    ['172.16.0.0', 12],
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.168.0.0', 16],
    ['198.18.0.0', 15], // benchmarking
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and the broadcast address
  ];
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  const v6: readonly (readonly [string, number])[] = [
    ['::', 128],
    ['::1', 128],
    ['::', 96], // IPv4-compatible (deprecated)
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['fc00::', 7], // unique-local
    ['ff00::', 8], // multicast
  ];
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const blocked = notPublic();

/** The 8 groups of an IPv6 address (with a trailing dotted IPv4 allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted !== undefined) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const parse = (part: string | undefined): number[] => (part === undefined || part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = parse(tail);
  const groups = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

/** Why an address may not be reached, or null when it is a public one. */
export function privateAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  if (family === 4) return blocked.check(bare, 'ipv4') ? `${bare} is a loopback, private, link-local or reserved address` : null;
  // BlockList matches IPv4-mapped addresses (::ffff:a.b.c.d) against the IPv4 rules itself.
  if (blocked.check(bare, 'ipv6')) return `${bare} is a loopback, private, link-local or reserved address`;
  const groups = ipv6Groups(bare.toLowerCase());
  if (groups === null) return 'not an IP address';
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that is what is reached.
  const embedded =
    groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0) ? [groups[6]!, groups[7]!] : groups[0] === 0x2002 ? [groups[1]!, groups[2]!] : null;
  if (embedded !== null) {
    const [high, low] = embedded as [number, number];
    const v4 = `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
    if (blocked.check(v4, 'ipv4')) return `${bare} carries ${v4}, a loopback, private, link-local or reserved address`;
  }
  return null;
}

/** The refusal connectors pass on as they are: the account stops until the owner gives another address. */
export function addressRefusal(reason: string): ChannelCallError {
  return new ChannelCallError('auth', 'address-not-allowed', `head office does not call this address: ${reason}`.slice(0, 500));
}

/** Checks one URL before anything is sent to it; answers the parsed URL. */
async function checkedUrl(raw: string, policy: OutboundPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw addressRefusal('the address is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw addressRefusal(`only http and https addresses are called, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username !== '' || url.password !== '') throw addressRefusal('the address contains a user name or password (user:password@): give them in their own fields');
  if (policy.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const reason = privateAddressReason(host);
    if (reason !== null) throw addressRefusal(`${reason} on head office's own network`);
    return url;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) throw addressRefusal(`${name} is head office itself`);
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (policy.lookup ?? defaultLookup)(host);
  } catch (error) {
    // What fetch itself would throw for a name that does not resolve: connectors call it unreachable.
    throw new TypeError('fetch failed', { cause: error });
  }
  if (addresses.length === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }) });
  for (const { address } of addresses) {
    const reason = privateAddressReason(address);
    if (reason !== null) throw addressRefusal(`${host} resolves to ${reason} on head office's own network`);
  }
  return url;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry a credential and must not follow a redirect to another origin (Fetch standard §4.4 drops Authorization too). */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-amz-access-token'];
/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

interface Outgoing {
  url: string;
  method: string;
  headers: Headers;
  body: NonNullable<RequestInit['body']> | null;
  signal: AbortSignal | null;
  redirect: NonNullable<RequestInit['redirect']>;
}

async function outgoingOf(input: string | URL | Request, init: RequestInit | undefined): Promise<Outgoing> {
  if (input instanceof Request) {
    const method = init?.method ?? input.method;
    const body = init?.body !== undefined ? init.body : method === 'GET' || method === 'HEAD' ? null : await input.arrayBuffer();
    return { url: input.url, method, headers: new Headers(init?.headers ?? input.headers), body, signal: init?.signal ?? input.signal, redirect: init?.redirect ?? input.redirect };
  }
  return {
    url: input instanceof URL ? input.href : input,
    method: (init?.method ?? 'GET').toUpperCase(),
    headers: new Headers(init?.headers),
    body: init?.body ?? null,
    signal: init?.signal ?? null,
    redirect: init?.redirect ?? 'follow',
  };
}

/**
 * `inner` (the real fetch, or a test's) behind the guard. A refused address throws
 * `ChannelCallError('auth', 'address-not-allowed', …)` without calling `inner`.
 */
export function guardOutboundFetch(inner: typeof fetch, policy: OutboundPolicy): typeof fetch {
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = await outgoingOf(input, init);
    let url = await checkedUrl(request.url, policy);
    for (let hops = 0; ; hops++) {
      const response = await inner(url.href, {
        method: request.method,
        headers: request.headers,
        ...(request.body === null ? {} : { body: request.body }),
        ...(request.signal === null ? {} : { signal: request.signal }),
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null || request.redirect === 'manual') return response;
      await response.body?.cancel();
      if (request.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`redirected to ${location}`) });
      if (hops >= CHANNEL_MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error(`more than ${CHANNEL_MAX_REDIRECTS} redirects`) });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw addressRefusal('a redirect to something that is not a URL');
      }
      next = await checkedUrl(next.href, policy);
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) request.headers.delete(name);
      // Fetch standard: 303 turns anything but HEAD into a GET; 301/302 turn a POST into a GET.
      if ((response.status === 303 && request.method !== 'HEAD') || ((response.status === 301 || response.status === 302) && request.method === 'POST')) {
        request.method = 'GET';
        request.body = null;
        for (const name of BODY_HEADERS) request.headers.delete(name);
      }
      url = next;
    }
  };
  return guarded as typeof fetch;
}
