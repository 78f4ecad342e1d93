/**
 * "Integrazioni" in Debian's Chromium (issue 19), Italian UI, as the owner uses it: a read-only
 * API key is shown once and then works against `/api/v1` (and a write with it is refused); a
 * webhook address gets its signing secret once, and a till's sale reaches the emulated receiver
 * signed with it; an export profile made from the Mago preset exports the day, and the file holds
 * the sale's corrispettivi, which the key fetches through the API.
 */
import type { Product } from '@cassa/shared';
import { startWebhookReceiver } from '@cassa/sync-server/channel-emulators';
import type { RunningWebhookReceiver } from '@cassa/sync-server/channel-emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saleRecord } from './erp-fixtures';
import { versions } from './fixtures';
import { setUp, owner } from './head-office-browser';
import { headOfficeInChromium } from './head-office-in-chromium';

const cap: Product = {
  id: 'p-cap',
  sku: 'CAP',
  name: 'Cappello di lana',
  categoryId: null,
  vatCode: '22',
  unit: 'piece',
  priceCents: 2440,
  axes: [],
  variants: [{ id: 'v-cap', sku: 'CAP', barcodes: [], options: {}, priceCents: null, active: true }],
  active: true,
};

describe('Integrazioni at head office in the browser', () => {
  // The receiver listens on 127.0.0.1, which head office refuses unless told.
  const ho = headOfficeInChromium('integrations', { webhooks: { allowPrivate: true, tickMs: 200 }, erpExports: { schedule: false }, sap: { schedule: false } });
  let receiver: RunningWebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secrets: [] });
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('makes a key shown once that reads the API, a webhook that receives a signed sale, and an export of the day', async () => {
    const anna = await setUp(ho.server);
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    await ho.server.admin.upsertStore(org, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    await ho.server.admin.upsertProducts(org, [cap]);
    const page = ho.page;
    await page.goto(`${ho.base}/#/integrations`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Integrazioni', level: 1 }).waitFor();

    // An API key: shown once, then only its prefix; it reads, and may not write.
    const keys = page.getByRole('region', { name: 'Chiavi API' });
    await keys.getByLabel('Nome (a chi la dai)').fill('Gestionale dello studio');
    await keys.getByLabel('Lettura').check();
    await keys.getByRole('button', { name: 'Crea la chiave' }).click();
    const secret = await keys.getByText(/^cassa_live_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/).innerText();
    const api = (path: string, init: RequestInit = {}) => ho.server.app.request(`/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
    expect((await api('/stock')).status).toBe(200);
    expect((await api('/stores/milano/prices/v-cap', { method: 'PUT', body: JSON.stringify({ priceCents: 100 }) })).status).toBe(403);
    await keys.getByRole('button', { name: 'L’ho copiata' }).or(keys.getByRole('button', { name: "L'ho copiata" })).click();
    expect(await page.locator('body').innerText()).not.toContain(secret);

    // A webhook address: its secret once; a till's sale arrives signed with it.
    const hooks = page.getByRole('region', { name: 'Webhook' });
    await hooks.getByLabel('Indirizzo (https://…)').fill(`${receiver.url}/cassa`);
    await hooks.getByLabel('Descrizione').fill('Magazzino');
    await hooks.getByRole('button', { name: 'Aggiungi indirizzo' }).click();
    const whsec = await hooks.getByRole('status').locator('code').innerText();
    expect(whsec).toMatch(/^whsec_/);
    receiver.setSecrets([whsec]);
    const { code } = (await anna.post('/api/ho/stores/milano/pairing-codes')).data as { code: string };
    const till = { organisationId: org, storeId: 'milano', deviceId: 'till-milano' };
    await ho.server.service.pair({ ...versions, code, deviceName: 'Cassa Milano', deviceId: till.deviceId });
    const sale = saleRecord(till, { id: 'sale-cap-1', lines: [{ vatCode: '22', grossCents: 2440 }], method: 'card', at: '2026-12-03T10:00:00Z' });
    await ho.server.service.push(till, { ...versions, deviceId: till.deviceId, ops: [{ seq: 1, opId: 'op-1', record: { type: 'sale', record: sale } }] });
    await expect.poll(() => receiver.received.map((m) => m.type), { timeout: 15_000 }).toContain('sale.completed');
    expect(receiver.requests.every((r) => r.outcome === 'accepted' || r.outcome === 'duplicate')).toBe(true);

    // An export profile from the Mago preset, and the day exported.
    const exports = page.getByRole('region', { name: 'Esportazioni per il gestionale' });
    await exports.getByLabel('Nome').fill('Studio Bianchi');
    await exports.getByLabel('Modello').selectOption({ label: 'Mago – corrispettivi (CSV)' });
    await exports.getByRole('button', { name: 'Crea profilo' }).click();
    await exports.getByRole('heading', { name: 'Studio Bianchi' }).waitFor();
    await exports.getByLabel('Dal', { exact: true }).fill('2026-12-03');
    await exports.getByLabel('Al', { exact: true }).fill('2026-12-03');
    await exports.getByRole('button', { name: 'Esporta' }).click();
    await exports.getByText('Esportazione fatta: 1 righe.').waitFor();
    const listed = (await api('/exports')).status;
    expect(listed).toBe(200);
    const [made] = ((await (await api('/exports')).json()) as { data: { items: { id: string }[] } }).data.items;
    const file = (await (await api(`/exports/${made?.id ?? ''}/file`)).json()) as { data: { content: string } };
    expect(file.data.content).toContain('24,40');
  });
});
