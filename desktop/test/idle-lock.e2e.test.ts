/**
 * The idle lock (issue 17), in Italian on a real till in Chromium with the page's clock under the
 * test's hand: a manager sets one minute in the back office; a cashier's ticket stays open while
 * she is active; a minute without input locks the till, and her PIN gives back the same ticket.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';
import { demoEan, italian, logIn, scannerBurst } from './cashier-flow';

describe('the idle lock', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [till, browser] = await Promise.all([startTillProcess(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(10_000);
    await page.clock.install();
    await page.goto(till.url);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  const ticket = () => page.getByRole('region', { name: 'Scontrino', exact: true });
  const locked = () => page.getByRole('main', { name: 'Cassa bloccata' });

  it('a manager sets the idle time in the back office', async () => {
    await page.getByRole('button', { name: 'Marco' }).click();
    await page.getByLabel('PIN').fill('2222');
    await page.getByRole('button', { name: italian.logIn }).click();
    await page.getByRole('button', { name: 'Gestione' }).click();
    await page.getByRole('tab', { name: 'Impostazioni' }).click();
    const panel = page.getByRole('form', { name: 'Blocco per inattività' });
    // The saved value (none yet: 0) arrives first; typing before it would be overwritten.
    await expect.poll(() => panel.getByLabel(/Minuti senza attività/).inputValue()).toBe('0');
    await panel.getByLabel(/Minuti senza attività/).fill('121');
    await panel.getByRole('button', { name: /Blocco per inattività/ }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('Da 0 a 120 minuti');
    await panel.getByLabel(/Minuti senza attività/).fill('1');
    await panel.getByRole('button', { name: /Blocco per inattività/ }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Blocco per inattività salvato');
    await page.getByRole('button', { name: 'Torna alla cassa' }).click();
    await page.getByRole('button', { name: 'Esci' }).click();
  });

  it('keeps the till open while the cashier is active, locks it after a minute idle, and gives the same ticket back', async () => {
    await logIn(page, italian);
    await scannerBurst(page, demoEan(2));
    await expect.poll(() => ticket().textContent()).toContain('Spaghetti');
    const before = await ticket().textContent();

    // Activity restarts the minute: 50 s, a touch, 50 s more, and the till is still open.
    await page.clock.runFor(50_000);
    await page.mouse.move(300, 300);
    await page.mouse.move(310, 310);
    await page.clock.runFor(50_000);
    expect(await locked().count()).toBe(0);
    await page.clock.runFor(15_000);
    await locked().waitFor();
    expect(await ticket().count()).toBe(0);

    await locked().getByLabel('PIN di Giulia per sbloccare').fill('1111');
    await locked().getByRole('button', { name: 'Sblocca' }).click();
    await ticket().waitFor();
    expect(await ticket().textContent()).toBe(before);
  });

  it('locks again when idle, and a colleague logging in finds the ticket to resume', async () => {
    await page.clock.runFor(61_000);
    await locked().waitFor();
    await locked().getByRole('button', { name: 'Lascia lo scontrino a un collega' }).click();
    await page.getByRole('heading', { name: 'Chi sei?' }).waitFor();
    await page.getByRole('button', { name: 'Marco' }).click();
    await page.getByLabel('PIN').fill('2222');
    await page.getByRole('button', { name: italian.logIn }).click();
    await page.getByRole('button', { name: 'Parcheggiati (1)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Riprendi lo scontrino di Giulia/ }).click();
    await expect.poll(() => ticket().textContent()).toContain('Spaghetti');
  });
});
