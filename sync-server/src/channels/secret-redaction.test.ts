import { describe, expect, it } from 'vitest';
import { fakeCredentials, SECRET } from '../../test/channel-world';
import { ChannelCallError } from './connector';
import type { ChannelConnector, QuantityUpdate } from './connector';
import { redactingConnector, redactSecrets, secretForms } from './secret-redaction';

const ebay = fakeCredentials('ebay');
const basic = Buffer.from(`ebay-client:${SECRET}`).toString('base64');

describe('secret redaction', () => {
  it('removes a secret as typed, URL-encoded, inside Basic, and its start where a capped message ends', () => {
    const forms = secretForms(ebay);
    const weird = { ...ebay, refreshToken: 'v^1.1#i^1|p^3+r/token=' };
    const weirdForms = secretForms(weird);
    expect(redactSecrets(`key ${SECRET} and ${basic}`, forms)).toBe('key •••• and ••••');
    expect(redactSecrets(`refresh_token=${new URLSearchParams({ v: weird.refreshToken }).toString().slice(2)}&x=1`, weirdForms)).toBe('refresh_token=••••&x=1');
    expect(redactSecrets(`cut at 500: ${SECRET.slice(0, 11)}`, forms)).toBe('cut at 500: ••••');
    expect(redactSecrets('HTTP 400: Bad request', forms)).toBe('HTTP 400: Bad request');
  });

  it('a connector’s failures, test results and per-item details come back without the secrets', async () => {
    const update = { mapping: { variantId: 'v1' }, quantity: 1 } as unknown as QuantityUpdate;
    const inner: ChannelConnector & { published: number } = {
      kind: 'ebay',
      published: 0,
      testConnection: async () => ({ ok: false, problem: 'auth-refused', detail: `sent ${SECRET}`, summary: `as ${basic}` }),
      listListings: async () => {
        throw new ChannelCallError('auth', 'auth-refused', `echo: refresh_token=${SECRET}-refresh`, { status: 400 });
      },
      setQuantities: async () => [{ variantId: 'v1', result: 'refused', problem: 'refused-by-remote', detail: `bad ${SECRET}` }],
      fetchOrders: async () => {
        throw new Error(`socket said ${SECRET}`);
      },
      async publish() {
        this.published++;
        return { remoteProductId: '1', listings: [] };
      },
    };
    const connector = redactingConnector(inner, ebay);
    expect(await connector.testConnection()).toEqual({ ok: false, problem: 'auth-refused', detail: 'sent ••••', summary: 'as ••••' });
    const refused = await connector.listListings(null).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChannelCallError);
    expect(refused).toMatchObject({ disposition: 'auth', problem: 'auth-refused', detail: 'echo: refresh_token=••••', status: 400 });
    expect(await connector.setQuantities([update])).toEqual([{ variantId: 'v1', result: 'refused', problem: 'refused-by-remote', detail: 'bad ••••' }]);
    expect(String(await connector.fetchOrders(null, { overlapMs: 0, lookBackMs: 0 }).catch((e: unknown) => e))).toBe('Error: socket said ••••');
    await connector.publish!({ product: {} as never, quantities: {} });
    expect(inner.published).toBe(1);
  });
});
