/**
 * Screenshots of the head-office web app with a seeded shop, for docs/screenshots:
 * `npx vite build --config sync-server/vite.config.ts && npx tsx sync-server/test/screenshots.ts`
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { Product, TillRecord } from '@cassa/shared';
import { randomBytes } from 'node:crypto';
import { startPrestashopEmulator } from '@cassa/sync-server/channel-emulators';
import { launchChromium } from '../../test-support/browser';
import { channelItemsOf } from '../../test-support/channel-demo-items';
import { createSyncServer, hashPin } from '../src/index';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const out = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'cassa-ho-shots-'));
  // Issue 18: a key for the channels' credentials, so the shots can connect an emulated shop.
  const server = await createSyncServer({ sqlitePath: join(dir, 'ho.sqlite'), log: () => undefined, channels: { keys: `shots:${randomBytes(32).toString('base64')}`, allowPrivate: true } });
  const shop = await startPrestashopEmulator();
  const listening = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${listening.port}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ locale: 'it-IT', viewport: { width: 1280, height: 900 } });
    await page.goto(base);
    await page.screenshot({ path: join(out, 'head-office-setup.png') });
    await page.getByLabel('Nome dell’organizzazione').fill('Bottega Rossi');
    await page.getByLabel('Il tuo nome').fill('Anna Rossi');
    await page.getByLabel('Email').fill('anna@example.it');
    await page.getByLabel('Password (almeno 10 caratteri)').fill('correct horse battery');
    await page.getByRole('button', { name: 'Crea e accedi' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();
    const org = (await server.storage.headOffice.findUserByEmail('anna@example.it'))!.organisationId;

    // A small shop: two stores, a catalogue, a till in each, a week of sales.
    const { admin, service } = server;
    await admin.upsertStore(org, { id: 'milano', name: 'Milano Centro', addressLines: ['Via Torino 12', '20123 Milano MI'], vatNumber: 'IT01234567890' });
    await admin.upsertStore(org, { id: 'roma', name: 'Roma Prati', addressLines: [], vatNumber: '' });
    await admin.upsertCategories(org, [
      { id: 'cat-caffe', name: 'Caffè', parentId: null },
      { id: 'cat-abbigliamento', name: 'Abbigliamento', parentId: null },
    ]);
    const products: Product[] = [
      { id: 'p-caf', sku: 'CAF', name: 'Caffè macinato 250 g', categoryId: 'cat-caffe', vatCode: '22', unit: 'piece', priceCents: 450, axes: [], variants: [{ id: 'v-caf', sku: 'CAF', barcodes: ['8001234500015'], options: {}, priceCents: null, active: true }], active: true },
      { id: 'p-tsh', sku: 'TSH', name: 'T-shirt cotone', categoryId: 'cat-abbigliamento', vatCode: '22', unit: 'piece', priceCents: 1990, axes: [{ name: 'taglia', values: ['S', 'M', 'L'] }, { name: 'colore', values: ['Blu', 'Rosso'] }], variants: ['S', 'M', 'L'].flatMap((s) => ['Blu', 'Rosso'].map((c) => ({ id: `v-tsh-${s}-${c}`.toLowerCase(), sku: `TSH-${s}-${c}`.toUpperCase(), barcodes: [], options: { taglia: s, colore: c }, priceCents: null, active: true }))), active: true },
      { id: 'p-biscotti', sku: 'BIS', name: 'Biscotti al burro', categoryId: 'cat-caffe', vatCode: '10', unit: 'piece', priceCents: 320, axes: [], variants: [{ id: 'v-bis', sku: 'BIS', barcodes: ['8001234500022'], options: {}, priceCents: null, active: true }], active: true },
    ];
    await admin.upsertProducts(org, products);
    await admin.upsertUsers(org, [
      { id: 'user-giulia', name: 'Giulia', role: 'cashier', pinHash: await hashPin('1111'), active: true },
      { id: 'user-marco', name: 'Marco', role: 'manager', pinHash: await hashPin('2222'), active: true },
    ]);
    const tills = [];
    for (const [store, name] of [['milano', 'Cassa 1'], ['roma', 'Cassa 1']] as const) {
      const { code } = await admin.createPairingCode(org, store);
      const paired = await service.pair({ ...versions, code, deviceName: name, deviceId: `dev-${store}` });
      tills.push({ organisationId: org, storeId: store, deviceId: paired.deviceId, seq: 0 });
    }
    const now = Date.now();
    // Each store starts the week with goods received on every variant.
    for (const till of tills) {
      const received = products.flatMap((p) => p.variants).map((v, i) => ({
        seq: ++till.seq,
        opId: `op-r-${till.storeId}-${i}`,
        record: { type: 'stock-movement' as const, record: { id: `r-${till.storeId}-${i}`, storeId: till.storeId, deviceId: till.deviceId, variantId: v.id, deltaMilli: 120_000, reason: 'goods-received' as const, referenceId: null, userId: null, at: new Date(now - 8 * 86_400_000).toISOString() } },
      }));
      await service.push(till, { ...versions, deviceId: till.deviceId, ops: received });
    }
    let n = 0;
    for (let day = 7; day >= 0; day--) {
      for (const till of tills) {
        const ops = [];
        for (let i = 0; i < 14; i++) {
          n++;
          const at = new Date(now - day * 86_400_000 - ((i * 37) % 540) * 60_000);
          const product = products[n % 3]!;
          const variant = product.variants[n % product.variants.length]!;
          const qty = 1 + (n % 3);
          const total = product.priceCents * qty;
          const kind = n % 23 === 0 ? 'return' : 'sale';
          const sign = kind === 'return' ? -1 : 1;
          const net = Math.round(total / (product.vatCode === '22' ? 1.22 : 1.1));
          const record: TillRecord = {
            type: 'sale',
            record: {
              id: `s-${n}`, kind, storeId: till.storeId, deviceId: till.deviceId, shiftId: 'sh', zNumber: 1, documentNumber: n, originalSaleId: null,
              cashierId: n % 2 ? 'user-giulia' : 'user-marco', customerId: null, completedAt: at.toISOString(),
              lines: [{ lineId: `l-${n}`, productId: product.id, variantId: variant.id, sku: variant.sku, description: product.name, vatCode: product.vatCode, quantityMilli: sign * qty * 1000, unitPriceCents: product.priceCents, discountCents: 0, totalCents: sign * total }],
              payments: [{ method: n % 3 === 0 ? 'cash' : 'card', amountCents: sign * total, reference: null }],
              changeCents: 0, roundingCents: 0, totalCents: sign * total,
              vatBreakdown: [{ vatCode: product.vatCode, grossCents: sign * total, netCents: sign * net, vatCents: sign * (total - net) }],
            },
          };
          ops.push({ seq: ++till.seq, opId: `op-${n}`, record });
          ops.push({ seq: ++till.seq, opId: `op-m-${n}`, record: { type: 'stock-movement' as const, record: { id: `m-${n}`, storeId: till.storeId, deviceId: till.deviceId, variantId: variant.id, deltaMilli: -sign * qty * 1000, reason: 'sale' as const, referenceId: null, userId: null, at: at.toISOString() } } });
        }
        await service.push(till, { ...versions, deviceId: till.deviceId, ops });
      }
    }
    for (const till of tills) await service.pull(till, { ...versions, stream: 'catalogue', cursor: null });

    const shoot = async (hash: string, name: string, wait: string) => {
      await page.goto(`${base}/#/${hash}`);
      await page.getByRole('heading', { name: wait, exact: true }).first().waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(out, `head-office-${name}.png`), fullPage: true });
    };
    await page.reload();
    await shoot('dashboard', 'dashboard', 'Cruscotto');
    await shoot('stores', 'stores', 'Negozi e casse');
    await page.getByRole('button', { name: 'Nuovo codice di abbinamento: Milano Centro' }).click();
    await page.getByRole('status', { name: 'Codice di abbinamento' }).waitFor();
    await page.screenshot({ path: join(out, 'head-office-pairing.png'), fullPage: true });
    await shoot('catalogue', 'catalogue', 'Catalogo');
    await shoot('tillUsers', 'till-users', 'Utenti cassa');
    const anna = (await server.storage.headOffice.findUserByEmail('anna@example.it'))!.id;
    const send = (id: string, lines: { variantId: string; quantityMilli: number }[], note: string) =>
      server.storage.stockTransfers.create({ organisationId: org, id, fromStoreId: 'milano', toStoreId: 'roma', note, lines, userId: anna, now: new Date() });
    await send('tr-1', [{ variantId: 'v-caf', quantityMilli: 6000 }], 'Riassortimento');
    await server.storage.stockTransfers.close(org, 'tr-1', 'receive', anna, new Date());
    await send('tr-2', [{ variantId: 'v-tsh-m-blu', quantityMilli: 3000 }, { variantId: 'v-tsh-l-rosso', quantityMilli: 2000 }], 'Vetrina di Natale');
    await shoot('stock', 'stock', 'Magazzino');
    await shoot('plan', 'plan', 'Abbonamento');
    // Issue 17, ledger area: a gift card sold in Milano, spent offline there and in Roma beyond its balance.
    const [milanoTill, romaTill] = tills;
    const entry = (till: NonNullable<typeof milanoTill>, id: string, amount: number, saleId: string, userId: string, minutesAgo: number): TillRecord => ({
      type: 'ledger-entry',
      record: {
        id, kind: 'voucher', account: 'V-7K3M-9QXZ', amount, reason: amount > 0 ? 'issue' : 'spend', authorisation: amount > 0 ? 'credit' : 'offline',
        reservationId: null, storeId: till.storeId, deviceId: till.deviceId, saleId, userId, customerId: null, at: new Date(now - minutesAgo * 60_000).toISOString(),
      },
    });
    if (milanoTill && romaTill) {
      for (const [till, record] of [[milanoTill, entry(milanoTill, 'g-1', 5_000, 's-1', 'user-giulia', 90)], [milanoTill, entry(milanoTill, 'g-2', -3_000, 's-2', 'user-marco', 40)], [romaTill, entry(romaTill, 'g-3', -3_500, 's-15', 'user-giulia', 30)]] as const) {
        await service.push(till, { ...versions, deviceId: till.deviceId, ops: [{ seq: ++till.seq, opId: `op-${record.record.id}`, record }] });
      }
    }
    await page.goto(`${base}/#/ledgers`);
    await page.getByRole('button', { name: 'V-7K3M-9QXZ' }).click();
    await page.getByText('Saldo negativo: speso offline da due casse').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, 'head-office-ledgers.png'), fullPage: true });
    // Issue 18: "Canali di vendita" with the emulated PrestaShop shop connected and its products linked.
    shop.control.seedItems([...channelItemsOf(products, 5), { sku: 'TAZZA-01', title: 'Tazza in ceramica', quantity: 4, priceCents: 800 }]);
    await page.goto(`${base}/#/channels`);
    const connect = page.getByRole('region', { name: 'Collega un canale' });
    await connect.getByLabel('Nome del canale').fill('Negozio online');
    await connect.getByLabel('Indirizzo del negozio').fill(shop.url);
    await connect.getByLabel('Chiave del webservice').fill(String(shop.credentials.apiKey));
    await connect.getByLabel('Milano Centro').check();
    await connect.getByLabel('Roma Prati').check();
    await connect.getByLabel('Scorta di sicurezza (pezzi per articolo)').fill('1');
    await connect.getByRole('button', { name: 'Collega', exact: true }).click();
    const channel = page.getByRole('region', { name: 'PrestaShop · Negozio online' });
    await channel.getByRole('button', { name: 'Collega prodotti' }).click();
    await channel.getByText(/^Collegamento fatto/).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, 'head-office-channels.png'), fullPage: true });
    // Issue 19: "Integrazioni" with a key just made (shown once) and the sections below it.
    await page.goto(`${base}/#/integrations`);
    const keys = page.getByRole('region', { name: 'Chiavi API' });
    await keys.getByLabel('Nome (a chi la dai)').fill('Gestionale dello studio');
    await keys.getByLabel('Lettura').check();
    await keys.getByRole('button', { name: 'Crea la chiave' }).click();
    await keys.getByText('Copiala ora e conservala al sicuro: non sarà più mostrata.').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, 'head-office-integrations.png'), fullPage: true });
    const phone = await browser.newPage({ locale: 'en-GB', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(base);
    await phone.getByLabel('Email').fill('anna@example.it');
    await phone.getByLabel('Password').fill('correct horse battery');
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await phone.waitForTimeout(600);
    await phone.screenshot({ path: join(out, 'head-office-phone-dashboard.png'), fullPage: false });
    await phone.goto(`${base}/#/channels`);
    // A phone shows the channel's card whole: status, stores, last sync, queue, links, last problem.
    await phone.getByRole('heading', { name: 'PrestaShop · Negozio online' }).waitFor();
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: join(out, 'head-office-phone-channels.png'), fullPage: false });
  } finally {
    await shop.close();
    await browser.close();
    await listening.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
