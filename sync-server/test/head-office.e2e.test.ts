/**
 * The head office end to end, in Debian's Chromium: first visit creates the owner, a store and a
 * pairing code are made in the page, a real till core pairs with the code read off the page,
 * sells, and the sale shows on the dashboard without a reload; a price changed in head office
 * reaches the till's next scan; the owner's till rules (scale label layouts, approvals) reach it
 * too; a store's new address reaches its receipts; stock sent to another
 * store leaves on sending and arrives on receipt; a revoked register is refused and keeps its
 * unsent sales.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTillRuntime } from '@cassa/desktop/host';
import type { TillRuntime } from '@cassa/desktop/host';
import { launchChromium } from '../../test-support/browser';
import { createSyncServer } from '../src/index';
import type { ListeningServer, SyncServer } from '../src/index';
import { until } from '../../test-support/until';

function ean13(base: string): string {
  const digits = base.split('').map(Number);
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return `${base}${(10 - (sum % 10)) % 10}`;
}


/** Every control on the page has an accessible name (label, aria-label, or its own text). */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea, a[href]')]
      .filter((el) => {
        const aria = el.getAttribute('aria-label') ?? '';
        const labelled = el.getAttribute('aria-labelledby');
        const labels = (el as HTMLInputElement).labels;
        const text = (el.textContent ?? '').trim();
        return aria.trim() === '' && !labelled && !(labels && labels.length > 0 && [...labels].some((l) => (l.textContent ?? '').trim() !== '')) && text === '';
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

describe('head office in the browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-ho-e2e-'));
  let server: SyncServer;
  let listening: ListeningServer;
  let browser: Browser;
  let page: Page;
  let till: TillRuntime | null = null;
  let base = '';

  beforeAll(async () => {
    server = await createSyncServer({ sqlitePath: join(dir, 'head-office.sqlite'), log: () => undefined });
    listening = await server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${listening.port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await till?.close();
    await browser?.close();
    await listening?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets up, pairs a till, shows its sales live, sends prices down and revokes it', async () => {
    // First visit: no users, so the page offers to create the organisation and its owner.
    await page.goto(base);
    await page.getByRole('heading', { name: 'Benvenuto: configura la sede' }).waitFor();
    await page.getByLabel('Nome dell’organizzazione').fill('Bottega Rossi');
    await page.getByLabel('Il tuo nome').fill('Anna Rossi');
    await page.getByLabel('Email').fill('anna@example.it');
    await page.getByLabel('Password (almeno 10 caratteri)').fill('correct horse battery');
    await page.getByRole('button', { name: 'Crea e accedi' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    // Sign out and in again, as on any later visit.
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByLabel('Email').fill('anna@example.it');
    await page.getByLabel('Password').fill('wrong horse battery');
    await page.getByRole('button', { name: 'Accedi' }).click();
    // The server's refusal, in the page's language.
    await page.getByRole('alert').filter({ hasText: 'Email o password errati' }).waitFor();
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    // A store and a product with a barcode.
    await page.getByRole('link', { name: 'Negozi e casse' }).click();
    const newStore = page.getByRole('form', { name: 'Nuovo negozio' });
    await newStore.getByLabel('Nome').fill('Milano Centro');
    await newStore.getByRole('button', { name: 'Crea negozio' }).click();
    await page.getByText('Milano Centro').first().waitFor();

    const barcode = ean13('800123450001');
    await page.getByRole('link', { name: 'Catalogo' }).click();
    const newProduct = page.getByRole('form', { name: 'Nuovo prodotto' });
    // A name the receipt printer cannot print is warned about, not refused.
    await newProduct.getByLabel('Nome').fill('Caffè ☕');
    await newProduct.getByRole('note').filter({ hasText: 'Lo scontrino stamperà "?" al posto di: ☕' }).waitFor();
    await newProduct.getByLabel('Nome').fill('Caffè macinato');
    expect(await newProduct.getByRole('note').count()).toBe(0);
    await newProduct.getByLabel('Codice', { exact: true }).fill('CAF-E2E');
    await newProduct.getByLabel('Prezzo (€)').fill('2,50');
    await newProduct.getByLabel('Codice a barre').fill(barcode);
    await newProduct.getByRole('button', { name: 'Crea prodotto' }).click();
    await page.getByRole('textbox', { name: 'Prezzo di Caffè macinato', exact: true }).waitFor();

    // Every page's controls have accessible names.
    for (const link of ['Cruscotto', 'Negozi e casse', 'Catalogo', 'Utenti cassa', 'Regole delle casse', 'Utenti sede', 'Magazzino', 'Abbonamento', 'Il mio account']) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: link, exact: true }).first().waitFor();
      await page.waitForTimeout(200);
      expect(await unnamedControls(page), link).toEqual([]);
    }

    // A till user limited to one store (registers of other stores never receive them).
    await page.getByRole('link', { name: 'Utenti cassa' }).click();
    const newTillUser = page.getByRole('form', { name: 'Aggiungi utente' });
    await newTillUser.getByLabel('Nome').fill('Mara');
    await newTillUser.getByLabel('Negozi (nessuno = tutti)').selectOption({ label: 'Milano Centro' });
    await newTillUser.getByLabel('PIN (4–8 cifre)').fill('2468');
    await newTillUser.getByRole('button', { name: 'Aggiungi utente' }).click();
    const maraStores = page.getByRole('listbox', { name: 'Negozi (nessuno = tutti): Mara' });
    await maraStores.waitFor();
    await expect(maraStores.evaluate((el) => [...(el as HTMLSelectElement).selectedOptions].map((o) => o.text))).resolves.toEqual(['Milano Centro']);

    // An owner makes a one-time reset link on the users page; whoever opens it chooses a new password.
    await page.getByRole('link', { name: 'Utenti sede' }).click();
    await page.getByRole('button', { name: 'Link per una nuova password di Anna Rossi' }).click();
    const resetUrl = await page.getByRole('textbox', { name: 'Link per la nuova password' }).inputValue();
    expect(resetUrl).toMatch(/#\/reset\?token=/);
    await page.goto(resetUrl);
    await page.getByRole('heading', { name: 'Nuova password' }).waitFor();
    await page.getByText('Scegli una nuova password per anna@example.it.').waitFor();
    await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('a reset horse battery');
    await page.getByRole('button', { name: 'Salva e accedi' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    // The owner moves to a bigger plan; the seats in use show against it.
    await page.getByRole('link', { name: 'Abbonamento' }).click();
    await page.getByRole('heading', { name: 'Piano Starter' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Passa al piano Business' }).click();
    await page.getByRole('heading', { name: 'Piano Business' }).waitFor();
    await expect(page.getByRole('meter', { name: 'Utenti sede' }).getAttribute('max')).resolves.toBe('25');

    // A pairing code, read off the page.
    await page.getByRole('link', { name: 'Negozi e casse' }).click();
    await page.getByRole('button', { name: 'Nuovo codice di abbinamento: Milano Centro' }).click();
    const code = (await page.getByRole('status', { name: 'Codice di abbinamento' }).textContent())?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    await expect(page.getByRole('img', { name: 'QR del codice di abbinamento' }).locator('svg').count()).resolves.toBe(1);

    // A real till core pairs with that code, as its admin.
    till = await startTillRuntime({
      dataDir: join(dir, 'till'),
      printerConnection: 'virtual:printer',
      demo: true,
      logger: { error: () => undefined },
    });
    const core = till.core;
    const call = async (name: string, input: unknown, token?: string) => {
      const result = await core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
      return result.data as never;
    };
    const admin = ((await call('session.login', { userId: 'user-admin', pin: '9999' })) as { token: string }).token;
    await call('sync.pair', { serverUrl: base, code }, admin);
    await until(() => core.services.catalogue.findVariant('v-caf-e2e')?.priceCents, (p) => p === 250);
    await page.getByRole('cell', { name: 'Attiva' }).waitFor({ timeout: 10_000 });

    // The dashboard is open before the sale; the sale appears without a reload.
    await page.getByRole('link', { name: 'Cruscotto' }).click();
    await page.getByText('In diretta').waitFor();
    await expect(page.getByTestId('kpi-takings').textContent()).resolves.toMatch(/0,00/);
    await call('shift.open', { floatCents: 0 }, admin);
    await call('sale.scan', { code: barcode }, admin);
    await call('sale.addPayment', { method: 'cash', amountCents: 250 }, admin);
    await call('sale.complete', { printReceipt: false }, admin);
    const soldAt = Date.now();
    await page.getByTestId('kpi-takings').filter({ hasText: '2,50' }).waitFor({ timeout: 5_000 });
    expect(Date.now() - soldAt).toBeLessThan(5_000);
    await expect(page.getByTestId('kpi-tickets').textContent()).resolves.toBe('1');
    await page.getByRole('cell', { name: 'Caffè macinato' }).waitFor();

    // A new price in head office is used by the till's next scan.
    await page.getByRole('link', { name: 'Catalogo' }).click();
    await page.getByRole('textbox', { name: 'Prezzo di Caffè macinato', exact: true }).fill('3,10');
    await page.getByRole('button', { name: 'Salva prezzo di Caffè macinato', exact: true }).click();
    await until(() => core.services.catalogue.findVariant('v-caf-e2e')?.priceCents, (p) => p === 310);
    const ticket = (await call('sale.scan', { code: barcode }, admin)) as { totalCents: number };
    expect(ticket.totalCents).toBe(310);

    // A catalogue file from Italian Excel (Windows-1252, ù = F9): the row taking the coffee's
    // barcode (written as GTIN-14) is refused with the reason; the other reaches the till as "Perù".
    const excel = Buffer.concat([
      Buffer.from('codice;nome;prezzo;iva;barcode\r\n', 'latin1'),
      Buffer.from(`LADRO;Ladro;1,00;22;0${barcode}\r\n`, 'latin1'),
      Buffer.from('PERU-E2E;Caff\xe8 Per\xf9;6,20;22;\r\n', 'latin1'),
    ]);
    await page.getByLabel('File CSV del catalogo').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: excel });
    await page.getByRole('button', { name: 'Importa', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 prodotti, 1 varianti, 1 righe scartate' }).waitFor();
    await page.getByRole('cell', { name: `Il codice a barre 0${barcode} appartiene già a CAF-E2E "Caffè macinato"`, exact: false }).waitFor();
    await until(() => core.services.catalogue.findBySku('PERU-E2E')?.name, (name) => name === 'Caffè Perù');
    expect(core.services.catalogue.findByBarcode(barcode)?.sku).toBe('CAF-E2E');

    // The owner's till rules, set in the page, reach the paired till: a 20 label now reads a
    // weight, voiding a line no longer asks a manager, and the till shows the layouts read-only.
    await page.getByRole('link', { name: 'Regole delle casse' }).click();
    await page.getByRole('combobox', { name: 'Contiene 20' }).selectOption('weight');
    await page.getByRole('checkbox', { name: 'Stornare una riga richiede il PIN di un responsabile' }).uncheck();
    await page.getByRole('button', { name: 'Salva le regole' }).click();
    const rules = await until(() => core.services.backOffice.settings(), (x) => x.scaleLayouts?.[0]?.value === 'weight');
    expect(rules).toMatchObject({ scaleLayoutsFromHeadOffice: true, approvals: { cancelTicket: true, voidLine: false } });

    // The store's address and VAT number, edited in the page, reach the till's receipt header.
    await page.getByRole('link', { name: 'Negozi e casse' }).click();
    await page.getByRole('button', { name: 'Modifica Milano Centro' }).click();
    const editStore = page.getByRole('form', { name: 'Modifica Milano Centro' });
    await editStore.getByLabel(/^Indirizzo/).fill('Via Torino 12\n20123 Milano MI');
    await editStore.getByLabel('P. IVA').fill('IT01234567890');
    await editStore.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Via Torino 12 · 20123 Milano MI · P. IVA IT01234567890').waitFor();
    const shop = await until(() => core.services.backOffice.settings(), (x) => x.vatNumber === 'IT01234567890');
    expect(shop.addressLines).toEqual(['Via Torino 12', '20123 Milano MI']);

    // Two coffees go to a second store: out of Milano when sent, into Roma when received there.
    await newStore.getByLabel('Nome').fill('Roma Termini');
    await newStore.getByRole('button', { name: 'Crea negozio' }).click();
    await page.getByText('Roma Termini').first().waitFor();
    await until(() => core.services.sync.state(), (x) => x.pending === 0);
    await page.getByRole('link', { name: 'Magazzino' }).click();
    const addLine = page.getByRole('form', { name: 'Aggiungi riga' });
    await addLine.getByLabel('Codice articolo o barcode').fill('nope');
    await addLine.getByRole('button', { name: 'Aggiungi riga' }).click();
    await page.getByText('Nessun articolo con codice o barcode «nope»').waitFor();
    await addLine.getByLabel('Codice articolo o barcode').fill(barcode);
    await addLine.getByLabel('Quantità').fill('2');
    await addLine.getByRole('button', { name: 'Aggiungi riga' }).click();
    const send = page.getByRole('form', { name: 'Spedisci' });
    await send.getByLabel('Negozio di partenza').selectOption({ label: 'Milano Centro' });
    await send.getByLabel('Negozio di arrivo').selectOption({ label: 'Roma Termini' });
    await send.getByLabel('Nota').fill('Per la vetrina');
    await send.getByRole('button', { name: 'Spedisci' }).click();
    const transfers = page.getByRole('region', { name: 'Trasferimenti tra negozi' });
    await transfers.getByText('In viaggio').waitFor();
    await expect(transfers.getByRole('cell', { name: 'Caffè macinato (CAF-E2E) × 2' }).count()).resolves.toBe(1);
    const stockTable = page.getByRole('region', { name: 'Magazzino', exact: true });
    // Milano sold one and sent two; Roma has nothing until it books the goods in.
    await stockTable.getByRole('row', { name: /Milano Centro Caffè macinato CAF-E2E -3/ }).waitFor();
    await transfers.getByRole('button', { name: 'Segna ricevuto a Roma Termini' }).click();
    await transfers.getByText('Ricevuto').first().waitFor();
    await stockTable.getByRole('row', { name: /Roma Termini Caffè macinato CAF-E2E 2/ }).waitFor();
    await page.getByLabel('Cerca (nome, codice o barcode)').fill('tè verde');
    await stockTable.getByText('Nessun movimento di magazzino ricevuto').waitFor();
    await page.getByLabel('Cerca (nome, codice o barcode)').fill(barcode);
    await stockTable.getByRole('row', { name: /Roma Termini Caffè macinato/ }).waitFor();
    await expect(stockTable.getByRole('row').count()).resolves.toBe(3);
    expect(await unnamedControls(page)).toEqual([]);

    // Revoke the register: its next sync is refused, and the sale it makes stays in its outbox.
    await until(() => core.services.sync.state(), (s) => s.pending === 0);
    await page.getByRole('link', { name: 'Negozi e casse' }).click();
    // The register reports its app version and what it still has to send with every push.
    await page.getByRole('row', { name: /Cassa 1.*Milano Centro.*Attiva.*0\.1\.0\s*0\s*[+-]/ }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /^Revoca / }).click();
    await page.getByText('Revocata').waitFor();
    await call('sale.addPayment', { method: 'card', amountCents: 310 }, admin);
    await call('sale.complete', { printReceipt: false }, admin);
    await core.services.sync.syncNow();
    const state = await until(() => core.services.sync.state(), (s) => s.lastError !== null && s.pending > 0);
    expect(state.pending).toBeGreaterThanOrEqual(1);
    expect(state.lastError).toMatch(/revoked|NOT_AUTHENTICATED|Unknown/i);
    const totals = await server.admin.dailySalesTotals((await server.storage.headOffice.findUserByEmail('anna@example.it'))!.organisationId, {
      from: '2000-01-01',
      to: '2100-01-01',
    });
    expect(totals.reduce((n, r) => n + r.salesCount, 0)).toBe(1);

    // Its till lost its token (an old backup, say): a code made for this register pairs it again,
    // and the sale it kept arrives.
    core.store.write(() => core.services.context.settings.set('sync.deviceToken', `cdt_${'0'.repeat(43)}`));
    await page.getByRole('button', { name: 'Codice per riabbinare Cassa 1' }).click();
    const output = page.getByRole('status', { name: 'Codice di abbinamento' });
    const again = await until(async () => (await output.textContent())?.trim() ?? '', (text) => /^[0-9A-Z]{4}-/.test(text) && text !== code);
    await call('sync.pair', { serverUrl: base, code: again }, admin);
    await until(async () => (await core.services.sync.syncNow()).pending, (n) => n === 0);
    const after = await server.admin.dailySalesTotals((await server.storage.headOffice.findUserByEmail('anna@example.it'))!.organisationId, {
      from: '2000-01-01',
      to: '2100-01-01',
    });
    expect(after.reduce((n, r) => n + r.salesCount, 0)).toBe(2);
  });
});
