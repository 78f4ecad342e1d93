import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';

describe('the browser till, end to end', () => {
  let till: TillProcess;
  let browser: Browser;

  beforeAll(async () => {
    till = await startTillProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  it('shows the demo shop, logs in, sells, and closes cleanly on SIGTERM', async () => {
    const page = await browser.newPage();
    await page.goto(till.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Bottega Demo' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Giulia' }).click();
    await page.getByLabel('PIN').fill('1111');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Apri turno' }).click();

    const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    await scan.fill('8001234500016');
    await scan.press('Enter');
    await expect.poll(() => page.getByRole('status').or(page.locator('.lines')).first().textContent()).toContain('Caffè macinato');
    await expect.poll(() => page.getByRole('status', { name: 'Totale' }).or(page.locator('output')).first().textContent()).toContain('4,49');

    await page.keyboard.press('F8');
    await page.getByRole('button', { name: 'Importo esatto' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('0001-0001');
    await page.close();

    expect(await till.stop('SIGTERM')).toBe(0);
    const db = new Database(join(till.dataDir, 'till.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
