/**
 * The keyboard and the edges of the cashier's screen, against a till whose receipt printer is
 * unreachable: the status bar says so without getting in the way; a person typing is never taken
 * for a scan (slowly, or fast without the scanner's Enter); a scan while a dialog field has the
 * focus still lands in the sale; Esc closes the topmost dialog wherever the focus is; F2 goes back
 * to the search; weighed items picked from the search ask for the weight; line quantity, a
 * discount within the cashier's limit and a void need no manager; "no receipt" completes a sale
 * without printing.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';
import { approveAsManager, demoEan, italian, logIn, scannerBurst } from './cashier-flow';

describe('the cashier keyboard and status bar', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // Nothing listens on the discard port: the printer is offline from the start.
    [till, browser] = await Promise.all([startTillProcess({ CASSA_PRINTER: 'tcp://127.0.0.1:9' }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(10_000);
    await page.goto(till.url);
    await logIn(page, italian);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  it('shows the printer offline in the status bar', async () => {
    const printer = page.getByRole('status', { name: 'Stampante' });
    await expect.poll(() => printer.textContent()).toMatch(/^Stampante: (errore|non disponibile) · .*connection refused/);
    // The whole detail is there for whoever hovers; the bar itself stays one line.
    expect(await printer.getAttribute('title')).toContain('connection refused');
  });

  it('never takes typing for a scan', async () => {
    const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    await scan.pressSequentially('caff', { delay: 90 });
    await expect.poll(() => scan.inputValue()).toBe('caff');
    await page.getByRole('option', { name: /Caffè macinato/ }).waitFor();
    // Fast, but without the scanner's Enter: given back as typing, in order.
    await scan.fill('');
    await page.keyboard.type('12345', { delay: 5 });
    await expect.poll(() => scan.inputValue()).toBe('12345');
    await scan.fill('');
    await expect.poll(() => page.getByRole('region', { name: 'Scontrino', exact: true }).textContent()).toContain('Scansiona un articolo per iniziare');
  });

  it('adds a weighed item from the search with the weight typed in', async () => {
    const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    await scan.fill('parmigiano');
    await page.getByRole('option', { name: /Parmigiano/ }).waitFor();
    await scan.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Quantità di Parmigiano/ });
    await dialog.getByLabel('Peso (kg)').fill('0,250');
    await dialog.getByRole('button', { name: 'Aggiungi' }).click();
    const ticket = page.getByRole('region', { name: 'Scontrino', exact: true });
    await expect.poll(() => ticket.textContent()).toMatch(/0,250 kg × 25,90\s€\/kg/);
  });

  it('lands a scan in the sale while a dialog field has the focus, and Esc closes the dialog from anywhere', async () => {
    await page.getByRole('button', { name: 'Sconto sul totale' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sconto sul totale' });
    const reason = dialog.getByLabel('Motivo');
    await reason.click();
    await scannerBurst(page, demoEan(2));
    const ticket = page.getByRole('region', { name: 'Scontrino', exact: true });
    await expect.poll(() => ticket.textContent()).toContain('Spaghetti di grano duro');
    expect(await reason.inputValue()).toBe('');
    expect(await dialog.isVisible()).toBe(true);
    // Focus away from the dialog's fields, then Esc.
    await dialog.getByRole('heading').click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /Parcheggiati/ }).focus();
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByRole('combobox', { name: 'Scansiona o cerca' }).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('changes a quantity, gives a discount within the limit and voids a line with a manager\'s approval', async () => {
    const ticket = page.getByRole('region', { name: 'Scontrino', exact: true });
    await ticket.getByRole('button', { name: /Modifica riga Spaghetti/ }).click();
    let line = page.getByRole('dialog', { name: /Riga: Spaghetti/ });
    await line.getByRole('textbox', { name: 'Quantità' }).fill('3');
    await line.getByRole('button', { name: 'Cambia quantità' }).click();
    await line.waitFor({ state: 'detached' });
    await expect.poll(() => ticket.textContent()).toMatch(/3 × 1,29\s€/);

    await ticket.getByRole('button', { name: /Modifica riga Spaghetti/ }).click();
    line = page.getByRole('dialog', { name: /Riga: Spaghetti/ });
    await line.getByLabel('Sconto (%)').fill('10');
    await line.getByRole('group', { name: 'Sconto sulla riga' }).getByLabel('Motivo').fill('Confezione rovinata');
    await line.getByRole('button', { name: 'Applica sconto' }).click();
    await line.waitFor({ state: 'detached' });
    expect(await page.getByRole('dialog', { name: 'Autorizzazione del responsabile' }).count()).toBe(0);
    await expect.poll(() => ticket.textContent()).toMatch(/Sconto −0,39\s€/);

    // Voiding a line needs a manager (the shop's default policy).
    await ticket.getByRole('button', { name: /Storna riga Parmigiano/ }).click();
    await approveAsManager(page, italian);
    await expect.poll(() => ticket.textContent()).not.toContain('Parmigiano');
  });

  it('completes a sale with Enter, without printing when "no receipt" is ticked', async () => {
    await page.getByRole('checkbox', { name: 'Senza stampa scontrino' }).check();
    // Enter takes the obvious next step: in the empty search it opens cash, in cash it pays the
    // amount due, and a paid ticket completes.
    await page.getByRole('combobox', { name: 'Scansiona o cerca' }).press('Enter');
    const cash = page.getByRole('dialog', { name: 'Pagamento: Contanti' });
    await expect.poll(() => cash.getByLabel('Importo (€)').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: /Scontrino 0001-0001 chiuso/ }).waitFor();
    await expect.poll(() => page.getByRole('status', { name: 'Stampante' }).textContent()).not.toMatch(/in coda/);
    expect(await page.getByRole('checkbox', { name: 'Senza stampa scontrino' }).isChecked()).toBe(false);
  });

  it('fills and looks up a receipt code scanned into the return dialog', async () => {
    await page.keyboard.press('F6');
    const dialog = page.getByRole('dialog', { name: 'Reso o storno' });
    const code = dialog.getByLabel('Codice o numero dello scontrino');
    await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    await scannerBurst(page, '0001-0001');
    await expect.poll(() => code.inputValue()).toBe('0001-0001');
    await dialog.getByText(/Scontrino 0001-0001 del/).waitFor();
    // The sale itself is untouched: the scan went to the field that asked for it.
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
