/**
 * The till on a 360×740 phone (issue 20, part D), in Italian, against the real browser host: a
 * camera that shows an EAN-13 (Chromium's fake camera playing a frame we draw with zxing's writer)
 * rings the product up once however long it stays in view; a variant from the size × colour grid;
 * cash with change; the receipt on screen, shared as PNG and PDF; a return; the shift's Z close;
 * then the same till on a 768×1024 tablet. On every screen each visible control is at least
 * 44×44 CSS px and nothing scrolls sideways.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../test-support/browser';
import type { TillProcess } from '../../test-support/till-process';
import { repoRoot, startTillProcess } from '../../test-support/till-process';
import { approveAsManager, demoEan, italian, logIn, money } from './cashier-flow';
import { y4mOfBarcode } from './phone-camera-fixture';

const width = 360;
const shots = join(repoRoot, 'docs/screenshots');

/** Every visible control smaller than 44×44 (a checkbox counts by its label, the target a finger hits). */
function undersizedControls(page: Page) {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="option"], a[href]')) {
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
      const input = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');
      const target = input ? element.closest('label') ?? element : element;
      const box = target.getBoundingClientRect();
      if (box.width < 44 || box.height < 44) small.push(`${element.tagName} "${(element.textContent || element.getAttribute('aria-label') || element.getAttribute('name') || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  });
}

async function expectPhoneFit(page: Page, where: string, within = width): Promise<void> {
  // Polled: a screen still filling in (the Z report's VAT table arrives after its heading) settles first.
  await expect.poll(() => undersizedControls(page), { message: where }).toEqual([]);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: where }).toBeLessThanOrEqual(within);
}

describe('the till on a phone', () => {
  let till: TillProcess;
  let browser: Browser;
  let page: Page;
  let fixtureDir: string;

  beforeAll(async () => {
    fixtureDir = mkdtempSync(join(tmpdir(), 'cassa-camera-'));
    const video = join(fixtureDir, 'spaghetti.y4m');
    writeFileSync(video, await y4mOfBarcode(demoEan(2)));
    [till, browser] = await Promise.all([
      startTillProcess(),
      chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync',
          // The camera: granted without a prompt, and showing our frame.
          '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
        ],
      }),
    ]);
    page = await browser.newPage({ viewport: { width, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1, acceptDownloads: true });
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    till?.cleanup();
    if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
  });

  const ticket = () => page.getByRole('region', { name: 'Scontrino', exact: true });

  it('logs in and opens the shift with touch-sized controls', async () => {
    await page.goto(till.url);
    await page.getByRole('button', { name: 'Giulia' }).waitFor();
    await expectPhoneFit(page, 'login');
    await page.getByRole('button', { name: 'Giulia' }).click();
    await page.getByLabel('PIN').waitFor();
    await expectPhoneFit(page, 'PIN');
    await logIn2(page);
    await expectPhoneFit(page, 'sale');
  });

  it('rings up a product shown to the camera once, however many frames it stays in view', async () => {
    await page.getByRole('button', { name: 'Scansiona con la fotocamera' }).click();
    const camera = page.getByRole('dialog', { name: 'Scansiona con la fotocamera' });
    await expect.poll(() => camera.getByRole('status').textContent(), { timeout: 15_000 }).toContain(`Letto: ${demoEan(2)}`);
    await expectPhoneFit(page, 'camera');
    await expect.poll(() => ticket().textContent()).toContain('Spaghetti di grano duro');
    // Held in view for many more frames: still one line of one.
    await page.waitForTimeout(1500);
    await camera.getByRole('button', { name: 'Chiudi' }).click();
    await camera.waitFor({ state: 'detached' });
    expect(await ticket().locator('tr[data-line-id]').count()).toBe(1);
    await expect.poll(() => ticket().textContent()).toMatch(/1 × 1,29\s€/);
  });

  it('sells a variant from the grid and takes cash with change', async () => {
    const scan = page.getByRole('combobox', { name: italian.scan });
    await scan.fill('t-shirt');
    await page.getByRole('option', { name: /T-shirt/ }).first().waitFor();
    await expectPhoneFit(page, 'type-ahead');
    await page.getByRole('option', { name: /T-shirt/ }).first().click();
    const grid = page.getByRole('dialog', { name: italian.pickTshirt });
    await grid.waitFor();
    await expectPhoneFit(page, 'variant grid');
    await grid.getByRole('button', { name: 'M Blu' }).click();
    await expect.poll(() => ticket().textContent()).toContain('T-shirt cotone bio M Blu');
    await expect.poll(() => ticket().getByRole('status', { name: 'Totale', exact: true }).textContent()).toMatch(money(129 + 1990, 'it'));
    await expectPhoneFit(page, 'ticket');
    // The total and the pay button are on the first screen, without scrolling.
    const payBox = await ticket().getByRole('button', { name: 'Contanti' }).boundingBox();
    expect(payBox && payBox.y + payBox.height).toBeLessThanOrEqual(740);
    await page.screenshot({ path: join(shots, 'phone-sale.png') });

    await ticket().getByRole('button', { name: 'Contanti' }).click();
    const cash = page.getByRole('dialog', { name: italian.payCash });
    await cash.getByLabel(italian.amount).fill('50');
    await expect.poll(() => cash.getByRole('status').textContent()).toMatch(money(5000 - 2119, 'it'));
    await expectPhoneFit(page, 'cash');
    await page.screenshot({ path: join(shots, 'phone-payment.png') });
    await cash.getByRole('button', { name: italian.confirmPayment }).click();
    const done = page.getByRole('status', { name: italian.done('0001-0001') });
    await done.waitFor();
    await expect.poll(() => done.textContent()).toMatch(money(5000 - 2119, 'it'));
    await expect.poll(() => page.getByRole('img', { name: 'Anteprima dello scontrino' }).isVisible()).toBe(true);
    await expectPhoneFit(page, 'done');
  });

  it('shows the receipt on screen and hands it over as a PNG and a PDF', async () => {
    await page.getByRole('button', { name: 'Scontrino sul telefono' }).click();
    const dialog = page.getByRole('dialog', { name: 'Scontrino 0001-0001' });
    const picture = dialog.getByRole('img', { name: 'Scontrino 0001-0001 come verrebbe stampato' });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(500);
    // The picture's text is the printer's: the receipt number, the two lines, the change.
    const text = await picture.getAttribute('title');
    expect(text).toContain('0001-0001');
    expect(text).toContain('T-shirt cotone bio M Blu');
    expect(text).toMatch(/Resto +28,81/);
    await expect.poll(() => dialog.getByRole('region', { name: 'Stampare da questo dispositivo' }).textContent()).toContain('non raggiungibile da una pagina web');
    await expectPhoneFit(page, 'receipt dialog');
    await page.screenshot({ path: join(shots, 'phone-receipt.png') });

    // Headless Chromium on Linux has no share sheet for files: both become downloads.
    const [png] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Condividi immagine' }).click()]);
    expect(png.suggestedFilename()).toBe('scontrino-0001-0001.png');
    expect(readFileSync(await png.path()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [pdf] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Condividi PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe('scontrino-0001-0001.pdf');
    const pdfText = readFileSync(await pdf.path()).toString('latin1');
    expect(pdfText.startsWith('%PDF-1.4')).toBe(true);
    expect(pdfText).toMatch(/\/Subtype \/Image \/Width \d+ \/Height \d+ \/ColorSpace \/DeviceGray/);
    await expect.poll(() => dialog.getByRole('status').last().textContent()).toContain('Scontrino scaricato');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('returns the spaghetti in cash', async () => {
    await page.getByRole('button', { name: /Reso \/ storno/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reso o storno' });
    await dialog.getByLabel('Codice o numero dello scontrino').fill('0001-0001');
    await dialog.getByRole('button', { name: 'Cerca' }).click();
    const spaghetti = dialog.getByLabel('Quantità da rendere per Spaghetti di grano duro 500 g');
    await spaghetti.fill('1');
    await expectPhoneFit(page, 'return dialog');
    await dialog.getByRole('button', { name: 'Rendi le righe scelte' }).click();
    await approveAsManager(page, italian);
    const returnTicket = page.getByRole('region', { name: 'Reso dello scontrino' });
    await expect.poll(() => returnTicket.textContent()).toContain('Spaghetti');
    await expectPhoneFit(page, 'return ticket');
    await returnTicket.getByRole('button', { name: 'Contanti' }).click();
    await page.getByRole('dialog', { name: 'Rimborso: Contanti' }).getByRole('button', { name: 'Conferma pagamento' }).click();
    await page.getByRole('status', { name: /Reso 0001-0002 chiuso/ }).waitFor();
  });

  it('closes the shift with a Z', async () => {
    await page.getByRole('button', { name: 'Chiusura Z' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chiusura Z' });
    await dialog.getByLabel('Pezzi da 100,00 €').fill('1');
    await expectPhoneFit(page, 'Z count');
    await dialog.getByRole('button', { name: 'Chiudi turno' }).click();
    await page.getByRole('heading', { name: 'Turno Z 1 chiuso' }).waitFor();
    await expectPhoneFit(page, 'Z report');
  });

  it('fits a tablet held upright too', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectPhoneFit(page, 'tablet Z report', 768);
    await page.getByRole('form', { name: 'Apri un nuovo turno' }).getByRole('button', { name: 'Apri turno' }).click();
    await page.getByRole('combobox', { name: italian.scan }).waitFor();
    await expectPhoneFit(page, 'tablet sale', 768);
    await expect.poll(() => ticket().getByRole('button', { name: 'Contanti' }).isVisible()).toBe(true);
  });
});

/** The PIN and the shift, as `logIn` does after the name was chosen. */
async function logIn2(page: Page): Promise<void> {
  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: italian.logIn }).click();
  await page.getByRole('button', { name: italian.openShift }).waitFor();
  await expectPhoneFit(page, 'shift open');
  await page.getByRole('button', { name: italian.openShift }).click();
  await page.getByRole('combobox', { name: italian.scan }).waitFor();
}

void logIn;
