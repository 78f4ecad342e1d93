/**
 * The worker a server starts (issue 19): a head-office write that queued an event wakes it at
 * once (its tick is set to ten minutes here, so only the wake-up explains the delivery), and
 * closing the server stops it. SQLite only: the wake-up is the process's own bus.
 */
import { describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '@cassa/sync-server/channel-emulators';
import { until } from '../../../test-support/until';
import { product, sqliteEngine } from '../../test/fixtures';
import { createSyncServer } from '../index';

describe('the server’s webhook worker', () => {
  it('is woken by a commit that wrote an event, and stops with the server', async () => {
    const database = await sqliteEngine.database();
    const server = await createSyncServer({ ...database.options, channels: false, headOffice: false, webhooks: { allowPrivate: true, tickMs: 600_000 } });
    try {
      const org = await server.admin.createOrganisation({ name: 'Boutique' });
      await server.storage.webhooks.createEndpoint({ organisationId: org.id, id: 'wh-1', url: 'http://127.0.0.1:1/', description: '', eventTypes: ['product.changed'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, new Date());
      const receiver = await startWebhookReceiver({ secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] });
      try {
        await server.storage.webhooks.updateEndpoint(org.id, 'wh-1', { url: receiver.url }, new Date());
        await server.admin.upsertProducts(org.id, [product('shirt')]);
        await until(() => receiver.received.length, (n) => n === 1, 5_000, 'the woken delivery');
        expect(receiver.received[0]!.type).toBe('product.changed');
      } finally {
        await receiver.close();
      }
    } finally {
      await server.close();
      await database.cleanup();
    }
  });
});
