import { describe, expect, it } from 'vitest';
import { createProxyTrust, parseTrustProxy, resolveClientAddress } from './client-address';

describe('client address', () => {
  const trust = createProxyTrust(parseTrustProxy('10.0.0.0/8, 192.168.1.1 fd00::/8'));

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    expect(resolveClientAddress('198.51.100.7', '203.0.113.1', trust)).toBe('198.51.100.7');
    expect(resolveClientAddress('198.51.100.7', '203.0.113.1', createProxyTrust([]))).toBe('198.51.100.7');
  });

  it('takes the right-most hop that is not a trusted proxy', () => {
    expect(resolveClientAddress('10.1.2.3', 'forged, 203.0.113.1', trust)).toBe('203.0.113.1');
    expect(resolveClientAddress('::ffff:10.1.2.3', '203.0.113.1, 192.168.1.1, 10.9.9.9', trust)).toBe('203.0.113.1');
    expect(resolveClientAddress('fd00::1', '2001:db8::5', trust)).toBe('2001:db8::5');
    expect(resolveClientAddress('10.1.2.3', undefined, trust)).toBe('10.1.2.3');
    expect(resolveClientAddress('10.1.2.3', '10.0.0.9, 10.0.0.8', trust)).toBe('10.0.0.9');
  });

  it('refuses a malformed CASSA_TRUST_PROXY at start-up', () => {
    expect(() => createProxyTrust(['10.0.0.0/33'])).toThrow(/prefix/);
    expect(() => createProxyTrust(['proxy.local'])).toThrow(/not an address/);
  });
});
