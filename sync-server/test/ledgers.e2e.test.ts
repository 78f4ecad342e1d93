/**
 * "Buoni e credito" in Debian's Chromium (issue 17): a gift card sold in Milano and spent offline
 * by a register there and one in Roma shows at head office with its negative balance highlighted
 * ("spent offline by two registers"), the entries behind it (stores, registers, offline, the
 * overspend), which the owner marks seen; the owner sets the card's offline limit to zero,
 * issues a voucher, and saves the loyalty rule; every control has a name.
 */
import type { LedgerEntryRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { headOfficeInChromium } from './head-office-in-chromium';
import { versions } from './fixtures';
import { owner, setUp } from './head-office-browser';

const CODE = 'V-7K3M-9QXZ';

describe('vouchers and credit at head office in the browser', () => {
  const ho = headOfficeInChromium('ledgers');

  /** A register paired in a new store, pushing ledger entries as a till does. */
  async function register(anna: Awaited<ReturnType<typeof setUp>>, storeName: string, deviceId: string) {
    const storeId = ((await anna.post('/api/ho/stores', { name: storeName })).data as { id: string }).id;
    const { code } = (await anna.post(`/api/ho/stores/${storeId}/pairing-codes`)).data as { code: string };
    const paired = await ho.server.service.pair({ ...versions, code, deviceName: `Cassa ${storeName}`, deviceId });
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
      await ho.server.service.push(
        { organisationId: paired.organisationId, storeId, deviceId },
        { ...versions, deviceId, ops: [{ seq, opId: `${deviceId}-${seq}`, record: { type: 'ledger-entry', record } }] },
      );
    };
  }

  it('shows an offline overspend by two registers, and lets the owner look at it, limit the card, issue a voucher and set the loyalty rule', async () => {
    const anna = await setUp(ho.server);
    const milano = await register(anna, 'Milano', 'till-milano');
    const roma = await register(anna, 'Roma', 'till-roma');
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    await milano('gift-sold', 5_000, at(30));
    await milano('milano-offline', -3_000, at(20));
    await roma('roma-offline', -4_000, at(10));

    await ho.page.goto(`${ho.base}/#/ledgers`);
    await ho.page.getByLabel('Email').fill(owner.email);
    await ho.page.getByLabel('Password').fill(owner.password);
    await ho.page.getByRole('button', { name: 'Accedi' }).click();
    await ho.page.getByRole('heading', { name: 'Buoni e credito', level: 1 }).waitFor();

    await ho.page.getByLabel('Mostra').selectOption('negative');
    await ho.page.getByRole('button', { name: CODE }).click();
    const detail = ho.page.getByRole('region', { name: `Movimenti di ${CODE}` });
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
    const [card] = await ho.server.storage.ledgers.list(session.user.organisationId, {}, null);
    expect(card).toMatchObject({ account: CODE, balance: -2_000, ownOfflineLimit: 0, overspent: false });

    await ho.page.getByLabel('Importo (€)').fill('25');
    await ho.page.getByRole('button', { name: 'Emetti' }).click();
    await ho.page.getByText(/^Buono emesso: V-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/).waitFor();
    // The new voucher opens: issued at head office, by the owner.
    const issuedRow = ho.page.getByRole('region', { name: /^Movimenti di V-/ }).getByRole('row').filter({ hasText: 'Emissione' });
    await issuedRow.getByText(owner.name).waitFor();
    expect(await issuedRow.getByText('Sede').count()).toBe(2);

    await ho.page.getByLabel('Punti per euro').fill('2');
    await ho.page.getByRole('button', { name: 'Salva le regole' }).click();
    await ho.page.getByText('Regole salvate').waitFor();
    expect((await anna.get('/api/ho/ledgers/settings')).data).toMatchObject({ loyalty: { pointsPerEuro: 2 } });

    const unnamed = await ho.page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, a[href]')]
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          return (el.getAttribute('aria-label') ?? '').trim() === '' && !(labels && [...labels].some((l) => (l.textContent ?? '').trim() !== '')) && (el.textContent ?? '').trim() === '';
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    await ho.page.getByLabel('Lingua').selectOption('en');
    await ho.page.getByRole('heading', { name: 'Vouchers & credit', level: 1 }).waitFor();
  });
});
