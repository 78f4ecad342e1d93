/**
 * The back office end to end, by role and accessible name, in the real browser host:
 * - on the demo register (paired with its embedded head office) a manager reads the day's sales
 *   as a table, a chart and a CSV file, receives goods into stock, and is told that head office
 *   manages the catalogue;
 * - on an unpaired register an administrator adds a size × colour product, imports a CSV (dry run
 *   with a rejected row, then for real), adds and deactivates a user, saves the receipt footer,
 *   prints a test receipt and sees its preview, and reads the screen in English.
 * Opened from the till header's "Gestione" / "Back office" button.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess, rpc } from '../../test-support/till-process';


/** One cash sale of ground coffee (4,49 €) made through the API, as a cashier would at the till. */
async function sellCoffee(till: TillProcess): Promise<void> {
  const { token } = (await rpc(till, null, 'session.login', { userId: 'user-giulia', pin: '1111' })) as { token: string };
  await rpc(till, token, 'shift.open', { floatCents: 0 });
  await rpc(till, token, 'sale.scan', { code: '8001234500016' });
  await rpc(till, token, 'sale.addPayment', { method: 'cash', amountCents: 449 });
  await rpc(till, token, 'sale.complete', { printReceipt: false });
}

async function openBackOffice(page: Page, till: TillProcess, user: string, pin: string): Promise<void> {
  await page.goto(till.url);
  await page.getByRole('button', { name: user }).click();
  await page.getByLabel('PIN').fill(pin);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('button', { name: 'Gestione' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Gestione' }).isVisible()).toBe(true);
}

const text = (page: Page, role: 'status' | 'alert') => page.getByRole(role).allTextContents().then((all) => all.join(' | '));

describe('the back office, end to end', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('on the demo register, paired with head office', () => {
    let till: TillProcess;
    beforeAll(async () => {
      till = await startTillProcess();
      await sellCoffee(till);
    });
    afterAll(async () => {
      await till?.stop('SIGTERM');
      till?.cleanup();
    });

    it('lets a manager read sales, receive goods and export, and refuses catalogue edits', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await openBackOffice(page, till, 'Marco', '2222');

      // Sales by day: table, chart, CSV.
      const table = page.getByRole('table', { name: 'Venduto per giorno' });
      await expect.poll(() => table.textContent()).toContain('4,49');
      expect(await page.getByRole('img', { name: 'Grafico del venduto per giorno' }).isVisible()).toBe(true);
      await page.getByLabel('Raggruppa per').selectOption('product');
      await expect.poll(() => page.getByRole('table', { name: 'Venduto per prodotto' }).textContent()).toContain('Caffè macinato');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Esporta CSV' }).click()]);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain('Caffè macinato espresso 250 g;1;1;4,49;');
      // Managers see no Users tab: that is for administrators.
      expect(await page.getByRole('tab', { name: 'Utenti' }).count()).toBe(0);

      // Goods received: a movement of +6 on the coffee. The tabs follow the keyboard too.
      await page.getByRole('tab', { name: 'Vendite' }).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByRole('tab', { name: 'Magazzino' }).getAttribute('aria-selected')).toBe('true');
      await page.getByLabel('Cerca articolo o SKU').fill('CAF250');
      await page.getByRole('button', { name: 'Rettifica Caffè macinato espresso 250 g' }).click();
      await page.getByLabel('Quantità (+ carico, − scarico)').fill('6');
      await page.getByLabel('Nota').fill('DDT 118');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => text(page, 'status')).toContain('Caffè macinato espresso 250 g: giacenza ora 17');

      // The catalogue belongs to head office on a paired register: the refusal says so.
      await page.getByRole('tab', { name: 'Catalogo' }).click();
      await page.getByLabel('Cerca prodotto, SKU o codice a barre').fill('caffè');
      await page.getByRole('button', { name: 'Modifica Caffè macinato espresso 250 g' }).click();
      await page.getByLabel('Prezzo di listino (€)').fill('4,79');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => text(page, 'alert')).toContain('Questa cassa è collegata alla sede: il catalogo si gestisce dalla sede');
      const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Esporta CSV' }).click()]);
      expect(readFileSync(await exported.path(), 'utf8')).toContain('CAF250');

      // Sync: paired, and what waits to be sent.
      await page.getByRole('tab', { name: 'Sincronizzazione' }).click();
      await expect.poll(() => page.locator('.bo-facts').first().textContent()).toContain('Abbinata alla sede');
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      // Sending and receiving back off separately, so each has its own line.
      await expect.poll(() => page.locator('.bo-facts').first().textContent()).toContain('Invio: ok · Ricezione: ok');
      await page.getByRole('button', { name: 'Torna alla cassa' }).click();
      await page.close();
    });
  });

  describe('on an unpaired register', () => {
    let till: TillProcess;
    beforeAll(async () => {
      till = await startTillProcess({ CASSA_EMBEDDED_SERVER: '0' });
    });
    afterAll(async () => {
      await till?.stop('SIGTERM');
      till?.cleanup();
    });

    it('lets an administrator edit the catalogue, import, manage users, settings and devices', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await openBackOffice(page, till, 'Admin', '9999');

      // A new product with a size × colour grid.
      await page.getByRole('tab', { name: 'Catalogo' }).click();
      await page.getByRole('button', { name: 'Nuovo prodotto' }).click();
      const editor = page.getByRole('form', { name: 'Nuovo prodotto' });
      await editor.getByLabel('Nome', { exact: true }).fill('Polo piqué');
      await editor.getByLabel('SKU prodotto').fill('POLO');
      await editor.getByLabel('Prezzo di listino (€)').fill('29,90');
      await editor.getByLabel('Asse 1: nome').fill('taglia');
      await editor.getByLabel('Asse 1: valori, separati da virgola').fill('S, M');
      await editor.getByLabel('Asse 2: nome').fill('colore');
      await editor.getByLabel('Asse 2: valori, separati da virgola').fill('Rosso');
      await editor.getByRole('button', { name: 'Crea la griglia' }).click();
      expect(await editor.getByLabel('SKU di M / Rosso').inputValue()).toBe('POLO-M-ROSSO');
      await editor.getByLabel('Prezzo di M / Rosso').fill('31,90');
      await editor.getByLabel('Codici a barre di S / Rosso').fill('2000000000015');
      await editor.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => text(page, 'status')).toContain('Polo piqué salvato');
      await page.getByRole('button', { name: 'Annulla' }).click();
      await page.getByLabel('Cerca prodotto, SKU o codice a barre').fill('polo');
      await expect.poll(() => page.getByRole('table').first().textContent()).toContain('Polo piqué');

      // CSV import: a dry run lists the bad row, then the import saves the good ones.
      const csv = ['sku;prodotto;nome;prezzo;iva;unita', 'TE1;;Tè verde;3,20;10;pz', 'TE2;;Tè nero;tre euro;10;pz', 'TE3;;Tisana;2,80;99;pz', 'TE4;;Tè bianco;5,10;10;pz'].join('\n');
      await page.getByLabel('File CSV').setInputFiles({ name: 'te.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Controlla (prova senza salvare)' }).click();
      await expect.poll(() => text(page, 'status')).toContain('Prova: 2 prodotti');
      const rejected = page.getByRole('table', { name: 'Righe scartate' });
      await expect.poll(() => rejected.textContent()).toContain('TE2');
      expect(await rejected.getByRole('row').count()).toBe(3);
      await expect.poll(() => page.getByRole('progressbar', { name: 'Avanzamento importazione' }).getAttribute('value')).toBe('5');
      await page.getByRole('button', { name: 'Importa', exact: true }).click();
      await expect.poll(() => text(page, 'status'), { timeout: 15_000 }).toContain('Importati 2 prodotti');
      await page.getByLabel('Cerca prodotto, SKU o codice a barre').fill('tè bianco');
      await expect.poll(() => page.getByRole('table').first().textContent()).toContain('5,10');

      // Users: add a cashier, then deactivate her.
      await page.getByRole('tab', { name: 'Utenti' }).click();
      await page.getByRole('button', { name: 'Nuovo utente' }).click();
      await page.getByLabel('Nome', { exact: true }).fill('Sara');
      await page.getByLabel('PIN (4-8 cifre)').fill('4444');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => page.getByRole('row', { name: /Sara/ }).textContent()).toContain('Cassiere');
      await page.getByRole('button', { name: 'Disattiva Sara' }).click();
      await expect.poll(() => page.getByRole('row', { name: /Sara/ }).textContent()).toContain('Disattivato');

      // Settings: the receipt footer.
      await page.getByRole('tab', { name: 'Impostazioni' }).click();
      await page.getByLabel('Piè di scontrino (massimo 6 righe)').fill('Grazie!\nCambi entro 30 giorni');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => text(page, 'status')).toContain('Salvato');

      // Devices: a test print, and the virtual printer's picture of it.
      await page.getByRole('tab', { name: 'Dispositivi' }).click();
      await page.getByRole('button', { name: 'Stampa di prova' }).click();
      await expect.poll(() => page.getByRole('img', { name: 'Anteprima dell’ultimo scontrino' }).isVisible(), { timeout: 10_000 }).toBe(true);
      await page.getByRole('button', { name: 'Cerca' }).click();
      await expect.poll(() => page.getByRole('list', { name: 'Trovati' }).isVisible(), { timeout: 20_000 }).toBe(true);

      // English: the same screen, Irish-English money.
      await page.getByRole('combobox', { name: 'Lingua' }).selectOption('en');
      await page.getByRole('tab', { name: 'Stock' }).click();
      await page.getByLabel('Search item or SKU').fill('TE4');
      await expect.poll(() => page.getByRole('button', { name: 'Adjust Tè bianco' }).isVisible()).toBe(true);
      await page.getByRole('tab', { name: 'Catalogue' }).click();
      await page.getByLabel('Search product, SKU or barcode').fill('polo');
      await expect.poll(() => page.getByRole('table').first().textContent()).toContain('€29.90');
      await page.getByRole('button', { name: 'Back to the till' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Back office' }).isVisible()).toBe(true);
      await page.close();
    });

    it('refuses an import row that takes another product\'s barcode, and reads a Windows-1252 file from Excel', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await openBackOffice(page, till, 'Admin', '9999');
      await page.getByRole('tab', { name: 'Catalogo' }).click();
      // The product editor warns about a name the receipt printer cannot print, and names a clash.
      await page.getByRole('button', { name: 'Nuovo prodotto' }).click();
      const editor = page.getByRole('form', { name: 'Nuovo prodotto' });
      await editor.getByLabel('Nome', { exact: true }).fill('Caffè ☕');
      await expect.poll(() => editor.getByRole('note').textContent()).toBe('Lo scontrino stamperà "?" al posto di: ☕');
      await editor.getByLabel('SKU prodotto').fill('EMOJI');
      await editor.getByLabel('Prezzo di listino (€)').fill('1,00');
      await editor.getByLabel(/^Codici a barre/).first().fill('2000000000015');
      await editor.getByRole('button', { name: 'Salva', exact: true }).click();
      await expect.poll(() => text(page, 'alert')).toContain('Il codice a barre 2000000000015 appartiene già a POLO-S-ROSSO "Polo piqué": toglilo prima da quel prodotto');
      await page.getByRole('button', { name: 'Annulla' }).click();
      // Plain "CSV" from Italian Excel: Windows-1252 bytes (ù = F9), the Polo's barcode on another row.
      const header = Buffer.from('codice;nome;prezzo;iva;barcode\r\n', 'latin1');
      const peru = Buffer.from('PERU;Caff\xe8 Per\xf9;6,20;22;\r\n', 'latin1');
      const thief = Buffer.from('LADRO;Ladro di codici;1,00;22;2000000000015\r\n', 'latin1');
      await page.getByLabel('File CSV').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.concat([header, peru, thief]) });
      await expect.poll(() => page.getByText('File letto come WINDOWS-1252').isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Controlla (prova senza salvare)' }).click();
      // An import writes the catalogue and its search index: on a busy two-core machine that takes seconds.
      await expect.poll(() => text(page, 'status'), { timeout: 15_000 }).toContain('Prova: 1 prodotti');
      const rejected = page.getByRole('table', { name: 'Righe scartate' });
      await expect.poll(() => rejected.textContent()).toContain('Il codice a barre 2000000000015 appartiene già a POLO-S-ROSSO "Polo piqué"');
      await page.getByRole('button', { name: 'Importa', exact: true }).click();
      await expect.poll(() => text(page, 'status'), { timeout: 15_000 }).toContain('Importati 1 prodotti');
      await page.getByLabel('Cerca prodotto, SKU o codice a barre').fill('2000000000015');
      await expect.poll(() => page.getByRole('table').first().textContent()).toContain('Polo piqué');
      await page.getByLabel('Cerca prodotto, SKU o codice a barre').fill('peru');
      await expect.poll(() => page.getByRole('table').first().textContent()).toContain('Caffè Perù');
      await page.close();
    });
  });
});
