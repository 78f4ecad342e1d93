/**
 * "Trasferimenti in arrivo" (issue 17), in Italian on the demo till and its embedded head office:
 * the owner opens a Roma store and sends goods from Roma to the demo store (Milano) over head
 * office's API; the transfer reaches the till, the clerk opens it, scans what arrived (an item not
 * sent is refused in words), corrects a line and confirms; head office closes the transfer with the
 * difference, and its stock for the store agrees with the till's.
 */
import { createServer } from 'node:net';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { rpc, startTillProcess } from '../../test-support/till-process';
import { demoCatalogue } from '../src/core';
import { italian, logIn, scannerBurst } from './cashier-flow';

/** The demo's head-office owner and store, as the README lists them (`desktop/src/demo/embedded-head-office.ts`). */
const demoOwner = { email: 'titolare@bottega.demo', password: 'cassa-demo-2026' };
const demoStoreId = 'store-milano';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Head office's API as the owner: a session cookie and the CSRF header, as the web app sends them. */
async function ownerApi(base: string): Promise<{ call: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>; api: APIRequestContext }> {
  const api = await request.newContext();
  let csrf = ((await (await api.get(`${base}/api/ho/session`)).json()) as { data: { csrfToken: string } }).data.csrfToken;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = method === 'GET' ? await api.get(`${base}/api/ho${path}`) : await api.post(`${base}/api/ho${path}`, { data: body ?? {}, headers: { 'x-csrf-token': csrf } });
    const parsed = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
    if (!parsed.ok) throw new Error(`${method} ${path}: ${parsed.error?.message}`);
    return parsed.data;
  };
  await call('POST', '/login', demoOwner);
  // Signing in issues a new CSRF token, in its cookie.
  csrf = (await api.storageState()).cookies.find((c) => c.name.endsWith('cassa_csrf'))?.value ?? '';
  return { call, api };
}

const products = demoCatalogue().products.filter((p) => p.variants.length === 1 && p.variants[0]!.barcodes.length > 0 && p.unit === 'piece');
const [coffee, pasta, other] = products.map((p) => ({ id: p.variants[0]!.id, ean: p.variants[0]!.barcodes[0]!, name: p.name }));

describe('incoming transfers at the till', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;
  let headOffice: Awaited<ReturnType<typeof ownerApi>>;
  let transferId: string;

  beforeAll(async () => {
    const port = await freePort();
    [till, browser] = await Promise.all([startTillProcess({ CASSA_SERVER_PORT: String(port) }), launchChromium()]);
    headOffice = await ownerApi(`http://127.0.0.1:${port}`);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(10_000);
    await page.goto(till.url);
  });
  afterAll(async () => {
    await headOffice?.api.dispose();
    await browser?.close();
    till?.cleanup();
  });

  it('a transfer head office sends to the store reaches its till', async () => {
    const roma = (await headOffice.call('POST', '/stores', { name: 'Roma' })) as { id: string };
    const sent = (await headOffice.call('POST', '/stock/transfers', {
      fromStoreId: roma.id,
      toStoreId: demoStoreId,
      note: 'Riassortimento',
      lines: [{ variantId: coffee!.id, quantityMilli: 2_000 }, { variantId: pasta!.id, quantityMilli: 3_000 }],
    })) as { id: string };
    transferId = sent.id;
    const session = (await rpc(till, null, 'session.login', { userId: 'user-giulia', pin: '1111' })) as { token: string };
    await expect.poll(async () => ((await rpc(till, session.token, 'transfers.incoming', {})) as { id: string }[]).map((t) => t.id), { timeout: 15_000 }).toEqual([transferId]);
  });

  it('is received by scanning, an unexpected item refused, a line corrected, and head office agrees', async () => {
    await logIn(page, italian);
    await page.getByRole('button', { name: 'Trasferimenti in arrivo' }).click();
    const list = page.getByRole('list', { name: 'Trasferimenti in arrivo' });
    await expect.poll(() => list.textContent()).toContain('Da Roma');
    await list.getByRole('button', { name: 'Ricevi' }).click();

    const receipt = page.getByRole('region', { name: 'Scansiona gli articoli arrivati' });
    await receipt.getByLabel('Scansiona gli articoli arrivati').waitFor();
    await scannerBurst(page, coffee!.ean);
    await scannerBurst(page, coffee!.ean);
    await expect.poll(() => receipt.getByLabel(`Contati ${coffee!.name}`).inputValue()).toBe('2');
    await scannerBurst(page, pasta!.ean);
    await expect.poll(() => receipt.getByLabel(`Contati ${pasta!.name}`).inputValue()).toBe('1');
    await scannerBurst(page, other!.ean);
    await expect.poll(() => receipt.getByRole('alert').textContent()).toContain('non fa parte di questo trasferimento');
    // Two packs of pasta arrived, one was scanned: the clerk types the count.
    await receipt.getByLabel(`Contati ${pasta!.name}`).fill('2');
    await receipt.getByRole('button', { name: 'Conferma ricevimento' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Trasferimento ricevuto');

    const session = (await rpc(till, null, 'session.login', { userId: 'user-marco', pin: '2222' })) as { token: string };
    await rpc(till, session.token, 'sync.now', {});
    await expect
      .poll(async () => ((await headOffice.call('GET', '/stock/transfers')) as { id: string; status: string }[]).find((t) => t.id === transferId)?.status, { timeout: 15_000 })
      .toBe('received');
    const transfer = ((await headOffice.call('GET', '/stock/transfers')) as { id: string; receivedLines: unknown; problem: unknown }[]).find((t) => t.id === transferId);
    expect(transfer?.problem).toBeNull();
    expect(transfer?.receivedLines).toEqual(expect.arrayContaining([{ variantId: coffee!.id, quantityMilli: 2_000 }, { variantId: pasta!.id, quantityMilli: 2_000 }]));

    const levels = (await headOffice.call('GET', `/stock?store=${demoStoreId}`)) as { variantId: string; onHandMilli: number }[];
    const tillLevels = (await rpc(till, session.token, 'stock.levels', { query: '', limit: 500 })) as { variantId: string; onHandMilli: number }[];
    for (const variant of [coffee!, pasta!]) {
      expect(levels.find((l) => l.variantId === variant.id)?.onHandMilli).toBe(tillLevels.find((l) => l.variantId === variant.id)?.onHandMilli);
    }
  });

  it("shows an item's stock here and at the other stores from the ticket line", async () => {
    await page.getByRole('button', { name: 'Torna alla cassa' }).click();
    await scannerBurst(page, pasta!.ean);
    const ticket = page.getByRole('region', { name: 'Scontrino', exact: true });
    await ticket.getByRole('button', { name: new RegExp(`Modifica riga ${pasta!.name.split(' ')[0]}`) }).click();
    const line = page.getByRole('dialog', { name: /Riga:/ });
    await line.getByRole('button', { name: 'Altri negozi' }).click();
    const panel = line.getByRole('region', { name: /Giacenza di .* nei negozi/ });
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('aggiornata ora dalla sede');
    // Roma sent three packs of pasta and has no till: head office's figure for it is -3.
    const roma = panel.getByRole('row', { name: /Roma/ });
    await expect.poll(() => roma.textContent()).toMatch(/-3|−3/);
    await panel.getByRole('button', { name: 'Chiudi', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
  });
});
