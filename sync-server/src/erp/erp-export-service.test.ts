/**
 * ERP exports at head office (issue 19) on both engines: a profile exports a day's corrispettivi
 * equal to the day of takings rendered by its map; the same day re-exported gives the same file
 * and checksum; exports page newest first; another organisation's profile and export ids find
 * nothing; a store-limited API key sees only its stores' exports; a value the map cannot carry and
 * a range too long are refused with their reasons; the schedule exports yesterday once, after its
 * time in the store's zone.
 */
import { createHash } from 'node:crypto';
import { EXPORT_PRESET_LAYOUTS, exportLayoutSchema, renderExport } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { push, saleRecord, world } from '../../test/erp-fixtures';
import { engines, op, seedTenant, serverPerTest, stockMovement } from '../../test/fixtures';
import { refusal } from '../../test/head-office-world';
import type { SyncServer } from '../index';
import { readDayTakings } from './day-takings';
import { createErpExportService } from './erp-export-service';
import { corrispettiviRows } from './export-rows';

const mago = exportLayoutSchema.parse(EXPORT_PRESET_LAYOUTS['mago-corrispettivi-csv']);

async function seeded(server: SyncServer) {
  const w = await world(server);
  await push(server, w.a, [
    saleRecord(w.a, { id: 's1', lines: [{ vatCode: '22', grossCents: 1220 }, { vatCode: '10', grossCents: 1100 }], changeCents: 80 }),
    saleRecord(w.a, { id: 's2', lines: [{ vatCode: '22', grossCents: 333 }], method: 'card' }),
    saleRecord(w.a, { id: 'r1', kind: 'return', lines: [{ vatCode: '22', grossCents: 333 }], method: 'card' }),
  ]);
  await push(server, w.c, [saleRecord(w.c, { id: 'c1', lines: [{ vatCode: '4', grossCents: 104 }] })]);
  return w;
}

describe.each(engines)('ERP exports on $name', (engine) => {
  let clock = new Date('2026-12-04T08:00:00Z');
  const start = serverPerTest(engine);
  const service = (server: SyncServer) => createErpExportService({ storage: server.storage, now: () => clock });

  it('exports the day of takings through the map, the same file and checksum when re-exported, newest first a page at a time', async () => {
    clock = new Date('2026-12-04T08:00:00Z');
    const server = await start();
    const { t } = await seeded(server);
    const exports = service(server);
    const profile = await exports.createProfile(t.organisationId, { name: 'Mago – corrispettivi', layout: mago, storeIds: null, scheduleTime: null });
    const first = await exports.run(t.organisationId, { profileId: profile.id, from: '2026-12-03', to: '2026-12-03' }, 'user-1');

    const days = await readDayTakings(server.storage, t.organisationId, { from: '2026-12-03', to: '2026-12-03', storeIds: null });
    const expected = renderExport(mago, corrispettiviRows(days));
    const file = await exports.file(t.organisationId, first.id);
    expect(file).toEqual({ fileName: 'mago-corrispettivi_2026-12-03.csv', mediaType: 'text/csv; charset=utf-8', checksum: first.checksum, content: expected });
    expect(first.checksum).toBe(createHash('sha256').update(expected, 'utf8').digest('hex'));
    expect(first).toMatchObject({ rows: 3, bytes: Buffer.byteLength(expected), dataset: 'corrispettivi', format: 'csv', createdBy: 'user-1' });
    // Two VAT rows of register a (22 net of the return, 10) and one of the other store's register;
    // cash 23,20 (24,00 given less 0,80 change), card 3,33 less its refund.
    expect(expected.split('\r\n')[1]).toBe('03/12/2026;' + t.storeId + ';;;22;15,53;3,33;0,00;10,00;2,20;23,20;0,00');

    clock = new Date('2026-12-04T09:00:00Z');
    const again = await exports.run(t.organisationId, { profileId: profile.id, from: '2026-12-03', to: '2026-12-03' }, 'user-2');
    expect(again.id).not.toBe(first.id);
    expect(again.checksum).toBe(first.checksum);
    expect((await exports.file(t.organisationId, again.id)).content).toBe(expected);

    clock = new Date('2026-12-04T10:00:00Z');
    const third = await exports.run(t.organisationId, { profileId: profile.id, from: '2026-12-01', to: '2026-12-02' }, 'user-1');
    expect(third).toMatchObject({ rows: 0, bytes: Buffer.byteLength(`${expected.split('\r\n')[0]}\r\n`), fileName: 'mago-corrispettivi_2026-12-01_2026-12-02.csv' });
    const page1 = await exports.list(t.organisationId, { limit: 2 });
    expect(page1.exports.map((e) => e.id)).toEqual([third.id, again.id]);
    const page2 = await exports.list(t.organisationId, { limit: 2, after: page1.next ?? undefined });
    expect(page2).toEqual({ exports: [first], next: null });
    expect(await exports.list(t.organisationId, { limit: 2, after: 'not-a-cursor' })).toEqual({ exports: [], next: null });
  });

  it("finds nothing of another organisation's profiles and exports, and gives a store-limited key only its stores' exports", async () => {
    const server = await start();
    const { t } = await seeded(server);
    const other = await seedTenant(server, 'other');
    const exports = service(server);
    const all = await exports.createProfile(t.organisationId, { name: 'All', layout: mago, storeIds: null, scheduleTime: null });
    const one = await exports.createProfile(t.organisationId, { name: 'One', layout: mago, storeIds: [t.storeId], scheduleTime: null });
    const ofAll = await exports.run(t.organisationId, { profileId: all.id, from: '2026-12-03', to: '2026-12-03' }, 'u');
    const ofOne = await exports.run(t.organisationId, { profileId: one.id, from: '2026-12-03', to: '2026-12-03' }, 'u');
    expect(ofOne.rows).toBe(2);

    // Each attempt starts only when awaited: started together, a refusal not yet awaited would go unhandled.
    for (const attempt of [
      () => exports.run(other.organisationId, { profileId: all.id, from: '2026-12-03', to: '2026-12-03' }, 'u'),
      () => exports.updateProfile(other.organisationId, all.id, { name: 'x', layout: mago, storeIds: null, scheduleTime: null }),
      () => exports.deleteProfile(other.organisationId, all.id),
      () => exports.file(other.organisationId, ofAll.id),
    ]) {
      expect((await refusal(attempt())).code).toBe('NOT_FOUND');
    }
    expect(await exports.profiles(other.organisationId)).toEqual([]);
    expect((await exports.list(other.organisationId, { limit: 10 })).exports).toEqual([]);
    // A profile cannot name another organisation's store.
    expect((await refusal(exports.createProfile(t.organisationId, { name: 'x', layout: mago, storeIds: [other.storeId], scheduleTime: null }))).code).toBe('NOT_FOUND');

    // A key of the first store: the first store's export only; a key of the other store: none.
    expect((await exports.list(t.organisationId, { limit: 10 }, [t.storeId])).exports.map((e) => e.id)).toEqual([ofOne.id]);
    expect((await exports.list(t.organisationId, { limit: 10 }, [t.otherStoreId])).exports).toEqual([]);
    expect((await exports.file(t.organisationId, ofOne.id, [t.storeId])).checksum).toBe(ofOne.checksum);
    expect((await refusal(exports.file(t.organisationId, ofAll.id, [t.storeId]))).code).toBe('NOT_FOUND');
    expect((await exports.list(t.organisationId, { limit: 10 }, null)).exports).toHaveLength(2);

    await exports.deleteProfile(t.organisationId, one.id);
    // The exports made stay after their profile goes.
    expect((await exports.file(t.organisationId, ofOne.id)).checksum).toBe(ofOne.checksum);
  });

  it('refuses a map it cannot write the day with, a field the dataset lacks and a range too long, each with its reason', async () => {
    const server = await start();
    const { t } = await seeded(server);
    const exports = service(server);
    const narrow = exportLayoutSchema.parse({ dataset: 'payments', format: 'fixed-width', columns: [{ field: 'amountCents', header: 'IMPORTO', width: 3, amount: 'implied' }] });
    const profile = await exports.createProfile(t.organisationId, { name: 'Narrow', layout: narrow, storeIds: null, scheduleTime: null });
    expect(await refusal(exports.run(t.organisationId, { profileId: profile.id, from: '2026-12-03', to: '2026-12-03' }, 'u'))).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'erp-export-value-too-wide', row: 1, column: 'IMPORTO', width: 3 },
    });
    expect((await exports.list(t.organisationId, { limit: 10 })).exports).toEqual([]);
    const unknown = exportLayoutSchema.parse({ dataset: 'payments', format: 'csv', columns: [{ field: 'vatCode', header: 'IVA' }] });
    expect(await refusal(exports.createProfile(t.organisationId, { name: 'x', layout: unknown, storeIds: null, scheduleTime: null }))).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'erp-export-unknown-field', column: 'IVA', field: 'vatCode' },
    });
    expect(await refusal(exports.run(t.organisationId, { profileId: profile.id, from: '2026-01-01', to: '2026-12-03' }, 'u'))).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'erp-export-range-too-long', days: 92 },
    });
    expect((await refusal(exports.run(t.organisationId, { profileId: profile.id, from: '2026-12-04', to: '2026-12-03' }, 'u'))).code).toBe('VALIDATION');
  });

  it("exports the stock movements of a day in the store's zone, and none of another store or day", async () => {
    const server = await start();
    const w = await world(server);
    const moved = (id: string, at: string) => {
      const record = stockMovement({ id, storeId: w.a.storeId, deviceId: w.a.deviceId, variantId: 'acme-p1-v1' });
      return { ...record, record: { ...record.record, at } } as typeof record;
    };
    // 23:30 UTC on the 2nd is the 3rd in Rome; 23:30 UTC on the 3rd is the 4th.
    const ops = [moved('m1', '2026-12-02T23:30:00Z'), moved('m2', '2026-12-03T10:00:00+01:00'), moved('m3', '2026-12-03T23:30:00Z')].map((r, i) => op(i + 1, r));
    await server.storage.applyPushOps(w.a, ops, new Date('2026-12-04T08:00:00Z'));
    const exports = service(server);
    const layout = exportLayoutSchema.parse({ dataset: 'stock-movements', format: 'csv', headerRow: false, columns: [{ field: 'businessDay', header: 'd' }, { field: 'movementId', header: 'id' }, { field: 'quantityMilli', header: 'q' }] });
    const mine = await exports.createProfile(w.t.organisationId, { name: 'Stock', layout, storeIds: [w.a.storeId], scheduleTime: null });
    const theirs = await exports.createProfile(w.t.organisationId, { name: 'Other', layout, storeIds: [w.c.storeId], scheduleTime: null });
    const made = await exports.run(w.t.organisationId, { profileId: mine.id, from: '2026-12-03', to: '2026-12-03' }, 'u');
    expect((await exports.file(w.t.organisationId, made.id)).content).toBe('2026-12-03;m1;-1,000\r\n2026-12-03;m2;-1,000\r\n');
    expect((await exports.run(w.t.organisationId, { profileId: theirs.id, from: '2026-12-03', to: '2026-12-03' }, 'u')).rows).toBe(0);
  });

  it("exports yesterday once a day, after the profile's time in the store's zone", async () => {
    const server = await start();
    const { t } = await seeded(server);
    const exports = service(server);
    const profile = await exports.createProfile(t.organisationId, { name: 'Nightly', layout: mago, storeIds: [t.storeId], scheduleTime: '06:00' });
    // 05:30 in Rome: not yet.
    expect(await exports.runScheduled(new Date('2026-12-04T04:30:00Z'))).toBe(0);
    // 06:30 in Rome: 3 December is exported, once, however often the tick comes.
    expect(await exports.runScheduled(new Date('2026-12-04T05:30:00Z'))).toBe(1);
    expect(await exports.runScheduled(new Date('2026-12-04T05:31:00Z'))).toBe(0);
    const [made] = (await exports.list(t.organisationId, { limit: 10 })).exports;
    expect(made).toMatchObject({ profileId: profile.id, from: '2026-12-03', to: '2026-12-03', rows: 2, createdBy: 'schedule' });
    expect((await exports.profiles(t.organisationId))[0]?.lastScheduledDay).toBe('2026-12-03');
    // A store in New York: at 06:30 UTC it is still 01:30 of the 4th there, before the time.
    await server.storage.headOffice.setStoreTimeZone(t.organisationId, t.otherStoreId, 'America/New_York');
    await exports.createProfile(t.organisationId, { name: 'NY', layout: mago, storeIds: [t.otherStoreId], scheduleTime: '06:00' });
    expect(await exports.runScheduled(new Date('2026-12-04T06:30:00Z'))).toBe(0);
    expect(await exports.runScheduled(new Date('2026-12-04T11:30:00Z'))).toBe(1);
    expect((await exports.list(t.organisationId, { limit: 1 })).exports[0]).toMatchObject({ profileName: 'NY', from: '2026-12-03', rows: 1 });
  });
});
