/**
 * Refreshes the README's screenshots: starts the browser till on a fresh demo shop, walks a sale
 * in Chromium and saves PNGs in docs/screenshots/. Run with `npm run screenshots`.
 */
import { join } from 'node:path';
import { launchChromium } from '../test-support/browser';
import { repoRoot, startTillProcess } from '../test-support/till-process';

const out = (name: string) => join(repoRoot, 'docs', 'screenshots', `${name}.png`);

const till = await startTillProcess();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(till.url);
  await page.getByRole('button', { name: 'Giulia' }).waitFor();
  await page.screenshot({ path: out('login') });
  await page.getByRole('button', { name: 'Giulia' }).click();
  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('button', { name: 'Apri turno' }).click();
  const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
  for (const code of ['8001234500016', '2110002012340', '8001234500023']) {
    await scan.fill(code);
    await scan.press('Enter');
    await page.waitForTimeout(150);
  }
  await scan.fill('t-shirt');
  await page.getByRole('listbox', { name: 'Risultati' }).getByRole('option').first().waitFor();
  await page.screenshot({ path: out('search') });
  await scan.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: out('variants') });
  await page.getByRole('button', { name: 'M Blu' }).click();
  await page.keyboard.press('F8');
  await page.getByRole('dialog').getByLabel('Importo (€)').fill('50');
  await page.screenshot({ path: out('payment') });
  await page.getByRole('button', { name: 'Conferma pagamento' }).click();
  await page.getByText(/Scontrino 0001-0001 chiuso/).waitFor();
  await page.getByRole('img', { name: 'Anteprima dello scontrino' }).waitFor();
  await page.screenshot({ path: out('sale') });
  console.log('Screenshots saved in docs/screenshots/');
} finally {
  await browser.close();
  await till.stop();
  till.cleanup();
}
