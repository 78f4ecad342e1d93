/**
 * "Buoni e credito" in Debian's Chromium (issue 17): a gift card sold in Milano and spent offline
 * by a register there and one in Roma shows at head office with its negative balance highlighted
 * ("spent offline by two registers"), the entries behind it (stores, registers, offline, the
 * overspend), which the owner marks seen; the owner sets the card's offline limit to zero,
 * issues a voucher, and saves the loyalty rule; every control has a name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntryRecord } from '@cassa/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/browser';
import { createSyncServer } from '../src/index';
import type { ListeningServer, SyncServer } from '../src/index';
import { versions } from './fixtures';
import { owner, setUp } from './head-office-browser';

const CODE = 'V-7K3M-9QXZ';

describe('vouchers and credit at head office in the browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-ledgers-e2e-'));
  let server: SyncServer;
  let listening: ListeningServer;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    server = await createSyncServer({ sqlitePath: join(dir, 'head-office.sqlite'), log: () => undefined });
    listening = await server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${listening.port}`;
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await listening?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A register paired in a new store, pushing ledger entries as a till does. */
  async function register(anna: Awaited<ReturnType<typeof setUp>>, storeName: string, deviceId: string) {
    const storeId = ((await anna.post('/api/ho/stores', { name: storeName })).data as { id: string }).id;
    const { code } = (await anna.post(`/api/ho/stores/${storeId}/pairing-codes`)).data as { code: string };
    const paired = await server.service.pair({ ...versions, code, deviceName: `Cassa ${storeName}`, deviceId });
    let seq = 0;
    return async (id: string, amount: number, at: string, more: Partial<LedgerEntryRecord> = {}) => {
      const record: LedgerEntryRecord = {
        id,
        kind: 'voucher',
        account: CODE,
        amount,
        reason: amount > 0 ? 'issue' : 'spend',
        authorisation: amount > 0 ? 'credit' : 'offline',
        reservationId: null,
        storeId,
        deviceId,
        saleId: null,
        userId: null,
        customerId: null,
        at,
        ...more,
      };
      seq += 1;
      await server.service.push(
        { organisationId: paired.organisationId, storeId, deviceId },
        { ...versions, deviceId, ops: [{ seq, opId: `${deviceId}-${seq}`, record: { type: 'ledger-entry', record } }] },
      );
    };
  }

  it('shows an offline overspend by two registers, and lets the owner look at it, limit the card, issue a voucher and set the loyalty rule', async () => {
    const anna = await setUp(server);
    const milano = await register(anna, 'Milano', 'till-milano');
    const roma = await register(anna, 'Roma', 'till-roma');
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    await milano('gift-sold', 5_000, at(30));
    await milano('milano-offline', -3_000, at(20));
    await roma('roma-offline', -4_000, at(10));

    await page.goto(`${base}/#/ledgers`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Buoni e credito', level: 1 }).waitFor();

    await page.getByLabel('Mostra').selectOption('negative');
    await page.getByRole('button', { name: CODE }).click();
    const detail = page.getByRole('region', { name: `Movimenti di ${CODE}` });
    await detail.getByText('Saldo negativo: speso offline da due casse').waitFor();
    const overspent = detail.getByRole('row').filter({ hasText: 'Cassa Roma' });
    await overspent.getByText('Senza linea').waitFor();
    await overspent.getByText('Oltre il saldo').waitFor();
    expect(await detail.getByRole('row').filter({ hasText: 'Cassa Milano' }).getByText('Oltre il saldo').count()).toBe(0);

    await overspent.getByRole('button', { name: 'Segna come visto' }).click();
    await overspent.getByText(`Visto da ${owner.name}`).waitFor();

    await detail.getByLabel('Limite senza linea per questo conto (0: niente senza linea)').fill('0');
    await detail.getByRole('button', { name: 'Salva il limite' }).click();
    await detail.getByRole('button', { name: 'Usa il predefinito' }).waitFor();
    const session = (await anna.get('/api/ho/session')).data as { user: { organisationId: string } };
    const [card] = await server.storage.ledgers.list(session.user.organisationId, {}, null);
    expect(card).toMatchObject({ account: CODE, balance: -2_000, ownOfflineLimit: 0, overspent: false });

    await page.getByLabel('Importo (€)').fill('25');
    await page.getByRole('button', { name: 'Emetti' }).click();
    await page.getByText(/^Buono emesso: V-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/).waitFor();
    // The new voucher opens: issued at head office, by the owner.
    const issuedRow = page.getByRole('region', { name: /^Movimenti di V-/ }).getByRole('row').filter({ hasText: 'Emissione' });
    await issuedRow.getByText(owner.name).waitFor();
    expect(await issuedRow.getByText('Sede').count()).toBe(2);

    await page.getByLabel('Punti per euro').fill('2');
    await page.getByRole('button', { name: 'Salva le regole' }).click();
    await page.getByText('Regole salvate').waitFor();
    expect((await anna.get('/api/ho/ledgers/settings')).data).toMatchObject({ loyalty: { pointsPerEuro: 2 } });

    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, a[href]')]
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          return (el.getAttribute('aria-label') ?? '').trim() === '' && !(labels && [...labels].some((l) => (l.textContent ?? '').trim() !== '')) && (el.textContent ?? '').trim() === '';
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    await page.getByLabel('Lingua').selectOption('en');
    await page.getByRole('heading', { name: 'Vouchers & credit', level: 1 }).waitFor();
  });
});
