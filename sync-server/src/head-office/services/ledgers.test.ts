/**
 * The head-office ledgers service (issue 17) on both engines, without HTTP: vouchers issued with a
 * printable code, overspends listed and marked seen, offline limits and the chain's defaults
 * reaching the tills' rows, what a user limited to some stores sees, who may write (the
 * contract's access, checked as the adapter checks it), another organisation kept out, and the
 * customers area's merge moving store credit and points.
 */
import { LEDGER_OFFLINE_LIMIT_SETTING, LOYALTY_RULE_SETTING, PROTOCOL_VERSION, SCHEMA_VERSION, ledgerAccountSchema, ledgersContract } from '@cassa/shared';
import type { LedgerEntryRecord, LedgerKind, PullResponse, Setting, TillRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, serverPerTest } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import type { TestOrganisation } from '../../../test/head-office-world';
import type { SyncServer } from '../../index';
import { openDatabase, openStorage } from '../../storage/open-storage';
import { checkAccess } from '../serve-head-office';
import { createLedgersService } from './ledgers';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

describe.each(engines)('head-office ledgers on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: false });

  async function world() {
    const s = await start();
    let clock = Date.parse('2026-12-04T10:00:00Z');
    const now = () => new Date((clock += 1000));
    const acme = await testOrganisation(s, 'Acme');
    const other = await testOrganisation(s, 'Other');
    const ledgers = createLedgersService({ storage: s.storage, admin: s.admin, now });
    return { s, acme, other, ledgers, now };
  }

  /** A register of `store`, and a way to push ledger entries from it. */
  async function register(s: SyncServer, org: TestOrganisation, store: string, deviceId: string) {
    const { code } = await s.admin.createPairingCode(org.id, store);
    await s.service.pair({ ...versions, code, deviceName: deviceId, deviceId });
    const principal = { organisationId: org.id, storeId: store, deviceId };
    let seq = 0;
    return {
      principal,
      async push(id: string, account: string, amount: number, more: Partial<LedgerEntryRecord> = {}) {
        const record: TillRecord = {
          type: 'ledger-entry',
          record: {
            id,
            kind: 'voucher',
            account,
            amount,
            reason: amount > 0 ? 'issue' : 'spend',
            authorisation: amount > 0 ? 'credit' : 'offline',
            reservationId: null,
            storeId: store,
            deviceId,
            saleId: null,
            userId: null,
            customerId: null,
            at: '2026-12-04T10:00:00Z',
            ...more,
          },
        };
        seq += 1;
        await s.service.push(principal, { ...versions, deviceId, ops: [{ seq, opId: `${deviceId}-${seq}`, record }] });
      },
      async rows() {
        const res: PullResponse = await s.service.pull(principal, { ...versions, stream: 'ledgers', cursor: null });
        if (res.kind !== 'changes') throw new Error('expected changes');
        return new Map(res.changes.map((c) => [c.key, ledgerAccountSchema.parse(c.data)]));
      },
    };
  }

  it('issues a voucher with a printable code that every till receives', async () => {
    const { s, acme, ledgers } = await world();
    const till = await register(s, acme, acme.stores[1], 'roma-1');
    const issued = await ledgers.issueVoucher(acme.chainManager, { amount: 2_500, customerId: null });
    expect(issued.account).toMatch(/^V-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(issued).toMatchObject({ kind: 'voucher', balance: 2_500, held: 0, overspent: false, ownOfflineLimit: null, offlineLimit: 5_000 });
    expect(issued.entries).toEqual([expect.objectContaining({ amount: 2_500, reason: 'issue', authorisation: 'credit', deviceId: 'head-office', approvedBy: acme.chainManager.name })]);
    expect((await till.rows()).get(`voucher:${issued.account}`)).toMatchObject({ balance: 2_500, includes: {} });
    // The till spends it at once, reserved.
    const reserved = await s.storage.ledgers.reserve(till.principal, { reservationId: 'r1', kind: 'voucher', account: issued.account, amount: 2_500 }, new Date());
    expect(reserved.outcome).toBe('granted');
  });

  it('lists overspent accounts, shows who approved what where, and clears the flag once every overspend is seen', async () => {
    const { s, acme, other, ledgers } = await world();
    const milano = await register(s, acme, acme.stores[0], 'milano-1');
    const roma = await register(s, acme, acme.stores[1], 'roma-1');
    await milano.push('issue', 'V-AAAA-0001', 5_000);
    await milano.push('m-spend', 'V-AAAA-0001', -3_000, { userId: 'cashier-anna' });
    await roma.push('r-spend', 'V-AAAA-0001', -4_000, { userId: 'cashier-bruno' });
    await roma.push('r-spend-2', 'V-AAAA-0001', -100);
    await milano.push('healthy', 'V-BBBB-0002', 1_000);

    expect((await ledgers.list(acme.owner, {})).map((a) => a.account)).toEqual(['V-AAAA-0001', 'V-BBBB-0002']);
    expect((await ledgers.list(acme.owner, { only: 'negative' })).map((a) => a.account)).toEqual(['V-AAAA-0001']);
    expect((await ledgers.list(acme.owner, { only: 'overspent' })).map((a) => a.account)).toEqual(['V-AAAA-0001']);
    expect((await ledgers.list(acme.viewer, { q: 'bbbb' })).map((a) => a.account)).toEqual(['V-BBBB-0002']);
    expect(await ledgers.list(acme.owner, { q: '%' })).toEqual([]);
    expect(await ledgers.list(acme.owner, { kind: 'points' })).toEqual([]);

    const account = await ledgers.account(acme.viewer, 'voucher', 'V-AAAA-0001');
    expect(account.balance).toBe(-2_100);
    const overspends = account.entries.filter((e) => e.overspend);
    expect(overspends.map((e) => [e.id, e.storeName, e.deviceName, e.approvedBy])).toEqual([
      ['r-spend-2', acme.stores[1], 'roma-1', null],
      ['r-spend', acme.stores[1], 'roma-1', 'cashier-bruno'],
    ]);

    // Another organisation learns nothing.
    expect(await refusal(ledgers.markSeen(other.owner, 'r-spend'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(ledgers.account(other.owner, 'voucher', 'V-AAAA-0001'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await ledgers.list(other.owner, {})).toEqual([]);
    // Only overspends can be marked.
    expect(await refusal(ledgers.markSeen(acme.owner, 'm-spend'))).toMatchObject({ code: 'NOT_FOUND' });

    const half = await ledgers.markSeen(acme.chainManager, 'r-spend');
    expect(half.overspent).toBe(true);
    expect(half.entries.find((e) => e.id === 'r-spend')).toMatchObject({ seenBy: acme.chainManager.name, seenAt: expect.any(String) });
    const done = await ledgers.markSeen(acme.owner, 'r-spend-2');
    expect(done.overspent).toBe(false);
    // Seen twice keeps the first person.
    expect((await ledgers.markSeen(acme.owner, 'r-spend')).entries.find((e) => e.id === 'r-spend')?.seenBy).toBe(acme.chainManager.name);
    expect((await milano.rows()).get('voucher:V-AAAA-0001')).toMatchObject({ overspent: false, balance: -2_100 });
    expect((await ledgers.list(acme.owner, { only: 'overspent' })).map((a) => a.account)).toEqual([]);
  });

  it('shows a user limited to some stores only the accounts and entries of those stores', async () => {
    const { s, acme, ledgers } = await world();
    const milano = await register(s, acme, acme.stores[0], 'milano-1');
    const roma = await register(s, acme, acme.stores[1], 'roma-1');
    await milano.push('m-issue', 'V-MMMM-0001', 1_000);
    await roma.push('r-spend', 'V-MMMM-0001', -400);
    await roma.push('r-issue', 'V-RRRR-0001', 900);
    expect((await ledgers.list(acme.storeManager, {})).map((a) => a.account)).toEqual(['V-MMMM-0001']);
    const seen = await ledgers.account(acme.storeManager, 'voucher', 'V-MMMM-0001');
    expect(seen.balance).toBe(600);
    expect(seen.entries.map((e) => e.id)).toEqual(['m-issue']);
    expect(await refusal(ledgers.account(acme.storeManager, 'voucher', 'V-RRRR-0001'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets owners and managers of every store write, viewers and store managers only read', () => {
    return world().then(({ acme }) => {
      const writes = ['ledgers.setOfflineLimit', 'ledgers.markSeen', 'ledgers.issueVoucher', 'ledgers.saveSettings'] as const;
      for (const name of writes) {
        const { access } = ledgersContract[name];
        expect(() => checkAccess(acme.owner, access, {})).not.toThrow();
        expect(() => checkAccess(acme.chainManager, access, {})).not.toThrow();
        expect(() => checkAccess(acme.viewer, access, {})).toThrow(expect.objectContaining({ code: 'NOT_AUTHORISED' }));
        expect(() => checkAccess(acme.storeManager, access, {})).toThrow(expect.objectContaining({ code: 'NOT_AUTHORISED' }));
      }
      for (const name of ['ledgers.list', 'ledgers.account', 'ledgers.settings'] as const) {
        expect(() => checkAccess(acme.viewer, ledgersContract[name].access, {})).not.toThrow();
      }
    });
  });

  it("sets an account's offline limit (0 allowed) and the chain's defaults, and the tills' rows carry the one in force", async () => {
    const { s, acme, ledgers } = await world();
    const milano = await register(s, acme, acme.stores[0], 'milano-1');
    await milano.push('a', 'V-LIMT-0001', 5_000);
    await milano.push('b', 'V-LIMT-0002', 5_000);
    expect(await ledgers.setOfflineLimit(acme.owner, 'voucher', 'V-LIMT-0001', 0)).toMatchObject({ offlineLimit: 0, ownOfflineLimit: 0 });
    expect(await refusal(ledgers.setOfflineLimit(acme.owner, 'voucher', 'V-NONE-0000', 10))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await ledgers.settings(acme.id)).toMatchObject({ offlineLimitsAreDefault: true, loyalty: { pointsPerEuro: 0 } });

    const saved = await ledgers.saveSettings(acme.owner, { offlineLimits: { voucher: 2_000, 'store-credit': 1_000, points: 0 }, loyalty: { pointsPerEuro: 1, centsPerPoint: 5, minimumRedeem: 100 } });
    expect(saved).toEqual({ offlineLimits: { voucher: 2_000, 'store-credit': 1_000, points: 0 }, offlineLimitsAreDefault: false, loyalty: { pointsPerEuro: 1, centsPerPoint: 5, minimumRedeem: 100 } });
    const rows = await milano.rows();
    expect(rows.get('voucher:V-LIMT-0001')?.offlineLimit).toBe(0);
    expect(rows.get('voucher:V-LIMT-0002')?.offlineLimit).toBe(2_000);
    // The settings flow down the settings stream as organisation-wide rows.
    const settings = (await s.storage.headOffice.readRows(acme.id, 'setting')) as Setting[];
    expect(settings.filter((r) => r.key === LEDGER_OFFLINE_LIMIT_SETTING || r.key === LOYALTY_RULE_SETTING).map((r) => r.key).sort()).toEqual([LEDGER_OFFLINE_LIMIT_SETTING, LOYALTY_RULE_SETTING]);
    expect(await ledgers.setOfflineLimit(acme.owner, 'voucher', 'V-LIMT-0001', null)).toMatchObject({ offlineLimit: 2_000, ownOfflineLimit: null });
  });

  it("finds an account by its customer's name from the customers stream, and names the customer", async () => {
    const database = await engine.database();
    const storage = await openStorage(database.options);
    const db = openDatabase(database.options);
    try {
      const customer = { id: 'cust-1', name: 'Maria Bianchi', phone: '+39 333 1234567', email: null, taxCode: null, vatNumber: null, createdAt: '2026-12-01T10:00:00Z', mergedInto: null, updatedAt: '2026-12-01T10:00:00Z' };
      await db.query("INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at) VALUES ('o1', 'customers', 'customer', 'cust-1', '', 1, ?, ?)", [JSON.stringify(customer), customer.updatedAt]);
      await storage.ledgers.addEntry('o1', { id: 'credit-1', kind: 'store-credit', account: 'cust-1', amount: 1_200, reason: 'refund', customerId: 'cust-1', userId: null }, new Date());
      await storage.ledgers.addEntry('o1', { id: 'v-1', kind: 'voucher', account: 'V-AAAA-BBBB', amount: 500, reason: 'issue', customerId: null, userId: null }, new Date());
      expect(await storage.ledgers.list('o1', { q: 'BIANCHI' }, null)).toEqual([expect.objectContaining({ account: 'cust-1', customerName: 'Maria Bianchi', balance: 1_200 })]);
      expect((await storage.ledgers.list('o1', { q: '1234567' }, null)).map((a) => a.account)).toEqual(['cust-1']);
      expect((await storage.ledgers.list('o1', {}, null)).map((a) => [a.account, a.customerName])).toEqual(expect.arrayContaining([['V-AAAA-BBBB', null], ['cust-1', 'Maria Bianchi']]));
      expect((await storage.ledgers.account('o1', 'store-credit', 'cust-1', new Date(), null))?.customerName).toBe('Maria Bianchi');
      expect(await storage.ledgers.list('o2', { q: 'bianchi' }, null)).toEqual([]);
    } finally {
      await db.close();
      await storage.close();
      await database.cleanup();
    }
  });

  it("moves a merged customer's store credit and points to the survivor, once", async () => {
    const { s, acme, other, ledgers, now } = await world();
    const milano = await register(s, acme, acme.stores[0], 'milano-1');
    const credit = (id: string, kind: LedgerKind, customer: string, amount: number) =>
      milano.push(id, customer, amount, { kind, customerId: customer, reason: kind === 'points' ? 'earn' : 'refund' });
    await credit('c1', 'store-credit', 'cust-old', 1_500);
    await credit('p1', 'points', 'cust-old', 300);
    await credit('c2', 'store-credit', 'cust-new', 200);
    // mergeCustomerLedgers in a transaction of its own, as the customers area calls it inside its merge.
    expect(await s.storage.ledgers.mergeCustomers(acme.id, 'cust-old', 'cust-new', now())).toEqual([{ stream: 'ledgers', storeId: null }]);
    expect(await s.storage.ledgers.mergeCustomers(acme.id, 'cust-old', 'cust-new', now())).toEqual([]);
    expect(await s.storage.ledgers.mergeCustomers(other.id, 'cust-old', 'cust-new', now())).toEqual([]);
    const balance = async (kind: LedgerKind, customer: string) => (await ledgers.account(acme.owner, kind, customer)).balance;
    expect([await balance('store-credit', 'cust-old'), await balance('store-credit', 'cust-new'), await balance('points', 'cust-old'), await balance('points', 'cust-new')]).toEqual([0, 1_700, 0, 300]);
    expect((await ledgers.account(acme.owner, 'points', 'cust-new')).entries).toEqual([expect.objectContaining({ reason: 'merge', amount: 300, deviceId: 'head-office' })]);
    const rows = await milano.rows();
    expect(rows.get('store-credit:cust-new')).toMatchObject({ balance: 1_700, customerId: 'cust-new' });
    expect(rows.get('store-credit:cust-old')).toMatchObject({ balance: 0 });
    // A till that had not heard of the merge refunds to the old customer: the next call moves that too.
    await credit('c3', 'store-credit', 'cust-old', 250);
    expect(await s.storage.ledgers.mergeCustomers(acme.id, 'cust-old', 'cust-new', now())).toEqual([{ stream: 'ledgers', storeId: null }]);
    expect([await balance('store-credit', 'cust-old'), await balance('store-credit', 'cust-new')]).toEqual([0, 1_950]);
  });
});
