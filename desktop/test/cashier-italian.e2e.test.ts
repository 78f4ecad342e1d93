/**
 * The cashier's day in Italian, in Debian's Chromium against the browser host with a fresh data
 * folder and the virtual printer: a sale of three items (grid variant, scale label, wedge-scanned
 * barcode) with a manager-approved discount and split tender, the printed receipt, a return of one
 * line, and a Z close with a variance.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';
import { approveAsManager, italian, logIn, money, printedReceipt, sellThreeItemsSplitPaid } from './cashier-flow';

describe('the cashier in Italian', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [till, browser] = await Promise.all([startTillProcess(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  it('sells with a discount approved by a manager, paid by card and cash, and prints the receipt', async () => {
    await page.goto(till.url);
    await logIn(page, italian);
    const { totalCents } = await sellThreeItemsSplitPaid(page, italian);

    const receipt = await printedReceipt(till.url);
    expect(receipt).toContain('T-shirt cotone bio M Blu');
    expect(receipt).toContain('Mele Golden');
    expect(receipt).toContain('Caffè macinato');
    // The VAT summary: 22 % on the T-shirt and the coffee, 4 % on the apples, after the discount.
    expect(receipt).toMatch(/IVA\s+Lordo\s+Imposta/);
    expect(receipt).toMatch(/22%\s+20,74\s+3,74/);
    expect(receipt).toMatch(/4%\s+2,40\s+0,09/);
    expect(receipt).toMatch(/Carta\s+10,00/);
    expect(receipt).toMatch(/Contanti\s+20,00/);
    expect(receipt).toMatch(/Resto\s+6,86/);
    expect(receipt).toMatch(new RegExp(`TOTALE.*${(totalCents / 100).toFixed(2).replace('.', ',')}`));
    await expect.poll(() => page.getByRole('img', { name: 'Anteprima dello scontrino' }).isVisible()).toBe(true);
  });

  it('returns one line of that receipt with a manager, refunded in cash', async () => {
    await page.keyboard.press('F6');
    const dialog = page.getByRole('dialog', { name: 'Reso o storno' });
    await dialog.getByLabel('Codice o numero dello scontrino').fill('0001-0001');
    await dialog.getByRole('button', { name: 'Cerca' }).click();
    const coffee = dialog.getByLabel('Quantità da rendere per Caffè macinato espresso 250 g');
    await coffee.fill('2');
    await dialog.getByRole('button', { name: 'Rendi le righe scelte' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Al massimo 1');
    await coffee.fill('1');
    await dialog.getByRole('button', { name: 'Rendi le righe scelte' }).click();
    await approveAsManager(page, italian);

    const ticket = page.getByRole('region', { name: 'Reso dello scontrino' });
    await expect.poll(() => ticket.textContent()).toContain('Caffè macinato');
    const refund = 449 - Math.round((449 * 15) / 100);
    await expect.poll(() => ticket.getByRole('status', { name: 'Totale', exact: true }).textContent()).toMatch(money(refund, 'it'));
    await page.keyboard.press('F8');
    await page.getByRole('dialog', { name: 'Rimborso: Contanti' }).getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Reso 0001-0002 chiuso/ }).waitFor();
  });

  it('closes the shift with a Z count that shows a variance, then asks for a new shift', async () => {
    await page.getByRole('button', { name: 'Chiusura Z' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chiusura Z' });
    await dialog.getByLabel('Pezzi da 100,00 €').fill('1');
    await dialog.getByLabel('Pezzi da 10,00 €').fill('1');
    await expect.poll(() => dialog.getByText('Contato').locator('..').textContent()).toMatch(money(11000, 'it'));
    // Float 100 + cash 20 − change 6,86 − refund 3,82 = 109,32 expected; 110 counted.
    await expect.poll(() => dialog.getByText('Atteso').locator('..').textContent()).toMatch(money(10932, 'it'));
    await expect.poll(() => dialog.getByText('Differenza').locator('..').textContent()).toMatch(/\+0,68\s€/);
    await dialog.getByRole('button', { name: 'Chiudi turno' }).click();

    await page.getByRole('heading', { name: 'Turno Z 1 chiuso' }).waitFor();
    const report = page.getByRole('table', { name: 'Chiusura Z · turno 1' });
    await expect.poll(() => report.getByRole('row', { name: /Differenza/ }).textContent()).toMatch(/\+0,68\s€/);
    await expect.poll(() => report.getByRole('row', { name: /Vendite \(1\)/ }).textContent()).toMatch(money(2314, 'it'));
    await page.getByRole('region', { name: 'Turno Z 1 chiuso' }).getByRole('button', { name: 'Stampa', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Rapporto inviato alla stampante' }).waitFor();
    await page.getByRole('form', { name: 'Apri un nuovo turno' }).getByRole('button', { name: 'Apri turno' }).waitFor();
  });
});
