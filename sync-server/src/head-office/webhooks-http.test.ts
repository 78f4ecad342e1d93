/**
 * The webhook procedures over HTTP (issue 19): an owner registers an endpoint and gets its secret
 * once (the list shows a hint only), a manager of every store reads but cannot change, a private
 * address is a 400 with its reason, a malformed address never reaches the service, and another
 * organisation's endpoint id is a 404. The rules and the deliveries are tested in
 * webhooks/webhooks.test.ts on both engines.
 */
import { describe, expect, it } from 'vitest';
import { serverPerTest, sqliteEngine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

describe('webhooks over HTTP', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: { webRoot: false }, channels: false, webhooks: { worker: false, allowPrivate: false } });

  it('creates for owners with the secret shown once, reads for managers, refuses private and foreign', async () => {
    const s = await start();
    const anna = await setUp(s);
    const created = await anna.post('/api/ho/webhooks', { url: 'https://93.184.215.14/hooks', description: 'ERP', eventTypes: ['sale.completed', 'day.closed'] });
    expect(created.status).toBe(201);
    const { endpoint, secret } = created.data as { endpoint: { id: string; secretHint: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.secretHint).toBe(`whsec_••••${secret.slice(-4)}`);
    const listed = await anna.get('/api/ho/webhooks');
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    const privateAddress = await anna.post('/api/ho/webhooks', { url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['sale.completed'] });
    expect(privateAddress.status).toBe(400);
    expect(privateAddress.json.error?.code).toBe('VALIDATION');
    expect((await anna.post('/api/ho/webhooks', { url: 'ftp://example.com/x', eventTypes: ['sale.completed'] })).status).toBe(400);
    expect((await anna.post('/api/ho/webhooks', { url: 'https://example.com/x', eventTypes: ['sale.exploded'] })).status).toBe(400);

    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [], password: 'a long password 1' });
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.get('/api/ho/webhooks')).status).toBe(200);
    expect((await marco.get(`/api/ho/webhooks/${endpoint.id}/deliveries`)).data).toEqual({ total: 0, rows: [] });
    expect((await marco.post('/api/ho/webhooks', { url: 'https://93.184.215.14/x', eventTypes: ['sale.completed'] })).status).toBe(403);
    expect((await marco.post(`/api/ho/webhooks/${endpoint.id}/rotate-secret`)).status).toBe(403);

    const other = await s.admin.createOrganisation({ name: 'Altro' });
    await s.storage.webhooks.createEndpoint({ organisationId: other.id, id: 'wh-foreign', url: 'https://93.184.215.14/o', description: '', eventTypes: ['day.closed'], secret: 'whsec_AAAA' }, new Date());
    expect((await anna.get('/api/ho/webhooks/wh-foreign/deliveries')).status).toBe(404);
    expect((await anna.post('/api/ho/webhooks/wh-foreign/reenable')).status).toBe(404);
    expect((await anna.post('/api/ho/webhooks/wh-foreign/events/msg_1/redeliver')).status).toBe(404);
  });
});
