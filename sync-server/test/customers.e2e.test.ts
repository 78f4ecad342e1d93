/**
 * The Clienti page in Debian's Chromium, in Italian (issue 17): customers pushed by a register are
 * listed and searchable, two with the same phone written differently are proposed as duplicates,
 * the merge says what moves before it happens, and afterwards the merged one is gone from the list
 * and the registers' customers stream names the survivor. An edit reaches the stream too.
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { CustomerRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { headOfficeInChromium } from './head-office-in-chromium';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const customer = (id: string, name: string, phone: string, createdAt: string): CustomerRecord => ({ id, name, phone, email: null, taxCode: null, vatNumber: null, createdAt });

describe('customers at head office in the browser', () => {
  const ho = headOfficeInChromium('customers');

  it('lists, proposes duplicates, merges after saying what moves, and edits', async () => {
    await ho.page.goto(ho.base);
    await ho.page.getByRole('heading', { name: 'Benvenuto: configura la sede' }).waitFor();
    await ho.page.getByLabel('Nome dell’organizzazione').fill('Bottega Rossi');
    await ho.page.getByLabel('Il tuo nome').fill('Anna Rossi');
    await ho.page.getByLabel('Email').fill('anna@example.it');
    await ho.page.getByLabel('Password (almeno 10 caratteri)').fill('correct horse battery');
    await ho.page.getByRole('button', { name: 'Crea e accedi' }).click();
    await ho.page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    const [organisation] = await Promise.all([ho.server.storage.headOffice.findUserByEmail('anna@example.it')]);
    const organisationId = organisation!.organisationId;
    await ho.server.admin.upsertStore(organisationId, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    const { code } = await ho.server.admin.createPairingCode(organisationId, 'milano');
    await ho.server.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'till-1' });
    const principal = { organisationId, storeId: 'milano', deviceId: 'till-1' };
    await ho.server.service.push(principal, {
      ...versions,
      deviceId: 'till-1',
      ops: [
        { seq: 1, opId: 'o1', record: { type: 'customer', record: customer('c-1', 'Maria Bianchi', '+39 333 111 2222', '2026-11-01T09:00:00.000Z') } },
        { seq: 2, opId: 'o2', record: { type: 'customer', record: customer('c-2', 'Maria B.', '333 1112222', '2026-11-02T09:00:00.000Z') } },
        { seq: 3, opId: 'o3', record: { type: 'customer', record: customer('c-3', 'Luca Verdi', '347 000 0000', '2026-11-03T09:00:00.000Z') } },
      ],
    });

    await ho.page.getByRole('link', { name: 'Clienti' }).click();
    await ho.page.getByRole('heading', { name: 'Clienti', exact: true }).waitFor();
    await ho.page.getByRole('cell', { name: 'Luca Verdi', exact: true }).waitFor();
    await ho.page.getByLabel('Cerca per nome, telefono, email o codice fiscale').fill('maria');
    await ho.page.getByRole('cell', { name: 'Maria B.', exact: true }).first().waitFor();
    await expect.poll(() => ho.page.getByRole('cell', { name: 'Luca Verdi', exact: true }).count()).toBe(0);

    const duplicates = ho.page.getByRole('region', { name: 'Possibili doppioni' });
    await duplicates.getByRole('heading', { name: 'Stesso telefono: 3331112222' }).waitFor();
    let asked = '';
    ho.page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await duplicates.getByRole('button', { name: 'Unisci in Maria Bianchi' }).click();
    await duplicates.getByText('Nessun doppione trovato.').waitFor();
    expect(asked).toContain('Unire Maria B. in Maria Bianchi?');
    expect(asked).toContain('il credito e i punti passano a Maria Bianchi');
    await expect.poll(() => ho.page.getByRole('cell', { name: 'Maria B.', exact: true }).count()).toBe(0);

    await ho.page.getByRole('button', { name: 'Modifica Maria Bianchi' }).click();
    const editor = ho.page.getByRole('form', { name: 'Modifica cliente' });
    await editor.getByLabel('Email').fill('maria@example.it');
    await editor.getByRole('button', { name: 'Salva: arriva a tutte le casse' }).click();
    await ho.page.getByRole('cell', { name: 'maria@example.it' }).waitFor();

    const rows = new Map((await ho.server.storage.readChanges(principal, 'customers', 0, 100)).map((r) => [r.key, r.data]));
    expect(rows.get('c-2')).toMatchObject({ mergedInto: 'c-1' });
    expect(rows.get('c-1')).toMatchObject({ email: 'maria@example.it', mergedInto: null });
  });
});
