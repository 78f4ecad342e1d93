/**
 * The chain ledger at head office (issue 17) on both engines, through the till's own routes:
 * pushed entries counted once whatever is pushed again, offline overspends by two registers
 * visible (exactly the entries that took the balance below zero flagged, each once), reservations
 * held, settled, lapsed and released only by their register, another organisation's accounts
 * invisible, and the account row flowing down the `ledgers` stream with what it includes.
 */
import { LEDGER_HOLD_TTL_MS, ledgerAccountSchema } from '@cassa/shared';
import type { ApiError, LedgerAccountView, LedgerEntryRecord, LedgerReserveResponse, PushOp, PushResponse, PullResponse, TillRecord } from '@cassa/shared';
import { describe, expect, inject, it } from 'vitest';
import { startRestartableServer } from '../../../test-support/sync-server-harness';
import type { RestartableServer } from '../../../test-support/sync-server-harness';
import { engines, jsonRequest, pairTill, seedTenant, serverPerTest, versions } from '../../test/fixtures';
import type { Engine, PairedTill, Tenant } from '../../test/fixtures';
import type { SyncServer } from '../index';
import { migrations } from '../storage/migrations';
import { openDatabase, openStorage } from '../storage/open-storage';

const CODE = 'V-7K3M-9QXZ';

describe.each(engines)('chain ledger on $name', (engine: Engine) => {
  let clock = new Date('2026-12-04T10:00:00Z');
  const start = serverPerTest(engine, { now: () => clock });

  async function world() {
    clock = new Date('2026-12-04T10:00:00Z');
    const server = await start();
    const tenant = await seedTenant(server);
    // A till of the other store: vouchers are chain-wide.
    const b = await pairTill(server, tenant.organisationId, tenant.otherStoreId, 'Cassa B');
    return { server, tenant, a: tenant.till, b };
  }

  function entry(till: PairedTill, id: string, amount: number, more: Partial<LedgerEntryRecord> = {}): TillRecord {
    return {
      type: 'ledger-entry',
      record: {
        id,
        kind: 'voucher',
        account: CODE,
        amount,
        reason: amount > 0 ? 'issue' : 'spend',
        authorisation: amount > 0 ? 'credit' : 'offline',
        reservationId: null,
        storeId: till.storeId,
        deviceId: till.deviceId,
        saleId: null,
        userId: null,
        customerId: null,
        at: clock.toISOString(),
        ...more,
      },
    };
  }

  async function push(server: SyncServer, till: PairedTill, ops: readonly PushOp[]): Promise<PushResponse> {
    const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops }, till.authorization));
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: PushResponse }).data;
  }

  const op = (seq: number, record: TillRecord, opId = `op-${seq}-${record.record.id}`): PushOp => ({ seq, opId, record });

  async function call<T>(server: SyncServer, till: PairedTill, method: string, path: string, body?: unknown): Promise<{ status: number; data: T; error: ApiError | undefined }> {
    const init: RequestInit = body === undefined ? { method, headers: { authorization: till.authorization } } : jsonRequest(method, body, till.authorization);
    const res = await server.app.request(path, init);
    const json = (await res.json()) as { data: T; error?: ApiError };
    return { status: res.status, data: json.data, error: json.error };
  }

  const reserve = (server: SyncServer, till: PairedTill, reservationId: string, amount: number, account = CODE) =>
    call<LedgerReserveResponse>(server, till, 'POST', '/v1/ledger/reservations', { reservationId, kind: 'voucher', account, amount });
  const account = (server: SyncServer, till: PairedTill, code = CODE) => call<LedgerAccountView>(server, till, 'GET', `/v1/ledger/accounts/voucher/${code}`);

  async function ledgerRows(server: SyncServer, till: PairedTill) {
    const res = await server.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'ledgers', cursor: null }, till.authorization));
    const data = ((await res.json()) as { data: PullResponse }).data;
    if (data.kind !== 'changes') throw new Error('expected changes');
    return data.changes.map((c) => ({ key: c.key, row: ledgerAccountSchema.parse(c.data) }));
  }

  it('applies each entry once: the same op again, the same entry under another op, and sends the account down the ledgers stream', async () => {
    const { server, a } = await world();
    const first = await push(server, a, [op(1, entry(a, 'e-issue', 5_000)), op(2, entry(a, 'e-spend', -1_200))]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // A lost answer: the same ops again.
    const again = await push(server, a, [op(1, entry(a, 'e-issue', 5_000)), op(2, entry(a, 'e-spend', -1_200))]);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    // The till queued the spend again under a new op (restored from a backup): stored once, but head office now includes op 3.
    const requeued = await push(server, a, [op(3, entry(a, 'e-spend', -1_200))]);
    expect(requeued.results[0]).toMatchObject({ status: 'duplicate', problems: ['record-already-stored'] });

    expect((await account(server, a)).data).toMatchObject({ balance: 3_800, held: 0, overspent: false });
    expect((await account(server, a)).data.entries.map((e) => e.id)).toHaveLength(2);
    const rows = await ledgerRows(server, a);
    expect(rows).toEqual([{ key: `voucher:${CODE}`, row: expect.objectContaining({ balance: 3_800, includes: { [a.deviceId]: 3 }, overspent: false, offlineLimit: 5_000 }) }]);
  });

  it('shows two registers overspending one card offline: balance negative, exactly the entries that took it below zero flagged, once each', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    // Both saw 50 €; A spends 30 offline, B 40 offline, B another 5 offline.
    await push(server, a, [op(2, entry(a, 'a-spend', -3_000))]);
    const pushedB = await push(server, b, [op(1, entry(b, 'b-spend', -4_000)), op(2, entry(b, 'b-spend-2', -500))]);
    expect(pushedB.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    await push(server, b, [op(3, entry(b, 'b-spend', -4_000))]);

    const view = (await account(server, a)).data;
    expect(view.balance).toBe(-2_500);
    expect(view.overspent).toBe(true);
    const marks = Object.fromEntries(view.entries.map((e) => [e.id, e.overspend]));
    expect(marks).toEqual({ issue: false, 'a-spend': false, 'b-spend': true, 'b-spend-2': true });
    expect(view.entries.find((e) => e.id === 'b-spend')).toMatchObject({ storeName: `Store ${b.storeId}`, deviceId: b.deviceId, authorisation: 'offline' });
    const [row] = await ledgerRows(server, b);
    expect(row?.row).toMatchObject({ balance: -2_500, overspent: true, includes: { [a.deviceId]: 2, [b.deviceId]: 3 } });
  });

  it('never flags a draw under a live reservation; an offline draw that eats money promised to it is flagged', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    expect((await reserve(server, b, 'res-b', 4_000)).data).toMatchObject({ outcome: 'granted', balance: 5_000, heldByOthers: 0, available: 5_000 });
    expect((await reserve(server, a, 'res-a', 2_000)).data).toMatchObject({ outcome: 'insufficient', heldByOthers: 4_000, available: 1_000, expiresAt: null });
    await push(server, a, [op(2, entry(a, 'a-offline', -3_000))]);
    await push(server, b, [op(1, entry(b, 'b-reserved', -4_000, { authorisation: 'reserved', reservationId: 'res-b' }))]);
    const view = (await account(server, a)).data;
    expect(view.balance).toBe(-2_000);
    expect(view.held).toBe(0);
    expect(Object.fromEntries(view.entries.map((e) => [e.id, e.overspend]))).toEqual({ issue: false, 'a-offline': true, 'b-reserved': false });
  });

  it('answers the same hold for the same id from the same register, and refuses the id to another register', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    const first = (await reserve(server, a, 'res-1', 1_000)).data;
    const again = (await reserve(server, a, 'res-1', 1_000)).data;
    expect(again).toEqual(first);
    expect(again).toMatchObject({ outcome: 'granted', heldByOthers: 0 });
    const stolen = await reserve(server, b, 'res-1', 1_000);
    expect(stolen.status).toBe(409);
    expect(stolen.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'reservation-id-taken' } });
    expect((await reserve(server, a, 'res-1', 2_000)).error).toMatchObject({ code: 'CONFLICT', details: { reason: 'reservation-id-reused' } });
    expect((await account(server, a)).data.held).toBe(1_000);
  });

  it('lets a hold lapse after its time: it stops counting, and an entry naming it is an ordinary offline draw', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    expect((await reserve(server, a, 'res-a', 4_000)).data.expiresAt).toBe(new Date(clock.getTime() + LEDGER_HOLD_TTL_MS).toISOString());
    clock = new Date(clock.getTime() + LEDGER_HOLD_TTL_MS + 1_000);
    expect((await reserve(server, b, 'res-b', 5_000)).data).toMatchObject({ outcome: 'granted', heldByOthers: 0 });
    await push(server, b, [op(1, entry(b, 'b-spend', -5_000, { authorisation: 'reserved', reservationId: 'res-b' }))]);
    await push(server, a, [op(2, entry(a, 'a-late', -4_000, { authorisation: 'reserved', reservationId: 'res-a' }))]);
    const view = (await account(server, a)).data;
    expect(view.balance).toBe(-4_000);
    expect(Object.fromEntries(view.entries.map((e) => [e.id, e.overspend]))).toEqual({ issue: false, 'b-spend': false, 'a-late': true });
  });

  it('lets only the register that made a hold release it', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    await reserve(server, a, 'res-a', 5_000);
    const byB = await call<{ released: boolean }>(server, b, 'DELETE', '/v1/ledger/reservations/res-a');
    expect(byB.status).toBe(403);
    expect((await account(server, a)).data.held).toBe(5_000);
    expect((await call<{ released: boolean }>(server, a, 'DELETE', '/v1/ledger/reservations/res-a')).data).toEqual({ released: true });
    expect((await call<{ released: boolean }>(server, a, 'DELETE', '/v1/ledger/reservations/res-a')).data).toEqual({ released: true });
    expect((await call<{ released: boolean }>(server, a, 'DELETE', '/v1/ledger/reservations/never-made')).data).toEqual({ released: false });
    // A copy of the request arriving after the release (a retry after a lost answer) holds nothing again.
    expect((await reserve(server, a, 'res-a', 5_000)).data.outcome).toBe('insufficient');
    expect((await account(server, a)).data.held).toBe(0);
    expect((await reserve(server, b, 'res-b', 5_000)).data.outcome).toBe('granted');
  });

  it("keeps another organisation's accounts invisible, and its reservation ids its own", async () => {
    const { server, a } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    await reserve(server, a, 'shared-id', 1_000);
    const other: Tenant = await seedTenant(server, 'beta');
    const t = other.till;
    expect((await reserve(server, t, 'x-1', 100)).data).toMatchObject({ outcome: 'unknown-account', balance: 0, available: 0 });
    const read = await account(server, t);
    expect(read.status).toBe(404);
    expect(JSON.stringify(read)).not.toContain('5000');
    expect((await call(server, t, 'DELETE', '/v1/ledger/reservations/shared-id')).data).toEqual({ released: false });
    expect(await ledgerRows(server, t)).toEqual([]);
    // Its own voucher under the same code is another account.
    await push(server, t, [op(1, entry(t, 'beta-issue', 700))]);
    expect((await account(server, t)).data.balance).toBe(700);
    expect((await account(server, a)).data.balance).toBe(5_000);
  });

  it('stores an entry claiming another store or register flagged and applies it to nothing', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    const forged = await push(server, a, [op(2, entry(a, 'forged', -5_000, { storeId: b.storeId })), op(3, entry(a, 'forged-2', 9_000, { deviceId: b.deviceId }))]);
    expect(forged.results.map((r) => r.status)).toEqual(['flagged', 'flagged']);
    expect(forged.results[0]!.problems).toContain(`store-mismatch:${b.storeId}`);
    const view = (await account(server, a)).data;
    expect(view.balance).toBe(5_000);
    expect(view.entries.map((e) => e.id)).toEqual(['issue']);
    // A forged entry for an account nobody has creates nothing.
    await push(server, a, [op(4, entry(a, 'ghost', 100, { account: 'V-GHST-0000', storeId: b.storeId }))]);
    expect((await account(server, a, 'V-GHST-0000')).status).toBe(404);
  });

  it('adds huge amounts exactly, and sets aside one beyond the bound', async () => {
    const { server, a } = await world();
    const ops = Array.from({ length: 40 }, (_, i) => op(i + 1, entry(a, `big-${i}`, 1_000_000_000)));
    await push(server, a, ops);
    await push(server, a, [op(41, entry(a, 'too-big', 1_000_000_001))]).then((r) => expect(r.results[0]!.status).toBe('flagged'));
    expect((await account(server, a)).data.balance).toBe(40_000_000_000);
    expect((await reserve(server, a, 'big', 1_000_000_000)).data).toMatchObject({ outcome: 'granted', available: 40_000_000_000 });
    const [row] = await ledgerRows(server, a);
    expect(row?.row).toMatchObject({ balance: 40_000_000_000, includes: { [a.deviceId]: 40 } });
  });

  it('never grants more than the balance to reservations racing each other, and counts racing pushes exactly', async () => {
    const { server, a, b } = await world();
    await push(server, a, [op(1, entry(a, 'issue', 5_000)), op(2, entry(a, 'issue-2', 5_000, { account: 'V-RACE-0002' }))]);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => reserve(server, i % 2 === 0 ? a : b, `race-${i}`, 1_000)));
    expect(answers.filter((r) => r.data.outcome === 'granted')).toHaveLength(5);
    expect((await account(server, a)).data.held).toBe(5_000);
    // Both registers push spends on both cards at once, each in its own order.
    const spends = (till: PairedTill, from: number) =>
      Array.from({ length: 10 }, (_, i) => op(from + i, entry(till, `${till.deviceId}-s${i}`, -100, { account: i % 2 === 0 ? CODE : 'V-RACE-0002' })));
    await Promise.all([push(server, a, spends(a, 3)), push(server, b, spends(b, 1))]);
    const rows = new Map((await ledgerRows(server, a)).map((r) => [r.key, r.row]));
    expect(rows.get(`voucher:${CODE}`)).toMatchObject({ balance: 4_000, includes: { [a.deviceId]: 11, [b.deviceId]: 9 } });
    expect(rows.get('voucher:V-RACE-0002')).toMatchObject({ balance: 4_000, includes: { [a.deviceId]: 12, [b.deviceId]: 10 } });
  });

  it('applies, on upgrade, the entries a head office before the ledger kept as documents', async () => {
    const database = await engine.database();
    try {
      const before = await openStorage({ ...database.options, migrations: migrations.slice(0, 14) });
      await before.close();
      const db = openDatabase(database.options);
      const doc = (id: string, amount: number, seq: number, flagged: number) => {
        const data = { id, kind: 'voucher', account: CODE, amount, reason: 'spend', authorisation: 'offline', reservationId: null, storeId: 's1', deviceId: 'd1', saleId: null, userId: null, customerId: null, at: '2026-12-03T10:00:00.000Z' };
        return [
          db.query('INSERT INTO till_documents (organisation_id, record_type, id, store_id, device_id, data, flagged, problems, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ['o1', 'ledger-entry', id, 's1', 'd1', JSON.stringify(data), flagged, '[]', `2026-12-03T10:00:0${seq}.000Z`]),
          db.query('INSERT INTO device_ops (organisation_id, device_id, seq, op_id, record_type, record_id, status, problems, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ['o1', 'd1', seq, `op-${seq}`, 'ledger-entry', id, 'applied', '[]', '2026-12-03T10:00:00.000Z']),
        ];
      };
      await Promise.all([...doc('e1', 5_000, 1, 0), ...doc('e2', -1_500, 2, 0), ...doc('forged', -9_000, 3, 1)]);
      await db.close();
      const upgraded = await openStorage(database.options);
      try {
        const view = await upgraded.ledgers.account('o1', 'voucher', CODE, new Date(), null);
        expect(view).toMatchObject({ balance: 3_500, overspent: false });
        expect(view?.entries.map((e) => e.id).sort()).toEqual(['e1', 'e2']);
        const [row] = await upgraded.readSnapshot({ organisationId: 'o1', storeId: 's2', deviceId: 'd2' }, 'ledgers', null, 10);
        expect(ledgerAccountSchema.parse(row?.data)).toMatchObject({ balance: 3_500, includes: { d1: 2 } });
      } finally {
        await upgraded.close();
      }
    } finally {
      await database.cleanup();
    }
  });

  it('tells connected tills of every store that the ledgers changed', async () => {
    const { server, a, b } = await world();
    const heard: string[][] = [];
    const stop = server.notifier.subscribe({ organisationId: b.organisationId, storeId: b.storeId, deviceId: b.deviceId }, (streams) => heard.push(streams));
    await push(server, a, [op(1, entry(a, 'issue', 5_000))]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    expect(heard).toContainEqual(['ledgers']);
  });
});

describe.each(['sqlite', 'postgres'] as const)('chain ledger after head office is restored from a backup on %s', (engineName) => {
  it('counts each entry once when the till pushes again what the restored database lost', { timeout: 60_000 }, async () => {
    const restartable: RestartableServer = await startRestartableServer({ engine: engineName, postgresUrl: engineName === 'postgres' ? inject('postgresUrl') : null });
    try {
      const server = restartable.server;
      const { till } = await seedTenant(server);
      const principal = { organisationId: till.organisationId, storeId: till.storeId, deviceId: till.deviceId };
      const at = new Date().toISOString();
      const record = (id: string, amount: number): TillRecord => ({
        type: 'ledger-entry',
        record: { id, kind: 'voucher', account: CODE, amount, reason: 'spend', authorisation: 'offline', reservationId: null, storeId: till.storeId, deviceId: till.deviceId, saleId: null, userId: null, customerId: null, at },
      });
      const push = (ops: PushOp[]) => restartable.server.service.push(principal, { ...versions, deviceId: till.deviceId, ops });
      const balance = async () => (await restartable.server.storage.ledgers.account(till.organisationId, 'voucher', CODE, new Date(), null))?.balance;
      await push([{ seq: 1, opId: 'o1', record: record('issue', 5_000) }]);
      const backup = await restartable.backup();
      await push([{ seq: 2, opId: 'o2', record: record('spend-1', -2_000) }, { seq: 3, opId: 'o3', record: record('spend-2', -500) }]);
      expect(await balance()).toBe(2_500);
      await restartable.restoreFrom(backup);
      expect(await balance()).toBe(5_000);
      // The till sends again from head office's mark: what the backup lost is applied once.
      const again = await push([{ seq: 2, opId: 'o2', record: record('spend-1', -2_000) }, { seq: 3, opId: 'o3', record: record('spend-2', -500) }]);
      expect(again.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const twice = await push([{ seq: 2, opId: 'o2', record: record('spend-1', -2_000) }, { seq: 4, opId: 'o4', record: record('spend-1', -2_000) }]);
      expect(twice.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect(await balance()).toBe(2_500);
    } finally {
      await restartable.dispose();
    }
  });
});
