/**
 * The cashier's flow in English, chosen on the login screen and remembered across a reload: the
 * same sale as in Italian (grid variant, scale label, wedge scan, manager-approved discount,
 * split tender, printed receipt), then a reprint marked COPIA, park and resume, cash out, the
 * X report, a post-void of the last sale, and the status bar.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';
import { approveAsManager, demoEan, english, logIn, money, printedReceipt, scannerBurst, sellThreeItemsSplitPaid } from './cashier-flow';

describe('the cashier in English', () => {
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

  it('keeps the language chosen on the login screen across a reload', async () => {
    await page.goto(till.url);
    await page.getByRole('combobox', { name: 'Lingua' }).selectOption('en');
    await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
  });

  it('sells with a manager-approved discount and split tender, and prints the receipt', async () => {
    await logIn(page, english);
    await expect.poll(() => page.getByRole('status', { name: 'Printer' }).textContent()).toContain('Printer: ready');
    const { totalCents } = await sellThreeItemsSplitPaid(page, english);
    const receipt = await printedReceipt(till.url);
    expect(receipt).toContain('T-shirt cotone bio M Blu');
    expect(receipt).toContain('1,234 kg x 2,29/kg');
    expect(receipt).toMatch(/22%\s+20,74\s+3,74/);
    expect(receipt).toMatch(new RegExp(`TOTALE\\s+€ ${(totalCents / 100).toFixed(2).replace('.', ',')}`));
    expect(receipt).not.toContain('COPIA');
  });

  it('reprints the last receipt as a copy', async () => {
    await page.getByRole('button', { name: 'Reprint copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Copy sent to the printer' }).waitFor();
    await expect.poll(() => printedReceipt(till.url)).toContain('COPIA');
  });

  it('parks a ticket with F4 and resumes it', async () => {
    const scan = page.getByRole('combobox', { name: 'Scan or search' });
    await scan.fill(demoEan(2));
    await scan.press('Enter');
    const ticket = page.getByRole('region', { name: 'Ticket', exact: true });
    await expect.poll(() => ticket.textContent()).toContain('Spaghetti');
    await page.keyboard.press('F4');
    await page.getByRole('status').filter({ hasText: 'Ticket parked' }).waitFor();
    await expect.poll(() => ticket.textContent()).toContain('Scan an item to start');

    await page.getByRole('button', { name: 'Parked (1)' }).click();
    await page.getByRole('dialog', { name: 'Parked tickets' }).getByRole('button', { name: /Resume Giulia's ticket/ }).click();
    await expect.poll(() => ticket.textContent()).toContain('Spaghetti');

    // A price override needs a manager too; then the line is sold at the new price.
    await ticket.getByRole('button', { name: /Edit line Spaghetti/ }).click();
    const line = page.getByRole('dialog', { name: /Line: Spaghetti/ });
    await line.getByLabel('New unit price (€)').fill('1.00');
    await line.getByLabel('Reason').first().fill('Damaged pack');
    await line.getByRole('button', { name: 'Change price' }).click();
    await approveAsManager(page, english);
    await expect.poll(() => ticket.getByRole('status', { name: 'Total', exact: true }).textContent()).toMatch(money(100, 'en'));
    await page.keyboard.press('F8');
    await page.getByRole('dialog', { name: 'Payment: Cash' }).getByRole('button', { name: 'Exact amount' }).click();
    await page.getByRole('status', { name: /Receipt 0001-0002 completed/ }).waitFor();
  });

  it('records cash out and shows the X report', async () => {
    await page.getByRole('button', { name: 'Cash in/out' }).click();
    const movement = page.getByRole('dialog', { name: 'Cash in/out' });
    await movement.getByRole('radio', { name: 'Cash out' }).click();
    await movement.getByLabel('Amount (€)').fill('5');
    await movement.getByLabel('Reason').fill('Window cleaner');
    await movement.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('status').filter({ hasText: /Movement recorded: −€5\.00/ }).waitFor();

    await page.getByRole('button', { name: 'X report' }).click();
    const report = page.getByRole('dialog', { name: 'X report · shift 1' });
    await expect.poll(() => report.getByRole('row', { name: /Sales \(2\)/ }).textContent()).toMatch(money(2414, 'en'));
    await expect.poll(() => report.getByRole('row', { name: /Cash out/ }).textContent()).toMatch(money(500, 'en'));
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });
  });

  it('post-voids the last sale with a manager', async () => {
    // The receipt's QR code (what a 2D scanner types), scanned as a wedge burst, opens the
    // return dialog on that receipt.
    const code = /CASSA:\S+/.exec(await printedReceipt(till.url))?.[0];
    expect(code).toBeDefined();
    await page.getByRole('combobox', { name: 'Scan or search' }).focus();
    await scannerBurst(page, code ?? '');
    const dialog = page.getByRole('dialog', { name: 'Return or post-void' });
    await expect.poll(() => dialog.getByRole('paragraph').filter({ hasText: /Receipt 0001-0002 of/ }).count()).toBe(1);
    await dialog.getByLabel('Reason for the post-void').fill('Customer changed their mind');
    await dialog.getByRole('button', { name: 'Post-void the receipt' }).click();
    await approveAsManager(page, english);
    await page.getByRole('status', { name: /Post-void 0001-0003 recorded/ }).waitFor();
  });

  it('prints the X report on the receipt printer, in the shop\'s language (the demo shop\'s is Italian)', async () => {
    await page.getByRole('button', { name: 'X report' }).click();
    const report = page.getByRole('dialog', { name: 'X report · shift 1' });
    await report.getByRole('button', { name: 'Print', exact: true }).click();
    await report.getByRole('status').filter({ hasText: 'Report sent to the printer' }).waitFor();
    await expect.poll(() => printedReceipt(till.url)).toContain('RAPPORTO X N. 0001');
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });
  });
});
