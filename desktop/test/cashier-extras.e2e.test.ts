/**
 * The extras of the cashier's screen, in Italian against a fresh till: a quick key adds its item
 * without taking the focus from the scan field; the lock screen refuses a wrong PIN and gives back
 * the same ticket for the right one; a customer created at the till is attached to the ticket.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';
import { approveAsManager, demoEan, italian, logIn, scannerBurst } from './cashier-flow';

describe('the cashier extras', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [till, browser] = await Promise.all([startTillProcess(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(10_000);
    await page.goto(till.url);
    await logIn(page, italian);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  const ticket = () => page.getByRole('region', { name: 'Scontrino', exact: true });
  const scan = () => page.getByRole('combobox', { name: 'Scansiona o cerca' });

  it('adds an item from its quick key and leaves the focus in the scan field', async () => {
    const keys = page.getByRole('group', { name: 'Tasti rapidi' });
    const coffee = keys.getByRole('button', { name: /Caffè macinato/ });
    await coffee.click();
    await expect.poll(() => ticket().textContent()).toContain('Caffè macinato espresso 250 g');
    expect(await scan().evaluate((el) => el === document.activeElement)).toBe(true);
    // While there are search results the grid gives way to them.
    await scan().fill('spaghetti');
    await page.getByRole('option', { name: /Spaghetti/ }).waitFor();
    expect(await keys.count()).toBe(0);
    await scan().fill('');
    await keys.waitFor();
  });
  it('locks: a wrong PIN is refused, scans and function keys do nothing, the right PIN gives back the same ticket', async () => {
    await page.getByRole('button', { name: /^Blocca/ }).click();
    const lock = page.getByRole('main', { name: 'Cassa bloccata' });
    await lock.waitFor();
    expect(await ticket().count()).toBe(0);
    const pin = lock.getByLabel('PIN di Giulia per sbloccare');
    await pin.fill('0000');
    await lock.getByRole('button', { name: 'Sblocca' }).click();
    await expect.poll(() => lock.getByRole('alert').textContent()).toContain('PIN errato');
    // A scan and F8 while locked: nothing happens behind the lock.
    await scannerBurst(page, demoEan(2));
    await page.keyboard.press('F8');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await pin.fill('1111');
    await lock.getByRole('button', { name: 'Sblocca' }).click();
    await lock.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).toContain('Caffè macinato espresso 250 g');
    expect(await ticket().textContent()).not.toContain('Spaghetti');
    // Ctrl+L locks too.
    await page.keyboard.press('Control+l');
    await lock.waitFor();
    await pin.fill('1111');
    await pin.press('Enter');
    await lock.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).toContain('Caffè macinato espresso 250 g');
    await expect.poll(() => scan().evaluate((el) => el === document.activeElement)).toBe(true);
  });
  it('creates a customer at the till, attaches them to the ticket and finds them again', async () => {
    await page.keyboard.press('F3');
    const dialog = page.getByRole('dialog', { name: 'Cliente dello scontrino' });
    const form = dialog.getByRole('form', { name: 'Nuovo cliente' });
    await form.getByLabel('Nome').fill('Anna Bianchi');
    await form.getByLabel('Telefono').fill('3331234567');
    await form.getByLabel('Codice fiscale').fill('bncnna80a41h501u');
    await form.getByRole('button', { name: 'Crea e associa' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).toContain('Cliente: Anna Bianchi');
    await expect.poll(() => ticket().textContent()).toMatch(/Credito: 0,00\s€/);
    // The ticket is the same one, with the customer on it.
    expect(await ticket().textContent()).toContain('Caffè macinato espresso 250 g');
    // No credit: no store-credit payment offered.
    expect(await ticket().getByRole('button', { name: 'Credito cliente' }).count()).toBe(0);

    // Found by phone; taken off the ticket and put back.
    await ticket().getByRole('button', { name: 'Cliente F3', exact: true }).click();
    await dialog.getByRole('button', { name: 'Togli il cliente' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).not.toContain('Anna Bianchi');
    await page.keyboard.press('F3');
    await dialog.getByLabel(/Cerca cliente/).fill('333123');
    await dialog.getByRole('button', { name: 'Associa Anna Bianchi' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).toContain('Cliente: Anna Bianchi');
  });
  it("refunds a return to the customer's store credit, then spends that credit on a new sale", async () => {
    // Sell the coffee to Anna in cash.
    await page.keyboard.press('F8');
    await page.getByRole('dialog', { name: 'Pagamento: Contanti' }).getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Scontrino 0001-0001 chiuso/ }).waitFor();

    // Return it; the refund goes to Anna's store credit.
    await page.keyboard.press('F6');
    const returns = page.getByRole('dialog', { name: 'Reso o storno' });
    await returns.getByLabel('Codice o numero dello scontrino').fill('0001-0001');
    await returns.getByRole('button', { name: 'Cerca' }).click();
    await returns.getByLabel('Quantità da rendere per Caffè macinato espresso 250 g').fill('1');
    await returns.getByRole('button', { name: 'Rendi le righe scelte' }).click();
    await approveAsManager(page, italian);
    const returnTicket = page.getByRole('region', { name: 'Reso dello scontrino' });
    await expect.poll(() => returnTicket.textContent()).toContain('Caffè macinato');
    await page.keyboard.press('F3');
    const dialog = page.getByRole('dialog', { name: 'Cliente dello scontrino' });
    await dialog.getByLabel(/Cerca cliente/).fill('Anna');
    await dialog.getByRole('button', { name: 'Associa Anna Bianchi' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => returnTicket.textContent()).toContain('Cliente: Anna Bianchi');
    await returnTicket.getByRole('button', { name: 'Credito cliente', exact: true }).click();
    await page.getByRole('dialog', { name: 'Rimborso: Credito cliente' }).getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Reso 0001-0002 chiuso/ }).waitFor();

    // A new sale: Anna's 4,49 € of credit pays for the coffee.
    await page.getByRole('group', { name: 'Tasti rapidi' }).getByRole('button', { name: /Caffè macinato/ }).click();
    await expect.poll(() => ticket().textContent()).toContain('Caffè macinato espresso 250 g');
    await page.keyboard.press('F3');
    await dialog.getByLabel(/Cerca cliente/).fill('Bianchi');
    await expect.poll(() => dialog.textContent()).toMatch(/Credito: 4,49\s€/);
    await dialog.getByRole('button', { name: 'Associa Anna Bianchi' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ticket().textContent()).toMatch(/Credito: 4,49\s€/);
    await ticket().getByRole('button', { name: 'Credito cliente', exact: true }).click();
    const pay = page.getByRole('dialog', { name: 'Pagamento: Credito cliente' });
    await expect.poll(() => pay.getByLabel('Importo (€)').inputValue()).toBe('4,49');
    await pay.getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Scontrino 0001-0003 chiuso/ }).waitFor();
  });
  it('switches user from the lock screen: back to the login, and the ticket is still there for its cashier', async () => {
    await page.getByRole('group', { name: 'Tasti rapidi' }).getByRole('button', { name: /Quotidiano/ }).click();
    await expect.poll(() => ticket().textContent()).toContain('Quotidiano');
    await page.keyboard.press('Control+l');
    const lock = page.getByRole('main', { name: 'Cassa bloccata' });
    await lock.getByRole('button', { name: 'Cambia utente' }).click();
    await page.getByRole('heading', { name: 'Chi sei?' }).waitFor();
    await page.getByRole('button', { name: 'Giulia' }).click();
    await page.getByLabel('PIN').fill('1111');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect.poll(() => ticket().textContent()).toContain('Quotidiano');
  });
});
