/**
 * The cashier's screen at 1366×768 (and 1920×1080), in Italian, on a till whose scales print two
 * label layouts the shop configured: a weight label and a price label with its price check digit
 * each ring up the right line price; the newest line stays in view as the ticket grows; a refused
 * scan says its code and reason in Italian; a scanner's CR+LF does not open the payment, a
 * deliberate Enter does; the receipt preview shows without scrolling.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit, priceCheckDigit } from '@cassa/shared';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess, rpc } from '../../test-support/till-process';
import { demoEan, italian, logIn, scannerBurst } from './cashier-flow';

const label = (body: string) => `${body}${gs1CheckDigit(body)}`;


/** A scanner set to send CR+LF: the code and two Enters, 5 ms apart by the page's clock. */
async function scannerBurstCrLf(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    for (const [i, key] of [...code, 'Enter', 'Enter'].entries()) {
      const enter = key === 'Enter';
      const common = { key, timestamp: start + i * 0.005, ...(enter ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {}) };
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: enter ? '\r' : key, ...common });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
    }
  } finally {
    await cdp.detach();
  }
}

describe('the cashier\'s screen', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [till, browser] = await Promise.all([startTillProcess(), launchChromium()]);
    // The shop's scales: 27 + item + weight in grams; 28 + item + price check digit + 4-digit price.
    const { token } = (await rpc(till, null, 'session.login', { userId: 'user-admin', pin: '9999' })) as { token: string };
    const settings = (await rpc(till, token, 'settings.get', {})) as Record<string, unknown>;
    await rpc(till, token, 'settings.save', {
      ...settings,
      scaleLayoutsFromHeadOffice: undefined,
      scaleLayouts: [
        { prefix: '27', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
        { prefix: '28', itemDigits: 5, value: 'price', valueDigits: 4, decimals: 2, priceCheckDigit: true },
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(10_000);
    await page.goto(till.url);
    await logIn(page, italian);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  const ticket = () => page.getByRole('region', { name: 'Scontrino', exact: true });
  const lastLineVisible = () =>
    page.evaluate(() => {
      const list = document.querySelector('.ticket .lines');
      const rows = document.querySelectorAll('.ticket .lines tr[data-line-id]');
      const last = rows[rows.length - 1];
      if (!list || !last) return null;
      const box = list.getBoundingClientRect();
      const row = last.getBoundingClientRect();
      return { rows: rows.length, visible: row.top >= box.top - 1 && row.bottom <= box.bottom + 1 && row.bottom <= window.innerHeight };
    });

  it('rings up a weight label and a price label under the two layouts the shop set', async () => {
    // Prosciutto crudo (10004) 34,90/kg, 0,150 kg on the label → 5,24.
    await scannerBurst(page, label('271000400150'));
    await expect.poll(() => ticket().textContent()).toMatch(/Prosciutto crudo di Parma.*0,150 kg.*5,24\s€/);
    // Parmigiano (10003) priced 12,34 € by the scale, with its price check digit.
    await scannerBurst(page, label(`2810003${priceCheckDigit('1234')}1234`));
    await expect.poll(() => ticket().textContent()).toMatch(/Parmigiano Reggiano 24 mesi.*12,34\s€/);
    await expect.poll(() => ticket().textContent()).toMatch(/Totale17,58\s€/);
  });

  it('says in Italian which code was refused and why', async () => {
    const forged = label(`2810003${(priceCheckDigit('1234') + 1) % 10}1234`);
    await scannerBurst(page, forged);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(`Codice a barre non valido: ${forged} (la cifra di controllo del prezzo non corrisponde al prezzo dell'etichetta della bilancia)`);
  });

  it('keeps the newest line in view as the ticket grows past the fold', async () => {
    for (let n = 1; n <= 8; n++) {
      await scannerBurst(page, demoEan(n));
      await expect.poll(lastLineVisible).toEqual({ rows: 2 + n, visible: true });
    }
  });

  it('does not open the payment for a CR+LF scanner\'s second Enter, but does for a deliberate one', async () => {
    await scannerBurstCrLf(page, demoEan(1));
    await expect.poll(lastLineVisible).toEqual({ rows: 11, visible: true });
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog', { name: 'Pagamento: Contanti' }).count()).toBe(0);
    // A person's Enter, well after the scan: the obvious next step.
    await page.waitForTimeout(300);
    await page.getByRole('combobox', { name: 'Scansiona o cerca' }).press('Enter');
    await page.getByRole('dialog', { name: 'Pagamento: Contanti' }).waitFor();
  });

  it('shows the receipt preview without scrolling at 1366×768 and 1920×1080', async () => {
    const cash = page.getByRole('dialog', { name: 'Pagamento: Contanti' });
    await cash.getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Scontrino 0001-0001 chiuso/ }).waitFor();
    const preview = page.getByRole('img', { name: 'Anteprima dello scontrino' });
    await preview.waitFor();
    const inView = () =>
      preview.evaluate((img) => {
        const box = img.getBoundingClientRect();
        return box.top >= 0 && box.height >= 150 && box.bottom <= window.innerHeight;
      });
    await expect.poll(inView).toBe(true);
    // CASSA_SCREENSHOTS_DIR=… keeps pictures of both sizes to look at.
    const shots = process.env.CASSA_SCREENSHOTS_DIR;
    if (shots) await page.screenshot({ path: `${shots}/cashier-1366x768.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(inView).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/cashier-1920x1080.png` });
  });
});
