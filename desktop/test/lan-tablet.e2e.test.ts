/**
 * A tablet on the shop's LAN, end to end in the real browser host bound to 0.0.0.0: the tablet
 * (this machine's LAN address) is asked for a code; a manager at the counter (this machine's own
 * browser on 127.0.0.1) shows one in the back office; the tablet types it, sees the names, logs
 * in and sells. Revoking the tablet at the counter sends it back to the code.
 */
import { networkInterfaces } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess } from '../../test-support/till-process';

function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}

const lan = lanAddress();

describe.runIf(lan)('a LAN tablet, end to end', () => {
  let till: TillProcess;
  let browser: Browser;

  beforeAll(async () => {
    till = await startTillProcess({ CASSA_TILL_HOST: '0.0.0.0' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
  });

  it('enrols with the counter code, sees the names, logs in and sells; revoked, it is asked again', async () => {
    const port = new URL(till.url).port;
    const tabletContext = await browser.newContext();
    const tablet = await tabletContext.newPage();
    await tablet.goto(`http://${lan}:${port}`);
    await expect.poll(() => tablet.getByRole('heading', { name: 'Collega questo tablet alla cassa' }).isVisible()).toBe(true);
    expect(await tablet.getByRole('button', { name: 'Giulia' }).count()).toBe(0);

    const counterContext = await browser.newContext();
    const counter = await counterContext.newPage();
    await counter.goto(`http://127.0.0.1:${port}`);
    await counter.getByRole('button', { name: 'Marco' }).click();
    await counter.getByLabel('PIN').fill('2222');
    await counter.getByRole('button', { name: 'Accedi' }).click();
    await counter.getByRole('button', { name: 'Gestione' }).click();
    await counter.getByRole('tab', { name: 'Dispositivi' }).click();
    await counter.getByRole('button', { name: 'Mostra codice' }).click();
    const code = (await counter.locator('.enrolment-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);

    await tablet.getByLabel('Codice (6 cifre)').fill(code);
    await tablet.getByLabel('Nome di questo tablet').fill('Tablet banco');
    await tablet.getByRole('button', { name: 'Collega' }).click();
    await tablet.getByRole('button', { name: 'Giulia' }).click();
    await tablet.getByLabel('PIN').fill('1111');
    await tablet.getByRole('button', { name: 'Accedi' }).click();
    await tablet.getByRole('button', { name: 'Apri turno' }).click();
    const scan = tablet.getByRole('combobox', { name: 'Scansiona o cerca' });
    await scan.fill('8001234500016');
    await scan.press('Enter');
    await expect.poll(() => tablet.locator('.lines').first().textContent()).toContain('Caffè macinato');
    await tablet.keyboard.press('F8');
    await tablet.getByRole('button', { name: 'Importo esatto' }).click();
    await expect.poll(() => tablet.getByRole('status').first().textContent()).toContain('0001-0001');

    // At the counter: the tablet is listed, and revoking it sends it back to the code.
    await counter.getByRole('tab', { name: 'Vendite' }).click();
    await counter.getByRole('tab', { name: 'Dispositivi' }).click();
    await counter.getByRole('button', { name: 'Scollega Tablet banco' }).click();
    await expect.poll(() => counter.getByRole('status').allTextContents().then((t) => t.join(' '))).toContain('Tablet banco scollegato');

    await tablet.reload();
    await expect.poll(() => tablet.getByRole('heading', { name: 'Collega questo tablet alla cassa' }).isVisible()).toBe(true);
    await tabletContext.close();
    await counterContext.close();
  });
});
