/**
 * "Canali di vendita" in Debian's Chromium (issue 18), Italian UI, against the emulated PrestaShop
 * shop: the owner types a wrong key and reads in plain words that it was refused (the key never
 * shows), connects with the right one, links the products (matched, one only on the shop, and a
 * mug coded differently that the owner links by hand),
 * sees a stock update the shop refused as a dead letter, retries it once the shop takes it again
 * and the shop shows the quantity, then disconnects; every control has a name. A manager of every
 * store reads the page with no buttons, and an order placed on the shop shows on the dashboard as
 * the channel's row and filter; a manager of one store has no menu entry.
 */
import { randomBytes } from 'node:crypto';
import type { Product, TillRecord } from '@cassa/shared';
import { channelProblemText, formatEuro as money } from '@cassa/shared';
import { startPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import type { RunningPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headOfficeInChromium } from './head-office-in-chromium';
import { versions } from './fixtures';
import { browser, owner, setUp } from './head-office-browser';

const tshirt: Product = {
  id: 'p-tsh',
  sku: 'TSH',
  name: 'T-shirt cotone',
  categoryId: null,
  vatCode: '22',
  unit: 'piece',
  priceCents: 1990,
  axes: [{ name: 'taglia', values: ['M', 'L'] }],
  variants: ['M', 'L'].map((size) => ({ id: `v-tsh-${size.toLowerCase()}`, sku: `TSH-${size}`, barcodes: [], options: { taglia: size }, priceCents: null, active: true })),
  active: true,
};

describe('sales channels at head office in the browser', () => {
  // A worker that wakes often, so a refused update shows within the test's patience; the emulated
  // shop is on 127.0.0.1, which head office refuses unless told (CASSA_CHANNEL_ALLOW_PRIVATE).
  const ho = headOfficeInChromium('channels', { channels: { keys: `k1:${randomBytes(32).toString('base64')}`, tickMs: 200, requestTimeoutMs: 5_000, allowPrivate: true } });
  let shop: RunningPrestashopEmulator;
  beforeAll(async () => {
    shop = await startPrestashopEmulator({ version: '8' });
    shop.control.seedItems([
      { sku: 'TSH-M', title: 'T-shirt cotone M', quantity: 3, priceCents: 1990, group: 'TSH', options: { Taglia: 'M' } },
      { sku: 'TSH-L', title: 'T-shirt cotone L', quantity: 3, priceCents: 1990, group: 'TSH', options: { Taglia: 'L' } },
      { sku: 'TAZZA', title: 'Tazza in ceramica', quantity: 9, priceCents: 800 },
    ]);
  });
  afterAll(async () => {
    await shop.close();
  });

  it('connects PrestaShop after a refused key, links (one item by hand), retries a refused update and disconnects', async () => {
    const anna = await setUp(ho.server);
    const session = (await anna.get('/api/ho/session')).data as { user: { organisationId: string } };
    const org = session.user.organisationId;
    await ho.server.admin.upsertStore(org, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    // A mug Cassa codes differently from the shop: the first link cannot match it, the owner links it by hand.
    const mug: Product = { ...tshirt, id: 'p-mug', sku: 'MUG-01', name: 'Tazza bianca', axes: [], variants: [{ id: 'v-mug', sku: 'MUG-01', barcodes: [], options: {}, priceCents: null, active: true }] };
    await ho.server.admin.upsertProducts(org, [tshirt, mug]);
    const page = ho.page;

    await page.goto(`${ho.base}/#/channels`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Canali di vendita', level: 1 }).waitFor();
    await page.getByText('Nessun canale collegato.').waitFor();

    const connect = page.getByRole('region', { name: 'Collega un canale' });
    await connect.getByLabel('Tipo di canale').selectOption('prestashop');
    await connect.getByLabel('Nome del canale').fill('Negozio online');
    await connect.getByLabel('Indirizzo del negozio').fill(shop.url);
    const wrongKey = 'WRONGKEY0000000000000000000000ZZ';
    await connect.getByLabel('Chiave del webservice').fill(wrongKey);
    expect(await connect.getByLabel('Chiave del webservice').getAttribute('type')).toBe('password');
    await connect.getByRole('button', { name: 'Prova connessione' }).click();
    await connect.getByRole('alert').getByText(channelProblemText['auth-refused'].it, { exact: false }).waitFor();
    // The answer words the refusal; the key itself is nowhere in the page's text.
    expect(await page.locator('body').innerText()).not.toContain(wrongKey);

    await connect.getByLabel('Chiave del webservice').fill(String(shop.credentials.apiKey));
    await connect.getByRole('button', { name: 'Prova connessione' }).click();
    await connect.getByText(/^Connessione riuscita/).waitFor();
    await connect.getByLabel('Milano').check();
    await connect.getByLabel('Scorta di sicurezza (pezzi per articolo)').fill('1');
    await connect.getByRole('button', { name: 'Collega', exact: true }).click();
    await page.getByText('Canale PrestaShop · Negozio online collegato.').waitFor();
    // The key is gone from the form and never comes back: a hint only.
    expect(await connect.getByLabel('Chiave del webservice').inputValue()).toBe('');
    const detail = page.getByRole('region', { name: 'PrestaShop · Negozio online' });
    await detail.getByText('Sostituisci credenziali').click();
    await detail.getByText(`••••${String(shop.credentials.apiKey).slice(-4)}`).waitFor();

    await detail.getByRole('button', { name: 'Collega prodotti' }).click();
    await detail.getByText('Collegamento fatto: 2 collegati · 1 non collegati · 0 in conflitto · 1 solo sul canale').waitFor();
    const links = detail.getByRole('region', { name: 'Collegamento dei prodotti' });
    await links.getByLabel('Mostra').selectOption('remote-only');
    await links.getByRole('row').filter({ hasText: 'Tazza in ceramica' }).waitFor();
    const [account] = (await anna.get('/api/ho/channels')).data as { id: string }[];
    const remoteOnly = (await anna.get(`/api/ho/channels/${account?.id ?? ''}/mapping?state=remote-only`)).data as { rows: { remoteProductId: string; remoteVariantId: string | null }[] };
    const cup = remoteOnly.rows[0]!;
    await links.getByLabel('Mostra').selectOption('unmatched');
    await links.getByRole('button', { name: 'Collega a mano Tazza bianca' }).click();
    const byHand = links.getByRole('form', { name: 'Collega a mano Tazza bianca' });
    await byHand.getByLabel('ID prodotto sul canale').fill(cup.remoteProductId);
    await byHand.getByLabel('ID variante sul canale (vuoto se non ha varianti)').fill(cup.remoteVariantId ?? '');
    await byHand.getByRole('button', { name: 'Collega', exact: true }).click();
    await links.getByText('3 collegati · 0 non collegati · 0 in conflitto · 0 solo sul canale').waitFor();

    // The shop refuses every write to a stock row (a 400, as a mod_security rule would answer):
    // a sale at the till in Milano becomes a dead letter, and the rest of the queue goes on.
    shop.control.injectFault({ kind: 'status', status: 400, count: 1_000, pathIncludes: 'stock_availables/' });
    const { code } = (await anna.post('/api/ho/stores/milano/pairing-codes')).data as { code: string };
    const till = { organisationId: org, storeId: 'milano', deviceId: 'till-milano' };
    await ho.server.service.pair({ ...versions, code, deviceName: 'Cassa Milano', deviceId: till.deviceId });
    const movement = (seq: number, deltaMilli: number, reason: 'goods-received' | 'sale'): { seq: number; opId: string; record: TillRecord } => ({
      seq,
      opId: `op-${seq}`,
      record: { type: 'stock-movement', record: { id: `m-${seq}`, storeId: 'milano', deviceId: till.deviceId, variantId: 'v-tsh-m', deltaMilli, reason, referenceId: null, userId: null, at: new Date().toISOString() } },
    });
    await ho.server.service.push(till, { ...versions, deviceId: till.deviceId, ops: [movement(1, 10_000, 'goods-received'), movement(2, -1_000, 'sale')] });
    await expect.poll(async () => ((await anna.get('/api/ho/channels')).data as { deadLetters: number }[])[0]?.deadLetters, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);

    await page.reload();
    await page.getByRole('button', { name: 'Apri PrestaShop · Negozio online' }).click();
    const refused = detail.getByRole('region', { name: 'Rifiutati dal canale' });
    // The framework names a stock job by the variant's id; the page says which T-shirt it is.
    const letter = refused.getByRole('row').filter({ hasText: 'T-shirt cotone (M) · TSH-M' });
    await letter.getByText(channelProblemText['refused-by-remote'].it).waitFor();
    await letter.getByText(/^Dettaglio del canale: HTTP 400/).waitFor();

    // The cause is fixed at the shop: the retry sends the quantity of the moment, 10 − 1 sold − 1 held back.
    shop.control.clearFaults();
    await letter.getByRole('button', { name: 'Riprova T-shirt cotone (M) · TSH-M' }).click();
    await refused.getByText('Nessun rifiuto.').waitFor();
    await expect.poll(() => shop.control.quantityOf('TSH-M'), { timeout: 30_000, interval: 250 }).toBe(8);
    await refused.getByLabel('Stato').selectOption('retried');
    await refused.getByRole('row').filter({ hasText: 'T-shirt cotone (M) · TSH-M' }).getByText('Riprovato').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await detail.getByRole('button', { name: 'Scollega', exact: true }).click();
    await page.getByText('Canale PrestaShop · Negozio online scollegato.').waitFor();
    await page.getByText('Nessun canale collegato.').waitFor();

    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, a[href]')]
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          return (el.getAttribute('aria-label') ?? '').trim() === '' && !(labels && [...labels].some((l) => (l.textContent ?? '').trim() !== '')) && (el.textContent ?? '').trim() === '';
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
  });

  // The contract lets viewers read too, but the server's 'organisation' scope admits owners and
  // managers only (reported); a manager of every store is the reader here.
  it('shows a manager of every store the channels without a button and a channel order on the dashboard (row and filter); a manager of one store has no menu entry', async () => {
    const anna = browser(ho.server);
    await anna.get('/api/ho/session');
    expect((await anna.post('/api/ho/login', { email: owner.email, password: owner.password })).status).toBe(200);
    const connected = await anna.post('/api/ho/channels', { name: 'Negozio online', storeIds: ['milano'], safetyBuffer: 0, credentials: shop.credentials });
    expect(connected.status).toBe(201);
    const password = 'viewer password 123';
    expect((await anna.post('/api/ho/users', { email: 'vera@example.it', name: 'Vera', role: 'manager', storeIds: [], password })).status).toBe(201);
    expect((await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: ['milano'], password })).status).toBe(201);

    const page = ho.page;
    const signInAs = async (email: string) => {
      await page.context().clearCookies();
      await page.goto(`${ho.base}/#/channels`);
      await page.reload();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Accedi' }).click();
    };
    await signInAs('vera@example.it');
    await page.getByRole('heading', { name: 'Canali di vendita', level: 1 }).waitFor();
    await page.getByText('Solo il titolare collega, modifica o scollega i canali.').waitFor();
    await page.getByRole('button', { name: 'Apri PrestaShop · Negozio online' }).click();
    const detail = page.getByRole('region', { name: 'PrestaShop · Negozio online' });
    await detail.getByRole('region', { name: 'Collegamento dei prodotti' }).waitFor();
    expect(await page.getByRole('region', { name: 'Collega un canale' }).count()).toBe(0);
    for (const name of ['Collega prodotti', 'Riconcilia ora', 'Scollega', 'Metti in pausa']) expect(await detail.getByRole('button', { name, exact: true }).count()).toBe(0);

    // An order placed on the shop is imported and counts as takings under the channel, which the
    // dashboard names and offers as a filter next to the stores.
    const accountId = (connected.data as { id: string }).id;
    expect((await anna.post(`/api/ho/channels/${accountId}/link`)).status).toBe(200);
    shop.control.placeOrder({ lines: [{ sku: 'TSH-L', quantity: 1 }], buyerName: 'Mario Bianchi' });
    await expect.poll(async () => ((await anna.get('/api/ho/channel-orders')).data as { total: number }).total, { timeout: 90_000, interval: 500 }).toBe(1);
    await page.goto(`${ho.base}/#/dashboard`);
    await page.getByRole('heading', { name: 'Cruscotto', level: 1 }).waitFor();
    const byStore = page.getByRole('region', { name: 'Per negozio' });
    // The order's total as the shop charged it (the T-shirt and the shipping).
    const total = money((((await anna.get('/api/ho/channel-orders')).data as { rows: { totalCents: number }[] }).rows[0]?.totalCents ?? 0), 'it');
    await byStore.getByRole('row').filter({ hasText: 'PrestaShop · Negozio online' }).getByText(total).first().waitFor();
    await page.getByRole('form', { name: 'Filtri' }).getByRole('combobox', { name: 'Negozio' }).selectOption(accountId);
    await expect.poll(() => page.getByTestId('kpi-takings').innerText()).toBe(total);

    await signInAs('marco@example.it');
    await page.getByRole('heading', { name: 'Cruscotto', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Canali di vendita' }).count()).toBe(0);
  });
});
