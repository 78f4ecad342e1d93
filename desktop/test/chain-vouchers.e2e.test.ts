/**
 * Issue 17 end to end, in Italian: one chain, two stores (Milano, Roma), three real till hosts
 * paired with codes to one real sync server (SQLite), each driven in Debian's Chromium as a
 * cashier would. A €50 gift card sold in Milano (its code read off the completion banner) pays
 * €30 of a purchase at the first Roma till; that purchase is returned there to a customer's store
 * credit; the second Roma till spends part of that credit. At each step what the tills show agrees
 * with what head office holds (`ledger.account` over the sync API, as a paired device asks it);
 * loyalty points earned and redeemed there reach head office; with head office stopped, the third
 * till shows the gift card's balance from its own figure and takes part of it offline.
 * With CASSA_SCREENSHOTS_DIR=docs/screenshots it saves the new screens.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerAccountView } from '@cassa/shared';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import { launchChromium } from '../../test-support/browser';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { TillProcess } from '../../test-support/till-process';
import { rpc, startTillProcess } from '../../test-support/till-process';
import { demoCatalogue, demoEan, demoShop, demoUsers, hashPin } from '../src/core';
import { approveAsManager, italian, scannerBurst } from './cashier-flow';

const screenshots = process.env.CASSA_SCREENSHOTS_DIR;
const orgId = 'org-catena';
const milano = 'store-milano';
const roma = 'store-roma';
/** Chianti Classico, 12,90 €. */
const chianti = demoEan(6);
/** A sentence with amounts as the screen formats them (the space before € may be a no-break one). */
const euro = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s'));

describe('chain vouchers and store credit across stores, in Italian', () => {
  let server: RestartableServer;
  let browser: Browser;
  const tills: TillProcess[] = [];
  const pages: Page[] = [];
  let probeToken = '';
  let ordered: TillProcess[] = [];

  /** What head office holds for an account, asked as a paired device asks it. */
  async function headOffice(kind: 'voucher' | 'store-credit' | 'points', account: string): Promise<LedgerAccountView> {
    const response = await fetch(`${server.url}/v1/ledger/accounts/${kind}/${encodeURIComponent(account)}`, { headers: { Authorization: `Bearer ${probeToken}` } });
    const body = (await response.json()) as { ok: boolean; data?: LedgerAccountView; error?: { message: string } };
    if (!body.ok || !body.data) throw new Error(`ledger.account ${kind} ${account}: ${response.status} ${body.error?.message}`);
    return body.data;
  }

  async function pairTill(storeId: string): Promise<TillProcess> {
    const till = await startTillProcess({ CASSA_EMBEDDED_SERVER: '0' });
    tills.push(till);
    const token = await adminToken(till);
    const { code } = await server.server.admin.createPairingCode(orgId, storeId);
    await rpc(till, token, 'sync.pair', { serverUrl: server.url, code });
    await rpc(till, token, 'session.logout', {});
    return till;
  }

  async function openCashier(till: TillProcess): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'it-IT', viewport: { width: 1366, height: 900 } })).newPage();
    pages.push(page);
    await page.goto(till.url);
    await page.getByRole('button', { name: 'Giulia' }).click();
    await page.getByLabel('PIN').fill('1111');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Apri turno' }).click();
    await page.getByRole('combobox', { name: 'Scansiona o cerca' }).waitFor();
    return page;
  }

  async function scan(page: Page, code: string): Promise<void> {
    const field = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    await field.fill(code);
    await field.press('Enter');
  }

  const ticket = (page: Page) => page.getByRole('region', { name: 'Scontrino' });
  const shot = async (page: Page, name: string) => {
    if (screenshots) await page.screenshot({ path: join(screenshots, name) });
  };

  beforeAll(async () => {
    server = await startRestartableServer({ engine: 'sqlite' });
    const { admin } = server.server;
    await admin.createOrganisation({ id: orgId, name: 'Bottega in catena' });
    await admin.upsertStore(orgId, { id: milano, name: 'Milano', addressLines: [...demoShop.addressLines], vatNumber: demoShop.vatNumber });
    await admin.upsertStore(orgId, { id: roma, name: 'Roma', addressLines: ['Via del Corso 10', '00186 Roma (RM)'], vatNumber: demoShop.vatNumber });
    // The owner's loyalty rule: a point per euro paid in cash or by card, a point worth 0,10 €.
    await admin.upsertSettings(orgId, [{ key: 'loyalty.rule', value: { pointsPerEuro: 1, centsPerPoint: 10, minimumRedeem: 0 } }]);
    const catalogue = demoCatalogue();
    await admin.upsertCategories(orgId, catalogue.categories);
    await admin.upsertProducts(orgId, catalogue.products);
    await admin.upsertUsers(
      orgId,
      demoUsers.map((u) => ({ id: u.id, name: u.name, role: u.role, pinHash: hashPin(u.pin, { N: 1024 }), active: true, storeIds: [milano, roma] })),
    );
    // Head office's figures are read as a paired device reads them: a probe paired to Roma.
    const { code } = await admin.createPairingCode(orgId, roma);
    const paired = await fetch(`${server.url}/v1/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, code, deviceName: 'Verifica e2e' }),
    });
    probeToken = ((await paired.json()) as { data: { deviceToken: string } }).data.deviceToken;
    // In this order whichever process starts first: Milano, then the two Roma tills.
    ordered = await Promise.all([pairTill(milano), pairTill(roma), pairTill(roma)]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const till of tills) till.cleanup();
    await server?.dispose();
  });

  it('a gift card sold in Milano pays in Roma, is refunded to store credit, and that credit is spent at a third till', async () => {
    const [tillMilano, tillRoma1, tillRoma2] = ordered as [TillProcess, TillProcess, TillProcess];

    // Milano: sell a €50 gift card in cash and read its code off the completion banner.
    const a = await openCashier(tillMilano);
    await a.getByRole('button', { name: 'Vendi buono regalo' }).click();
    const sell = a.getByRole('dialog', { name: 'Buono regalo' });
    await sell.getByLabel('Valore del buono (€)').fill('50');
    await sell.getByRole('button', { name: 'Aggiungi allo scontrino' }).click();
    await expect.poll(() => ticket(a).textContent()).toMatch(euro('50,00 €'));
    await a.keyboard.press('F8');
    await a.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Importo esatto' }).click();
    await a.getByRole('status', { name: /Scontrino \d{4}-\d{4} chiuso/ }).waitFor();
    const code = ((await a.locator('.voucher-code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^V-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shot(a, 'chain-gift-card-sold.png');
    await expect.poll(async () => (await headOffice('voucher', code)).balance, { timeout: 20_000 }).toBe(5000);

    // Roma, first till: the code typed in the scan field shows head office's balance and history.
    const b = await openCashier(tillRoma1);
    await scan(b, code);
    const lookup = b.getByRole('dialog', { name: `Buono ${code}` });
    await expect.poll(() => lookup.textContent()).toMatch(euro('Saldo: 50,00 €'));
    expect(await lookup.textContent()).toContain('dalla sede');
    expect(await lookup.getByRole('table', { name: 'Movimenti' }).textContent()).toContain('Milano');
    await shot(b, 'chain-voucher-lookup.png');
    await lookup.getByRole('button', { name: /Chiudi/ }).click();

    // Five bottles of Chianti (64,50 €): 60 € is more than the card holds, head office says how much
    // it does; 30 € with the gift card, the rest in cash.
    for (let i = 0; i < 5; i++) await scan(b, chianti);
    await expect.poll(() => ticket(b).textContent()).toMatch(euro('64,50 €'));
    await ticket(b).getByRole('button', { name: 'Buono', exact: true }).click();
    const pay = b.getByRole('dialog', { name: 'Pagamento: Buono' });
    await pay.getByLabel('Codice del buono').fill(code);
    await pay.getByLabel('Codice del buono').press('Enter');
    await expect.poll(() => pay.textContent()).toMatch(euro('Saldo: 50,00 €'));
    await pay.getByLabel('Importo (€)').fill('60');
    await pay.getByRole('button', { name: 'Conferma pagamento' }).click();
    await expect.poll(() => pay.getByRole('alert').textContent()).toMatch(euro('Secondo la sede sono disponibili solo 50,00 €'));
    await pay.getByLabel('Importo (€)').fill('30');
    await pay.getByRole('button', { name: 'Conferma pagamento' }).click();
    await pay.waitFor({ state: 'detached' });
    await expect.poll(() => b.locator('.notice').textContent()).toMatch(euro(`Buono ${code}: 30,00 € confermato in linea; saldo residuo 20,00 €`));
    await expect.poll(() => ticket(b).textContent()).toContain('confermato in linea');
    await shot(b, 'chain-voucher-paid.png');
    await b.keyboard.press('F8');
    await b.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Importo esatto' }).click();
    await b.getByRole('status', { name: /Scontrino 0001-\d{4} chiuso/ }).waitFor();
    const saleNumber = /Scontrino (\d{4}-\d{4}) chiuso/.exec((await b.getByRole('status', { name: /Scontrino \d{4}-\d{4} chiuso/ }).getAttribute('aria-label')) ?? '')?.[1] ?? '';
    await expect.poll(async () => (await headOffice('voucher', code)).balance, { timeout: 20_000 }).toBe(2000);

    // The same till returns that purchase, refunding it all to Anna Bianchi's store credit.
    await b.keyboard.press('F6');
    const returns = b.getByRole('dialog', { name: 'Reso o storno' });
    await returns.getByLabel('Codice o numero dello scontrino').fill(saleNumber);
    await returns.getByRole('button', { name: 'Cerca' }).click();
    await returns.getByLabel(/Quantità da rendere per Chianti/).fill('5');
    await returns.getByRole('button', { name: 'Rendi le righe scelte' }).click();
    await approveAsManager(b, italian);
    const returnTicket = b.getByRole('region', { name: 'Reso dello scontrino' });
    await expect.poll(() => returnTicket.textContent()).toContain('Chianti');
    await b.keyboard.press('F3');
    const customer = b.getByRole('dialog', { name: 'Cliente dello scontrino' });
    const form = customer.getByRole('form', { name: 'Nuovo cliente' });
    await form.getByLabel('Nome').fill('Anna Bianchi');
    await form.getByLabel('Telefono').fill('3331234567');
    await form.getByRole('button', { name: 'Crea e associa' }).click();
    await customer.waitFor({ state: 'detached' });
    await returnTicket.getByRole('button', { name: 'Credito cliente', exact: true }).click();
    await b.getByRole('dialog', { name: 'Rimborso: Credito cliente' }).getByRole('button', { name: 'Conferma pagamento' }).click();
    await b.getByRole('status', { name: /Reso \d{4}-\d{4} chiuso/ }).waitFor();
    const [anna] = (await rpc(tillRoma1, await adminToken(tillRoma1), 'customer.search', { query: 'Bianchi' })) as { id: string }[];
    expect(anna).toBeDefined();
    await expect.poll(async () => (await headOffice('store-credit', anna!.id)).balance, { timeout: 20_000 }).toBe(6450);

    // Roma, second till: Anna is found with her credit (pulled from head office) and spends 12,90 € of it.
    const c = await openCashier(tillRoma2);
    await scan(c, chianti);
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('12,90 €'));
    await c.keyboard.press('F3');
    const find = c.getByRole('dialog', { name: 'Cliente dello scontrino' });
    await expect
      .poll(async () => {
        await find.getByLabel(/Cerca cliente/).fill('Bianchi');
        await find.getByRole('button', { name: 'Cerca', exact: true }).click();
        return find.textContent();
      }, { timeout: 30_000 })
      .toMatch(euro('Credito: 64,50 €'));
    await find.getByRole('button', { name: 'Associa Anna Bianchi' }).click();
    await find.waitFor({ state: 'detached' });
    await ticket(c).getByRole('button', { name: 'Credito cliente', exact: true }).click();
    const credit = c.getByRole('dialog', { name: 'Pagamento: Credito cliente' });
    await expect.poll(() => credit.getByLabel('Importo (€)').inputValue()).toBe('12,90');
    await credit.getByRole('button', { name: 'Conferma pagamento' }).click();
    await c.getByRole('status', { name: /Scontrino \d{4}-\d{4} chiuso/ }).waitFor();
    await expect.poll(() => c.locator('.notice').textContent()).toMatch(euro('Credito cliente: 12,90 € confermato in linea; saldo residuo 51,60 €'));
    await shot(c, 'chain-store-credit-paid.png');

    // Head office and the tills agree: the gift card at 20 €, Anna's credit at 51,60 €.
    await expect.poll(async () => (await headOffice('store-credit', anna!.id)).balance, { timeout: 20_000 }).toBe(5160);
    const voucher = await headOffice('voucher', code);
    expect(voucher).toMatchObject({ balance: 2000, held: 0, overspent: false });
    expect(voucher.entries.map((e) => [e.reason, e.amount, e.storeName])).toEqual(expect.arrayContaining([['issue', 5000, 'Milano'], ['spend', -3000, 'Roma']]));
    // Scanned this time (a keyboard-wedge burst), wherever the focus is.
    await scannerBurst(c, code);
    const seen = c.getByRole('dialog', { name: `Buono ${code}` });
    await expect.poll(() => seen.textContent()).toMatch(euro('Saldo: 20,00 €'));
    await seen.getByRole('button', { name: /Chiudi/ }).click();
    await c.keyboard.press('F3');
    await find.getByLabel(/Cerca cliente/).fill('Bianchi');
    await find.getByRole('button', { name: 'Cerca', exact: true }).click();
    await expect.poll(() => find.textContent(), { timeout: 20_000 }).toMatch(euro('Credito: 51,60 €'));
    await find.getByRole('button', { name: /Chiudi/ }).click();

    // Loyalty: Anna earns points paying in cash, then redeems them as a discount held at head office.
    await scan(c, chianti);
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('12,90 €'));
    await attachAnna(c);
    await c.keyboard.press('F8');
    await c.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Importo esatto' }).click();
    await expect.poll(() => c.locator('.done').textContent()).toContain('Punti guadagnati: 12 · saldo 12');
    await expect.poll(async () => (await headOffice('points', anna!.id)).balance, { timeout: 20_000 }).toBe(12);
    await scan(c, chianti);
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('12,90 €'));
    await attachAnna(c);
    await expect.poll(() => ticket(c).textContent()).toContain('Punti: 12');
    await ticket(c).getByRole('button', { name: 'Punti', exact: true }).click();
    const points = c.getByRole('dialog', { name: 'Sconto con i punti' });
    await expect.poll(() => points.textContent()).toMatch(euro('Valore: 1 punto = 0,10 €'));
    await points.getByLabel('Punti da usare').fill('10');
    await points.getByRole('button', { name: /Usa i punti/ }).click();
    await points.waitFor({ state: 'detached' });
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('10 punti = sconto di 1,00 € · confermato in linea'));
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('11,90 €'));
    await shot(c, 'chain-points-redeemed.png');
    await c.keyboard.press('F8');
    await c.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Importo esatto' }).click();
    await expect.poll(() => c.locator('.done').textContent()).toContain('Punti usati: 10');
    expect(await c.locator('.done').textContent()).toContain('Punti guadagnati: 11 · saldo 13');
    await expect.poll(async () => (await headOffice('points', anna!.id)).balance, { timeout: 20_000 }).toBe(13);

    // Head office gone: the third till answers with its own figure (the ledgers stream's row) and its age.
    await server.stop();
    await scan(c, code);
    const own = c.getByRole('dialog', { name: `Buono ${code}` });
    await expect.poll(() => own.textContent(), { timeout: 10_000 }).toMatch(/dato della cassa, aggiornato meno di un minuto fa/);
    expect(await own.textContent()).toMatch(euro('Saldo: 20,00 €'));
    await shot(c, 'chain-voucher-offline.png');
    await own.getByRole('button', { name: /Chiudi/ }).click();

    // Still without head office, 5 € of the card is taken offline, within this till's allowance;
    // once head office is back the entry reaches it and the balances agree again.
    await scan(c, chianti);
    await expect.poll(() => ticket(c).textContent()).toMatch(euro('12,90 €'));
    await ticket(c).getByRole('button', { name: 'Buono', exact: true }).click();
    const offlinePay = c.getByRole('dialog', { name: 'Pagamento: Buono' });
    // The card scanned into the code field: looked up at once, the till's own figure.
    await offlinePay.getByLabel('Codice del buono').focus();
    await scannerBurst(c, code);
    await expect.poll(() => offlinePay.textContent()).toMatch(euro('Saldo: 20,00 € · dato della cassa'));
    await offlinePay.getByLabel('Importo (€)').fill('5');
    await offlinePay.getByRole('button', { name: 'Conferma pagamento' }).click();
    await offlinePay.waitFor({ state: 'detached' });
    await expect.poll(() => c.locator('.notice').textContent()).toMatch(euro(`Buono ${code}: 5,00 € preso offline; ancora spendibile senza sede 15,00 €`));
    await expect.poll(() => ticket(c).textContent()).toContain('preso offline');
    await c.keyboard.press('F8');
    await c.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Importo esatto' }).click();
    await c.getByRole('status', { name: /Scontrino \d{4}-\d{4} chiuso/ }).waitFor();
    await server.start();
    await expect.poll(async () => (await headOffice('voucher', code)).balance, { timeout: 30_000 }).toBe(1500);
    expect((await headOffice('voucher', code)).overspent).toBe(false);
  });

  /** The cashier attaches Anna Bianchi to the ticket (F3, search, attach). */
  async function attachAnna(page: Page): Promise<void> {
    await page.keyboard.press('F3');
    const dialog = page.getByRole('dialog', { name: 'Cliente dello scontrino' });
    await dialog.getByLabel(/Cerca cliente/).fill('Bianchi');
    await dialog.getByRole('button', { name: 'Cerca', exact: true }).click();
    await dialog.getByRole('button', { name: 'Associa Anna Bianchi' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ticket(page).textContent()).toContain('Cliente: Anna Bianchi');
  }

  /** Setup and read-outs go through the admin's own session, leaving Giulia's ticket alone. */
  async function adminToken(till: TillProcess): Promise<string> {
    return ((await rpc(till, null, 'session.login', { userId: 'user-admin', pin: '9999' })) as { token: string }).token;
  }
});
