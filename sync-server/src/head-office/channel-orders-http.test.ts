/**
 * `channels.orders` over HTTP (issue 18): the route answers the service's page, refuses a user
 * limited to some stores and a status no order has; an empty filter is no filter. The rules and
 * the storage are tested in services/channel-orders.test.ts and channel-order-storage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { serverPerTest, sqliteEngine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

describe('channel orders over HTTP', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: { webRoot: false } });

  it('answers the page to users of every store only', async () => {
    const s = await start();
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const empty = await anna.get('/api/ho/channel-orders?accountId=&status=&offset=0&limit=50');
    expect(empty.status).toBe(200);
    expect(empty.data).toEqual({ total: 0, rows: [] });
    expect((await anna.get('/api/ho/channel-orders?status=lost')).status).toBe(400);
    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [store.id], password: 'a long password 1' });
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.get('/api/ho/channel-orders')).status).toBe(403);
  });
});
