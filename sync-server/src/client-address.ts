/**
 * @module
 * Who is on the other end of a request. Without trusted proxies, the socket's own address: an
 * `X-Forwarded-For` header is anyone's to write. With `CASSA_TRUST_PROXY` (addresses or CIDRs of
 * the reverse proxies in front of the server), a request arriving from one of them is attributed
 * to the right-most `X-Forwarded-For` hop that is not itself a trusted proxy: hops further left
 * were written by the client and prove nothing.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

export type ProxyTrust = (address: string) => boolean;

const MAX_FORWARDED_HOPS = 20;

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is `10.0.0.1`. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** `CASSA_TRUST_PROXY`: addresses or CIDRs separated by commas or spaces. */
export function parseTrustProxy(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((entry) => entry.length > 0);
}

/** Refuses (throws) a malformed entry at start-up rather than trusting too much or too little. */
export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`CASSA_TRUST_PROXY: "${entry}" is not an address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`CASSA_TRUST_PROXY: "${entry}" has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return (address) => {
    const normal = normaliseAddress(address);
    const family = isIP(normal);
    return family !== 0 && list.check(normal, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The client's address, given the socket's peer and the X-Forwarded-For header (if any). */
export function resolveClientAddress(peer: string, forwardedFor: string | undefined, trusted: ProxyTrust): string {
  let client = normaliseAddress(peer);
  if (!trusted(client) || forwardedFor === undefined) return client;
  const hops = forwardedFor.split(',').map(normaliseAddress).filter((hop) => hop.length > 0).slice(-MAX_FORWARDED_HOPS);
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i]!;
    if (!trusted(client)) return client.slice(0, 64);
  }
  // Every hop is one of our proxies: the left-most is as close to the client as we can tell.
  return client.slice(0, 64);
}

function socketAddress(c: Context): string {
  try {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
    return (env?.server ?? env)?.incoming?.socket?.remoteAddress ?? 'local';
  } catch {
    return 'local';
  }
}

/** The request's client address under the configured proxy trust ('local' for in-process requests). */
export function createClientAddress(trusted: ProxyTrust): (c: Context) => string {
  return (c) => resolveClientAddress(socketAddress(c), c.req.header('x-forwarded-for'), trusted);
}
