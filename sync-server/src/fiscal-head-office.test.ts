/**
 * Head office and the registers' fiscal devices (issue 16), on both engines: each sale's documento
 * commerciale on the sales pages or "awaiting", the device's Z with head office's own totals per
 * VAT equal to the till's to the cent, the device's latest status, and what a hostile or confused
 * till cannot do to them.
 */
import { lineAmount, localDayAndHour } from '@cassa/shared';
import type { HeadOfficeRole, PushResponse, TillRecord, VatCode } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FiscalDay, SERIAL, statusRecord } from '../test/fiscal-fixtures';
import type { FiscalLineSpec, IssuedSale, TillIdentity } from '../test/fiscal-fixtures';
import { engines, jsonRequest, op, seedTenant, serverPerTest, versions } from '../test/fixtures';
import type { Tenant } from '../test/fixtures';
import { getSale, listFiscalClosures, listSales } from './head-office/services/fiscal';
import { listRegisters } from './head-office/services/registers';
import type { HeadOfficeUserRow } from './storage/head-office-storage';
import { createFiscalReads } from './storage/head-office/fiscal-reads';
import { migrate, migrations } from './storage/migrations';
import { openDatabase } from './storage/open-storage';
import type { SyncServer } from './index';

function person(organisationId: string, role: HeadOfficeRole = 'owner', storeIds: readonly string[] = []): HeadOfficeUserRow {
  return { organisationId, id: `hou-${role}`, email: `${role}@example.it`, name: role, passwordHash: '', role, storeIds, failedLogins: 0, lockedUntil: null };
}

/** Pushes records as the tenant's till, from seq `from`; the results. */
async function push(server: SyncServer, t: Tenant, from: number, records: readonly TillRecord[]): Promise<PushResponse['results']> {
  const ops = records.map((record, i) => op(from + i, record));
  const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops }, t.till.authorization));
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: PushResponse }).data.results;
}

/** Raw ops, for records no schema accepts. */
async function pushRaw(server: SyncServer, t: Tenant, ops: readonly unknown[]): Promise<PushResponse['results']> {
  const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: t.till.deviceId, ops }, t.till.authorization));
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: PushResponse }).data.results;
}

function tillOf(t: Tenant): TillIdentity {
  return { storeId: t.till.storeId, deviceId: t.till.deviceId, variantId: `${t.organisationId.replace(/-org$/, '')}-p1-v1` };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const spec = (vatCode: VatCode, quantityMilli: number, unitPriceCents: number, discountCents = 0): FiscalLineSpec => ({ vatCode, quantityMilli, unitPriceCents, discountCents });

describe.each(engines)('head office and the fiscal devices on $name', (engine) => {
  const start = serverPerTest(engine);

  it("shows each sale's document as zzzz-nnnn, and 'awaiting' for a fiscal register's sale whose document has not arrived", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const at = minutesAgo(30);
    const day = new FiscalDay(tillOf(t), 7, '2026-12-03', at);
    const first = day.sell('s1', [spec('22', 2000, 449), spec('10', 1000, 120, 20)]);
    const second = day.sell('s2', [spec('4', 1500, 199)]);
    const [firstDocument] = day.documentRecords();
    // The second sale's document is still at the till (its device had no paper).
    await push(s, t, 1, [{ type: 'sale', record: first.sale }, { type: 'fiscal-document', record: firstDocument! }, { type: 'sale', record: second.sale }]);

    const owner = person(t.organisationId);
    const list = await listSales(s.storage.headOffice, owner, { day: localDayAndHour(at, 'Europe/Rome').day }, new Date());
    const byId = new Map(list.sales.map((sale) => [sale.id, sale]));
    expect(byId.get('s1')).toMatchObject({ fiscalState: 'issued', document: { serial: SERIAL, zNumber: 7, documentNumber: 1, number: '0007-0001', date: '2026-12-03', time: '10:00:00', amountCents: first.document.amountCents } });
    expect(byId.get('s2')).toMatchObject({ fiscalState: 'awaiting', document: null });
    expect(await getSale(s.storage.headOffice, owner, 's1')).toMatchObject({ document: { number: '0007-0001' }, record: { id: 's1', totalCents: first.sale.totalCents } });

    // A manager of the other store sees neither the list's sales nor the sale itself.
    const elsewhere = person(t.organisationId, 'manager', [t.otherStoreId]);
    expect((await listSales(s.storage.headOffice, elsewhere, { day: list.day }, new Date())).sales).toEqual([]);
    await expect(getSale(s.storage.headOffice, elsewhere, 's1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("computes each Z's totals per VAT from the sales and documents it received, equal to the till's to the cent (random days)", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const owner = person(t.organisationId);
    const till = tillOf(t);
    // Pieces and weighed goods; a line the till would make: worth at least a cent after its discount.
    const lineArb = fc
      .record({
        vatCode: fc.constantFrom<VatCode>('22', '10', '5', '4', 'N2', 'N4'),
        quantityMilli: fc.oneof(fc.integer({ min: 1, max: 5 }).map((n) => n * 1000), fc.integer({ min: 1, max: 3000 })),
        unitPriceCents: fc.integer({ min: 1, max: 250_000 }),
        discountPercent: fc.integer({ min: 0, max: 50 }),
      })
      .map((l) => {
        const gross = lineAmount(l.unitPriceCents, l.quantityMilli);
        return spec(l.vatCode, l.quantityMilli, l.unitPriceCents, Math.floor((gross * l.discountPercent) / 100));
      })
      .filter((l) => lineAmount(l.unitPriceCents, l.quantityMilli) - l.discountCents >= 1);
    const dayArb = fc.record({
      sales: fc.array(fc.array(lineArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
      returns: fc.array(fc.nat(), { maxLength: 2 }),
      voids: fc.array(fc.nat(), { maxLength: 2 }),
    });
    let zNumber = 0;
    let seq = 1;
    await fc.assert(
      fc.asyncProperty(dayArb, async (plan) => {
        zNumber += 1;
        const day = new FiscalDay(till, zNumber, '2026-12-03', minutesAgo(10));
        const sold: IssuedSale[] = plan.sales.map((lines, n) => day.sell(`z${zNumber}-s${n}`, lines));
        const cancelled = new Set<number>();
        plan.voids.forEach((pick, n) => {
          const index = pick % sold.length;
          if (cancelled.has(index)) return;
          cancelled.add(index);
          day.cancel(`z${zNumber}-v${n}`, sold[index]!);
        });
        plan.returns.forEach((pick, n) => {
          const original = sold[pick % sold.length]!;
          day.giveBack(`z${zNumber}-r${n}`, original, 1);
        });
        const records = day.records();
        const results = await push(s, t, seq, records);
        seq += records.length;
        expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
        const [closure] = (await listFiscalClosures(s.storage.headOffice, owner, t.till.deviceId)).filter((c) => c.zNumber === zNumber);
        const tillTotals = day.tillTotals();
        expect(closure).toMatchObject({ serial: SERIAL, totalsMatch: true, documents: day.issued.length });
        expect(closure!.headOfficeTotals).toEqual({ sales: tillTotals.sales, returns: tillTotals.returns, voids: tillTotals.voids });
        expect(closure!.tillTotals).toEqual(closure!.headOfficeTotals);
      }),
      { numRuns: engine.name === 'postgres' ? 8 : 20, seed: 160_316 },
    );
  });

  it('flags a Z whose totals differ from the sales by a cent, and keeps showing it, marked', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const day = new FiscalDay(tillOf(t), 3, '2026-12-03', minutesAgo(10));
    day.sell('a', [spec('22', 1000, 1000)]);
    const records = day.records();
    const closure = day.closureRecord();
    const wrong = { ...closure, vatTotals: { ...closure.vatTotals, sales: closure.vatTotals.sales.map((g) => ({ ...g, grossCents: g.grossCents + 1, netCents: g.netCents + 1 })) } };
    const results = await push(s, t, 1, [...records.slice(0, -1), { type: 'fiscal-closure', record: wrong }]);
    expect(results.at(-1)).toMatchObject({ status: 'flagged', problems: [`closure-totals-differ:${SERIAL}/3`] });
    const [shown] = await listFiscalClosures(s.storage.headOffice, person(t.organisationId), undefined);
    expect(shown).toMatchObject({ zNumber: 3, totalsMatch: false });
    expect(shown!.headOfficeTotals!.sales[0]!.grossCents).toBe(1000);
  });

  it('stores a Z pushed twice once, and refuses a second record for the same device Z', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const day = new FiscalDay(tillOf(t), 12, '2026-12-03', minutesAgo(10));
    day.sell('a', [spec('10', 1000, 550)]);
    const records = day.records();
    await push(s, t, 1, records);
    const again = await push(s, t, records.length + 1, [records.at(-1)!, { type: 'fiscal-closure', record: { ...day.closureRecord('z-12-again'), closedAt: minutesAgo(5) } }]);
    expect(again.map((r) => [r.status, r.problems])).toEqual([
      ['duplicate', ['record-already-stored']],
      ['flagged', [`closure-already-stored:${SERIAL}/12`]],
    ]);
    expect(await listFiscalClosures(s.storage.headOffice, person(t.organisationId), undefined)).toHaveLength(1);
  });

  it("keeps the latest status per register by the till's reading time, even when an older one is replayed, and warns before the deadline", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const till = tillOf(t);
    const owner = person(t.organisationId);
    const now = new Date();
    const today = localDayAndHour(now, 'Europe/Rome').day;
    const daysAgo = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const newer = statusRecord(till, 'st-2', minutesAgo(1), { printer: 'paper-out', filesPending: 3 }, daysAgo(10));
    const older = statusRecord(till, 'st-1', minutesAgo(60));
    await push(s, t, 1, [{ type: 'fiscal-status', record: newer }]);
    // The older reading arrives after (a till restored from its backup pushing its queue again).
    await push(s, t, 2, [{ type: 'fiscal-status', record: older }, { type: 'fiscal-status', record: newer }]);
    const [register] = await listRegisters({ storage: s.storage }, owner, now);
    expect(register!.fiscal).toMatchObject({ serial: SERIAL, reportedAt: newer.reportedAt, lastClosureDate: daysAgo(10), status: { printer: 'paper-out', filesPending: 3 } });
    const codes = register!.fiscal!.warnings.map((w) => [w.code, w.level]);
    expect(codes).toEqual([
      ['printer', 'danger'],
      // Ten days without a Z: the first day after it is due in 3 days (12 days from that day).
      ['closure-overdue', 'danger'],
      ['files-pending', 'warning'],
    ]);
    expect(register!.fiscal!.warnings[1]).toMatchObject({ count: 10, date: daysAgo(10 - 13) });
  });

  it("ignores a fiscal document or status about another organisation's register or a register id the till made up", async () => {
    const s = await start();
    const a = await seedTenant(s, 'acme');
    const b = await seedTenant(s, 'beta');
    const at = minutesAgo(20);
    const dayA = new FiscalDay(tillOf(a), 1, '2026-12-03', at);
    const soldA = dayA.sell('a-1', [spec('22', 1000, 990)]);
    await push(s, a, 1, [{ type: 'sale', record: soldA.sale }]);
    const [documentA] = dayA.documentRecords();

    // Beta's till claims Acme's sale, store and register; then a register id of its own invention.
    const forged = await push(s, b, 1, [
      { type: 'fiscal-document', record: { ...documentA!, id: 'forged-1' } },
      { type: 'fiscal-status', record: statusRecord(tillOf(a), 'forged-st', minutesAgo(1), { inService: false }) },
      { type: 'fiscal-document', record: { ...documentA!, id: 'forged-2', storeId: b.till.storeId, deviceId: 'made-up-register' } },
      { type: 'fiscal-status', record: { ...statusRecord(tillOf(b), 'made-up-st', minutesAgo(1), { inService: false }), deviceId: 'made-up-register' } },
    ]);
    expect(forged.map((r) => r.status)).toEqual(['flagged', 'flagged', 'flagged', 'flagged']);
    expect(forged[0]!.problems).toEqual(expect.arrayContaining([`store-mismatch:${a.till.storeId}`, `device-mismatch:${a.till.deviceId}`, 'unknown-sale:a-1']));
    expect(forged[2]!.problems).toEqual(expect.arrayContaining(['device-mismatch:made-up-register', 'unknown-sale:a-1']));

    const day = localDayAndHour(at, 'Europe/Rome').day;
    for (const tenant of [a, b]) {
      const owner = person(tenant.organisationId);
      const [register] = await listRegisters({ storage: s.storage }, owner, new Date());
      expect(register!.fiscal).toBeNull();
      for (const sale of (await listSales(s.storage.headOffice, owner, { day }, new Date())).sales) expect(sale.fiscalState).toBe('none');
    }
    await expect(getSale(s.storage.headOffice, person(b.organisationId), 'a-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets aside NUL bytes and huge numbers in the serial and numbers, and shows nothing of them', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const day = new FiscalDay(tillOf(t), 2, '2026-12-03', minutesAgo(10));
    const sold = day.sell('n-1', [spec('22', 1000, 100)]);
    const [good] = day.documentRecords();
    const closure = day.closureRecord();
    const bad = (document: Record<string, unknown>) => ({ type: 'fiscal-document', record: { ...good!, document: { ...good!.document, ...document } } });
    const ops = [
      { type: 'sale', record: sold.sale },
      bad({ serial: '99MEY\u000012345' }),
      bad({ documentNumber: 1e20 }),
      bad({ zNumber: Number.MAX_SAFE_INTEGER + 2 }),
      bad({ amountCents: 1e300 }),
      bad({ documentNumber: '1' }),
      { type: 'fiscal-closure', record: { ...closure, closure: { ...closure.closure, serial: `${SERIAL}\u0000` } } },
      { type: 'fiscal-closure', record: { ...closure, closure: { ...closure.closure, dailyAmountCents: 2 ** 80 } } },
      { type: 'fiscal-status', record: { ...statusRecord(tillOf(t), 'st-nul', minutesAgo(1)), serial: 'AAAAAAAAAA\u0000' } },
      { type: 'fiscal-status', record: { ...statusRecord(tillOf(t), 'st-big', minutesAgo(1)), status: { ...statusRecord(tillOf(t), 'x', minutesAgo(1)).status, filesPending: 1e308 } } },
    ].map((record, i) => ({ seq: i + 1, opId: `raw-${i + 1}`, record }));
    const results = await pushRaw(s, t, ops);
    expect(results.map((r) => r.status)).toEqual(['applied', ...ops.slice(1).map(() => 'flagged')]);
    const owner = person(t.organisationId);
    const [sale] = (await listSales(s.storage.headOffice, owner, { day: localDayAndHour(sold.sale.completedAt, 'Europe/Rome').day }, new Date())).sales;
    expect(sale).toMatchObject({ id: 'n-1', fiscalState: 'none', document: null });
    expect(await listFiscalClosures(s.storage.headOffice, owner, undefined)).toEqual([]);
    expect((await listRegisters({ storage: s.storage }, owner, new Date()))[0]!.fiscal).toBeNull();
  });
});

describe.each(engines)('server migration fiscal-devices on $name', (engine) => {
  it('projects the documents stored before it (not the flagged ones), so their sales show them', async () => {
    const database = await engine.database();
    const db = openDatabase(database.options);
    try {
      await migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'fiscal-devices')));
      const till = { storeId: 'store-1', deviceId: 'dev-1', variantId: 'v-1' };
      const day = new FiscalDay(till, 4, '2026-12-01', '2026-12-01T09:00:00.000Z');
      day.sell('old-1', [spec('22', 1000, 300)]);
      day.sell('old-2', [spec('10', 1000, 200)]);
      const [kept, flagged] = day.documentRecords();
      for (const { sale } of day.issued) {
        await db.query(
          `INSERT INTO sales (organisation_id, id, store_id, device_id, kind, business_day, completed_at, total_cents, data, flagged, problems, received_at)
           VALUES ('org-1', ?, 'store-1', 'dev-1', 'sale', '2026-12-01', ?, ?, ?, 0, '[]', ?)`,
          [sale.id, sale.completedAt, sale.totalCents, JSON.stringify(sale), sale.completedAt],
        );
      }
      for (const [record, isFlagged] of [[kept!, 0], [flagged!, 1]] as const) {
        await db.query(
          `INSERT INTO till_documents (organisation_id, record_type, id, store_id, device_id, data, flagged, problems, received_at)
           VALUES ('org-1', 'fiscal-document', ?, 'store-1', 'dev-1', ?, ?, '[]', ?)`,
          [record.id, JSON.stringify(record), isFlagged, record.recordedAt],
        );
      }
      await migrate(db);
      const reads = createFiscalReads(db);
      const sales = await reads.salesOfDay('org-1', { day: '2026-12-01', storeIds: null, limit: 10 });
      expect(sales.map((s) => [s.id, s.fiscalState, s.document?.number ?? null])).toEqual([
        ['old-1', 'issued', '0004-0001'],
        ['old-2', 'awaiting', null],
      ]);
    } finally {
      await db.close();
      await database.cleanup();
    }
  });
});
