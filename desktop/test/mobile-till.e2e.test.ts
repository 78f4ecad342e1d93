/**
 * The mobile till end to end (issue 20), in Chromium with a phone's screen and touch: head office
 * serves the built till at /till/; the page installs (manifest, service worker in control),
 * pairs with head office by reading head office's pairing QR with the phone's (fake) camera, logs in with a
 * PIN that came down from head office, goes offline, reloads (the service worker starts it with
 * no network, the database is the one in OPFS), sells three sales by cash and card, comes back
 * online and head office's dashboard shows them exactly once, to the cent.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Product } from '@cassa/shared';
import { createTestTill } from '@cassa/desktop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import { y4mOfBarcode } from './phone-camera-fixture';
import { ownerSession } from '../../test-support/head-office-session';
import type { HeadOfficeSession } from '../../test-support/head-office-session';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { RestartableServer } from '../../test-support/sync-server-harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mobileBuild = join(root, 'desktop', 'dist-mobile');

const coffee: Product = {
  id: 'caffe',
  sku: 'CAFFE',
  name: 'Caffè in grani',
  categoryId: null,
  vatCode: '22',
  unit: 'piece',
  priceCents: 1299,
  axes: [],
  variants: [{ id: 'caffe-v1', sku: 'CAFFE-1', barcodes: ['8001234500016'], options: {}, priceCents: null, active: true }],
  active: true,
};

describe('the mobile till on a phone', () => {
  let server: RestartableServer;
  let owner: HeadOfficeSession;
  let browser: Browser;
  let context: BrowserContext;
  let fixtureDir: string;

  beforeAll(async () => {
    // Built once; skipped when nothing it is made from changed (CI builds it in scripts/test.mjs).
    // NODE_ENV: vitest sets `test`, which would make Vite bundle React's development build.
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), 'mobile'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    server = await startRestartableServer({ engine: 'sqlite', serverOptions: { headOffice: { webRoot: false, mobileTillRoot: mobileBuild } } });
    owner = await ownerSession(server.url);
    fixtureDir = mkdtempSync(join(tmpdir(), 'cassa-mobile-camera-'));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
  });

  /** A phone whose camera shows `qrText` as a QR code (Chromium's fake camera plays our frame). */
  async function phoneShowingQr(qrText: string): Promise<void> {
    const video = join(fixtureDir, 'pairing-qr.y4m');
    writeFileSync(video, await y4mOfBarcode(qrText, { format: 'QRCode', scale: 6 }));
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, locale: 'it-IT' });
  }

  async function setUpHeadOffice(): Promise<string> {
    const store = await owner.client.call('stores.save', { name: 'Bottega in piazza' });
    const admin = server.server.admin;
    await admin.upsertProducts(owner.organisationId, [coffee]);
    // The shop's cashiers and their PINs, as head office keeps them (the demo's three users).
    const seed = createTestTill();
    await admin.upsertUsers(owner.organisationId, seed.core.services.users.exportAll());
    await seed.dispose();
    return store.id;
  }

  async function sell(page: Page, payWith: 'Contanti' | 'Carta', quantity: number): Promise<void> {
    const status = page.getByRole('status').first();
    const before = (await status.count()) > 0 ? await status.textContent() : null;
    const scan = page.getByRole('combobox', { name: 'Scansiona o cerca' });
    for (let i = 0; i < quantity; i++) {
      await scan.fill('8001234500016');
      await scan.press('Enter');
    }
    await page.getByRole('button', { name: new RegExp(payWith) }).first().click();
    // Cash asks what was tendered; card comes with the amount due filled in.
    await page.getByRole('button', { name: payWith === 'Contanti' ? 'Importo esatto' : /Conferma pagamento/ }).click();
    // This sale's own "closed" line, not the one the previous sale left.
    await expect.poll(async () => { const text = await status.textContent(); return text !== before && /chiuso/.test(text ?? ''); }).toBe(true);
  }

  it('installs, pairs by the QR content, sells offline after a reload, and head office counts each sale once', async () => {
    const storeId = await setUpHeadOffice();
    // The owner shows the pairing QR in head office; the phone's camera sees it.
    const code = await owner.client.call('registers.issuePairingCode', { storeId });
    await phoneShowingQr(code.qrText);
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/till/`);
    expect(response?.status()).toBe(200);

    // Installable: the manifest is served and the service worker controls the page.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(manifestHref!, `${server.url}/till/`).href)).json()) as { start_url: string; scope: string; display: string; icons: { sizes: string; purpose: string }[] };
    expect(manifest).toMatchObject({ start_url: '/till/', scope: '/till/', display: 'standalone' });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });

    // First run: the camera reads the pairing QR (its content exactly as head office gives it).
    await page.getByRole('button', { name: 'Inquadra il QR con la fotocamera' }).waitFor();
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'screenshots', 'mobile-till-first-run-360.png') });
    await page.getByRole('button', { name: 'Inquadra il QR con la fotocamera' }).click();
    await page.getByRole('button', { name: 'Giulia' }).waitFor({ timeout: 15_000 });

    // A second tab of the same browser is told the till is open elsewhere; nothing is opened twice.
    const second = await context.newPage();
    await second.goto(`${server.url}/till/`);
    await expect.poll(() => second.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/già aperta in un'altra scheda|already open in another tab/);
    await second.close();

    // Offline from here: the reload starts from the service worker, the till from OPFS.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Giulia' }).click();
    await page.getByLabel('PIN').fill('1111');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Apri turno' }).click();
    await sell(page, 'Contanti', 1);
    await sell(page, 'Carta', 2);
    await sell(page, 'Contanti', 3);
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'screenshots', 'mobile-till-sale-360.png') });

    // Online again: the sales reach head office once each, to the cent.
    await context.setOffline(false);
    const expectedCents = 6 * 1299;
    await expect
      .poll(async () => (await owner.client.call('dashboard.get', {})).stores.find((s) => s.storeId === storeId), { timeout: 30_000, interval: 500 })
      .toMatchObject({ tickets: 3, takingsCents: expectedCents });
    const registers = await owner.client.call('registers.list', {});
    expect(registers.filter((r) => r.storeId === storeId)).toHaveLength(1);
    await page.close();
  }, 90_000);
});
