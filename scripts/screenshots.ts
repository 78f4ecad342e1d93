/**
 * Refreshes the README's screenshots: starts the browser till on a fresh demo shop, walks a
 * cashier's day in Chromium (sale, line actions, manager override, split payment, return, shift
 * reports, Z close) and saves PNGs in docs/screenshots/. Run with `npm run screenshots`.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test-support/browser';
import { repoRoot, startTillProcess } from '../test-support/till-process';

const out = (name: string) => join(repoRoot, 'docs', 'screenshots', `${name}.png`);
const shot = (page: Page, name: string) => page.screenshot({ path: out(name) });

async function approve(page: Page): Promise<void> {
  const prompt = page.getByRole('dialog', { name: 'Autorizzazione del responsabile' });
  await prompt.getByRole('radio', { name: 'Marco' }).click();
  await prompt.getByLabel('PIN del responsabile').fill('2222');
  await prompt.getByRole('button', { name: 'Autorizza' }).click();
  await prompt.waitFor({ state: 'detached' });
}

const till = await startTillProcess();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  await page.goto(till.url);
  await page.getByRole('button', { name: 'Giulia' }).waitFor();
  await shot(page, 'login');
  await page.getByRole('button', { name: 'Giulia' }).click();
  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('button', { name: 'Apri turno' }).waitFor();
  await shot(page, 'shift-open');
  await page.getByRole('button', { name: 'Apri turno' }).click();
  const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
  for (const code of ['8001234500016', '2110002012340', '8001234500023']) {
    await scan.fill(code);
    await scan.press('Enter');
    await page.waitForTimeout(150);
  }
  await scan.fill('t-shirt');
  await page.getByRole('listbox', { name: 'Risultati' }).getByRole('option').first().waitFor();
  await shot(page, 'search');
  await scan.press('Enter');
  await page.getByRole('dialog').waitFor();
  await shot(page, 'variants');
  await page.getByRole('button', { name: 'M Blu' }).click();

  // Line actions: the weighed apples' line, then a 20 % line discount that needs Marco.
  await page.getByRole('button', { name: /Modifica riga Mele Golden/ }).click();
  const line = page.getByRole('dialog', { name: /Riga: Mele Golden/ });
  await line.getByLabel('Sconto (%)').fill('20');
  await line.getByLabel('Motivo').last().fill('Frutta ammaccata');
  await shot(page, 'line-actions');
  await line.getByRole('button', { name: 'Applica sconto' }).click();
  await page.getByRole('dialog', { name: 'Autorizzazione del responsabile' }).getByRole('radio', { name: 'Marco' }).click();
  await page.getByLabel('PIN del responsabile').fill('22');
  await shot(page, 'manager-override');
  await page.getByLabel('PIN del responsabile').fill('2222');
  await page.getByRole('button', { name: 'Autorizza' }).click();
  await line.waitFor({ state: 'detached' });

  // Split tender: 20 € by card, the rest in cash.
  await page.keyboard.press('F9');
  await page.getByRole('dialog', { name: 'Pagamento: Carta' }).getByLabel('Importo (€)').fill('20');
  await page.getByRole('button', { name: 'Conferma pagamento' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.keyboard.press('F8');
  await page.getByRole('dialog').getByLabel('Importo (€)').fill('50');
  await shot(page, 'payment');
  await page.getByRole('button', { name: 'Conferma pagamento' }).click();
  await page.getByText(/Scontrino 0001-0001 chiuso/).waitFor();
  await page.getByRole('img', { name: 'Anteprima dello scontrino' }).waitFor();
  await shot(page, 'sale');

  // A parked ticket, then a return of the coffee.
  await scan.fill('8001234500030');
  await scan.press('Enter');
  await page.waitForTimeout(150);
  await page.keyboard.press('F4');
  await page.getByRole('button', { name: /Parcheggiati \(1\)/ }).click();
  await page.getByRole('dialog', { name: 'Scontrini parcheggiati' }).waitFor();
  await shot(page, 'parked');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F6');
  const returns = page.getByRole('dialog', { name: 'Reso o storno' });
  await returns.getByLabel('Codice o numero dello scontrino').fill('0001-0001');
  await returns.getByRole('button', { name: 'Cerca' }).click();
  await returns.getByLabel(/Quantità da rendere per Caffè/).fill('1');
  await shot(page, 'return-lookup');
  await returns.getByRole('button', { name: 'Rendi le righe scelte' }).click();
  await approve(page);
  await page.getByRole('region', { name: 'Reso dello scontrino' }).waitFor();
  await shot(page, 'return-ticket');
  await page.keyboard.press('F8');
  await page.getByRole('dialog', { name: 'Rimborso: Contanti' }).getByRole('button', { name: 'Conferma pagamento' }).click();
  await page.getByText(/Reso 0001-0002 chiuso/).waitFor();

  // The shift: X report, then the Z close with a count.
  await page.getByRole('button', { name: 'Lettura X' }).click();
  await page.getByRole('dialog', { name: /Lettura X/ }).waitFor();
  await shot(page, 'x-report');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Chiusura Z' }).click();
  const z = page.getByRole('dialog', { name: 'Chiusura Z' });
  for (const [label, count] of [['100,00', '1'], ['20,00', '2'], ['5,00', '1'], ['1,00', '3'], ['0,50', '1']] as const) {
    await z.getByLabel(`Pezzi da ${label} €`).fill(count);
  }
  await shot(page, 'z-count');
  await z.getByRole('button', { name: 'Chiudi turno' }).click();
  await page.getByRole('heading', { name: /Turno Z 1 chiuso/ }).waitFor();
  await shot(page, 'z-report');

  // The same till in English.
  await page.getByRole('combobox', { name: 'Lingua' }).selectOption('en');
  await page.getByRole('button', { name: 'Open shift' }).click();
  await page.getByRole('combobox', { name: 'Scan or search' }).fill('8001234500016');
  await page.getByRole('combobox', { name: 'Scan or search' }).press('Enter');
  await page.waitForTimeout(200);
  await shot(page, 'sale-english');
  console.log('Screenshots saved in docs/screenshots/');
} finally {
  await browser.close();
  await till.stop();
  till.cleanup();
}
