/**
 * The fiscal device in the back office and at the day's close, in Italian, in Debian's Chromium
 * against the browser host and the real RT emulator (Epson fpmate.cgi, `epson-rt://127.0.0.1:port`):
 * a manager types in the department table as the emulator holds it but without 4 %, a 4 % product
 * is then refused at the scan with the message naming the VAT and Gestione → Dispositivi, the
 * table is completed, a few sales go through the device, the X reading shows the device's day so
 * far, a Z is refused while a sale waits for its document (the paper ran out) naming it, and
 * the Z close then shows the device's Z number and per-VAT totals equal to the emulator's own
 * closure (read from /__mock/state). With CASSA_SCREENSHOTS_DIR=docs/screenshots it saves the panel, the
 * department editor, the refused Z and the Z there.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtEmulator } from '@cassa/drivers/testing';
import { SystemClock, startRtEmulator, typeOrderDepartments } from '@cassa/drivers/testing';
import { formatEuro } from '@cassa/shared';
import { launchChromium } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { startTillProcess, rpc } from '../../test-support/till-process';
import { demoEan } from '../src/core';

// As cashier-screen.e2e.test.ts: screenshots only when asked (CASSA_SCREENSHOTS_DIR=docs/screenshots), so a test run leaves the tree clean.
const screenshots = process.env.CASSA_SCREENSHOTS_DIR;
async function shoot(target: { screenshot(options: { path: string }): Promise<unknown> }, name: string): Promise<void> {
  if (screenshots) await target.screenshot({ path: join(screenshots, name) });
}


interface EmulatorState {
  journal: unknown[];
  closures: { z: number; dailyAmountCents: number; totals: { vat: Record<string, { sales: number; returns: number; voids: number }> } }[];
}

async function emulatorState(rt: RtEmulator): Promise<EmulatorState> {
  return (await (await fetch(`${rt.url}/__mock/state`)).json()) as EmulatorState;
}

const money = (cents: number) => formatEuro(cents, 'it');
const texts = (page: Page, role: 'status' | 'alert') => page.getByRole(role).allTextContents().then((all) => all.join(' | '));

describe('the fiscal device in the back office and at the Z, in Italian', () => {
  let rt: RtEmulator;
  let till: TillProcess;
  let browser: Browser;
  let page: Page;
  let cashierToken = '';

  beforeAll(async () => {
    // A device programmed otherwise than the till's default table, which the manager types in below.
    rt = await startRtEmulator({ clock: new SystemClock(), brands: ['epson'], departments: typeOrderDepartments });
    [till, browser] = await Promise.all([
      startTillProcess({ CASSA_FISCAL: `epson-rt://127.0.0.1:${rt.port}`, CASSA_EMBEDDED_SERVER: '0' }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1366, height: 1100 } });
    page.setDefaultTimeout(10_000);
    if (screenshots) mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await till?.stop('SIGTERM');
    till?.cleanup();
    await rt?.close();
  });

  it('sets the departments as the device holds them, leaving 4 % out, and shows the device status', async () => {
    await page.goto(till.url);
    await page.getByRole('button', { name: 'Marco' }).click();
    await page.getByLabel('PIN').fill('2222');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Gestione' }).click();
    await page.getByRole('tab', { name: 'Dispositivi' }).click();

    const panel = page.getByRole('region', { name: 'Registratore telematico (RT)' });
    await expect.poll(() => panel.getByRole('form', { name: 'Collegamento del registratore' }).textContent()).toContain(`In uso ora: epson-rt://127.0.0.1:${rt.port}`);
    const status = panel.locator('.bo-facts');
    await expect.poll(() => status.textContent()).toContain('Carta e coperchiocarta presente, coperchio chiuso');
    expect(await status.textContent()).toContain('Giornale elettronicoregolare');
    expect(await status.textContent()).toContain('nessuna chiusura registrata da questa cassa');

    // The emulator's table here (typeOrderDepartments, emulator-departments.ts): natures from 5 as ES, EE, NS, NI, RM, AL.
    const editor = panel.getByRole('form', { name: 'Reparti ↔ IVA' });
    for (const [row, code] of [[5, 'N4'], [6, 'N1'], [7, 'N2'], [8, 'N3']] as const) {
      await editor.getByLabel(`IVA / natura ${row}`, { exact: true }).selectOption(code);
      await editor.getByLabel(`Descrizione ${row}`, { exact: true }).fill(`Natura ${code}`);
    }
    await editor.getByRole('row').filter({ has: page.getByLabel('Reparto 4', { exact: true }) }).getByRole('button', { name: 'Togli' }).click();
    await expect.poll(() => editor.textContent()).toContain('Nessun reparto per: 4%');
    await editor.getByRole('button', { name: 'Salva reparti' }).click();
    await expect.poll(() => texts(page, 'status')).toContain('Reparti salvati');
    // An Epson cannot report its table: the button says so.
    await editor.getByRole('button', { name: 'Leggi dal registratore' }).click();
    await expect.poll(() => texts(page, 'status')).toContain('Questo modello non sa dire la sua tabella');
    await shoot(editor, 'fiscal-departments.png');
  });

  it('refuses a 4 % product at the scan, naming the VAT and where to add its department', async () => {
    await page.getByRole('button', { name: 'Torna alla cassa' }).click();
    await page.getByRole('button', { name: 'Apri turno' }).click();
    const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    await scan.fill(demoEan(2));
    await scan.press('Enter');
    await expect.poll(() => texts(page, 'alert')).toContain(
      '"Spaghetti di grano duro 500 g" non si può vendere: nessun reparto del registratore per IVA 4%. Aggiungerlo in Gestione → Dispositivi → Reparti',
    );
  });

  it('adds the 4 % department back, sells through the device, and reads the X', async () => {
    await page.getByRole('button', { name: 'Gestione' }).click();
    await page.getByRole('tab', { name: 'Dispositivi' }).click();
    const panel = page.getByRole('region', { name: 'Registratore telematico (RT)' });
    const editor = panel.getByRole('form', { name: 'Reparti ↔ IVA' });
    await editor.getByRole('button', { name: 'Aggiungi reparto' }).click();
    const last = await editor.getByRole('row').count();
    await editor.getByLabel(`Reparto ${last - 1}`, { exact: true }).fill('4');
    await editor.getByLabel(`IVA / natura ${last - 1}`, { exact: true }).selectOption('4');
    await editor.getByLabel(`Descrizione ${last - 1}`, { exact: true }).fill('IVA 4%');
    await editor.getByRole('button', { name: 'Salva reparti' }).click();
    await expect.poll(() => texts(page, 'status')).toContain('Reparti salvati');

    // Four sales by Giulia through the API: 22 % cash, 4 % card, 10 % + N2 cash, 22 % + 4 % card.
    const { token } = (await rpc(till, null, 'session.login', { userId: 'user-giulia', pin: '1111' })) as { token: string };
    cashierToken = token;
    const sales: [number[], 'cash' | 'card'][] = [[[1], 'cash'], [[2], 'card'], [[7, 8], 'cash'], [[5, 4], 'card']];
    let total = 0;
    for (const [items, method] of sales) {
      let ticket = { totalCents: 0 };
      for (const n of items) ticket = (await rpc(till, token, 'sale.scan', { code: demoEan(n) })) as { totalCents: number };
      await rpc(till, token, 'sale.addPayment', { method, amountCents: ticket.totalCents });
      await rpc(till, token, 'sale.complete', { printReceipt: false });
      total += ticket.totalCents;
    }
    await expect.poll(async () => (await emulatorState(rt)).journal.length, { timeout: 15_000 }).toBe(4);

    await panel.getByRole('button', { name: 'Lettura X' }).click();
    await expect.poll(() => texts(page, 'status')).toContain(`Lettura X: Z n. 1, venduto del giorno ${money(total)}`);
    await panel.getByRole('button', { name: 'Chiedi lo stato' }).click();
    await expect.poll(() => panel.locator('.bo-facts').textContent()).toContain('Vendite senza documento commerciale0');
    await shoot(page, 'fiscal-device-panel.png');
  });

  it("refuses the Z while a sale waits for its document, naming it; then closes the day with the device's Z and per-VAT totals equal to the emulator's", async () => {
    // The paper runs out for one document: the sale waits, and the queue sends it again by itself.
    await fetch(`${rt.url}/__mock/fault`, { method: 'POST', body: JSON.stringify({ fault: 'paper-end', count: 1 }) });
    await rpc(till, cashierToken, 'sale.scan', { code: demoEan(1) });
    await rpc(till, cashierToken, 'sale.addPayment', { method: 'cash', amountCents: 449 });
    await rpc(till, cashierToken, 'sale.complete', { printReceipt: false });
    const { token: manager } = (await rpc(till, null, 'session.login', { userId: 'user-marco', pin: '2222' })) as { token: string };
    const waiting = async () => ((await rpc(till, manager, 'fiscal.status', {})) as { documentsWaiting: number }).documentsWaiting;
    await expect.poll(waiting).toBe(1);

    await page.getByRole('button', { name: 'Torna alla cassa' }).click();
    await page.getByRole('button', { name: 'Chiusura Z' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chiusura Z' });
    await dialog.getByLabel('Pezzi da 100,00 €').fill('1');
    await dialog.getByRole('button', { name: 'Chiudi turno' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Chiusura Z rifiutata: 1 documento commerciale non ancora emesso (scontrino 0001-0005');
    await shoot(dialog, 'fiscal-z-refused.png');
    expect((await emulatorState(rt)).closures).toHaveLength(0);

    await expect.poll(waiting, { timeout: 60_000, interval: 1_000 }).toBe(0);
    await dialog.getByRole('button', { name: 'Chiudi turno' }).click();
    await page.getByRole('heading', { name: 'Turno Z 1 chiuso' }).waitFor();

    const fiscalZ = page.getByRole('region', { name: 'Registratore telematico: chiusura Z n. 1' });
    await fiscalZ.waitFor();
    const state = await emulatorState(rt);
    expect(state.closures).toHaveLength(1);
    const closure = state.closures[0]!;
    expect(closure.z).toBe(1);
    await expect.poll(() => fiscalZ.getByRole('row', { name: /Venduto del giorno/ }).textContent()).toContain(money(closure.dailyAmountCents));
    const vatTable = fiscalZ.getByRole('table', { name: 'Corrispettivi per aliquota IVA e natura' });
    const vatRows = Object.entries(closure.totals.vat).filter(([, t]) => t.sales > 0);
    expect(vatRows.map(([code]) => code).sort()).toEqual(['10', '22', '4', 'N2']);
    for (const [code, totals] of vatRows) {
      const label = /^\d+$/.test(code) ? `${code}%` : code;
      await expect.poll(() => vatTable.getByRole('row', { name: new RegExp(`^${label} `) }).textContent()).toContain(money(totals.sales));
    }
    await shoot(page.getByRole('region', { name: 'Turno Z 1 chiuso' }), 'fiscal-z-close.png');
  });
});
