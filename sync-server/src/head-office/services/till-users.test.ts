import type { TillUser } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { serverPerTest, sqliteEngine } from '../../../test/fixtures';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import { verifySecret } from '../passwords';
import { createChainSettingsService } from './chain-settings';
import { createTillUsersService } from './till-users';

// Storage itself runs on both engines in the HTTP suites; these check the rules on one.
describe('till users and chain settings services', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: false });

  async function world() {
    const s = await start();
    return { s, tillUsers: createTillUsersService(s), acme: await testOrganisation(s, 'Acme'), other: await testOrganisation(s, 'Other') };
  }

  it('needs a PIN for a new till user, keeps it on an edit, and never shows its hash', async () => {
    const { s, tillUsers, acme } = await world();
    expect(await refusal(tillUsers.save(acme.id, { name: 'Giulia', role: 'cashier', active: true }))).toMatchObject({ code: 'VALIDATION' });
    const giulia = await tillUsers.save(acme.id, { name: 'Giulia', role: 'cashier', pin: '1234', active: true, storeIds: [acme.stores[0]] });
    expect(giulia).not.toHaveProperty('pinHash');
    const edited = await tillUsers.save(acme.id, { id: giulia.id, name: 'Giulia B.', role: 'manager', active: false });
    expect(edited).toEqual({ id: giulia.id, name: 'Giulia B.', role: 'manager', active: false, storeIds: [acme.stores[0]] });
    expect(await tillUsers.list(acme.id)).toEqual([edited]);
    const stored = (await s.storage.headOffice.readRows(acme.id, 'user')) as TillUser[];
    expect(await verifySecret('1234', stored[0]!.pinHash)).toBe(true);
  });

  it("refuses another organisation's till user and stores", async () => {
    const { tillUsers, acme, other } = await world();
    const giulia = await tillUsers.save(acme.id, { name: 'Giulia', role: 'cashier', pin: '1234', active: true });
    expect(await refusal(tillUsers.save(other.id, { id: giulia.id, name: 'Mine now', role: 'admin', active: true }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(tillUsers.save(acme.id, { name: 'Marco', role: 'cashier', pin: '5678', active: true, storeIds: [other.stores[0]] }))).toMatchObject({
      code: 'NOT_FOUND',
      message: `No store ${other.stores[0]}`,
    });
    expect(await tillUsers.list(other.id)).toEqual([]);
    expect((await tillUsers.list(acme.id)).map((u) => u.name)).toEqual(['Giulia']);
  });

  it('saves chain settings for one organisation, refusing a layout a till would refuse', async () => {
    const { s, acme, other } = await world();
    const settings = createChainSettingsService({ storage: s.storage.headOffice, admin: s.admin });
    const before = await settings.read(acme.id);
    expect(before).toMatchObject({ scaleLayoutsAreDefault: true, approvals: { cancelTicket: true, voidLine: true }, maxLineAmountCents: 1_000_000 });
    const chain = { scaleLayouts: [{ prefix: '27', itemDigits: 5, value: 'weight' as const, valueDigits: 5, decimals: 3 }], approvals: { cancelTicket: false, voidLine: true }, maxLineAmountCents: 50_000 };
    expect(await settings.save(acme.id, chain)).toEqual({ ...chain, scaleLayoutsAreDefault: false });
    const clash = { ...chain, scaleLayouts: [chain.scaleLayouts[0]!, { ...chain.scaleLayouts[0]!, decimals: 2 }] };
    const refused = await refusal(settings.save(acme.id, clash));
    expect(refused.code).toBe('VALIDATION');
    expect((refused.details as { scaleLayoutProblems: unknown[] }).scaleLayoutProblems.length).toBeGreaterThan(0);
    expect(await settings.read(acme.id)).toEqual({ ...chain, scaleLayoutsAreDefault: false });
    expect(await settings.read(other.id)).toEqual(before);
  });
});
