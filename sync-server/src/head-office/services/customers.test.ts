/**
 * The chain's customers at head office (issue 17), on both engines: pushed customers projected
 * (latest updatedAt wins), duplicates proposed by normalised phone, email and codice fiscale,
 * merges (chains of merges, refusals), sales counted for the survivor, and bad input.
 */
import type { CustomerRecord, SaleRecord, SyncChange, TillRecord } from '@cassa/shared';
import { customerEditSchema, tillRecordSchema } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, sale, versions } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import type { ServiceWorld } from '../../../test/head-office-services';
import { createSyncService } from '../../sync-service';
import { createChangeNotifier, createLocalBus, openStorage } from '../../index';
import { openDatabase } from '../../storage/open-storage';
import { migrations } from '../../storage/migrations';
import { createCustomersService } from './customers';

function customer(id: string, fields: Partial<CustomerRecord> = {}): CustomerRecord {
  return { id, name: `Cliente ${id}`, phone: null, email: null, taxCode: null, vatNumber: null, createdAt: '2026-12-01T09:00:00.000Z', ...fields };
}

/** A register of `org`'s store, pushing records as a till does (seq from 1). */
async function register(world: ServiceWorld, org: string, store: string, deviceId: string) {
  const notifier = createChangeNotifier(createLocalBus());
  const service = createSyncService({ storage: world.storage, notifier, now: world.now });
  const { code } = await world.admin.createPairingCode(org, store);
  await service.pair({ ...versions, code, deviceName: deviceId, deviceId });
  const principal = { organisationId: org, storeId: store, deviceId };
  let seq = 0;
  return {
    principal,
    async push(...records: TillRecord[]) {
      const ops = records.map((record) => ({ seq: ++seq, opId: `${deviceId}-op-${seq}`, record }));
      return (await service.push(principal, { ...versions, deviceId, ops })).results;
    },
    async customerRows(): Promise<SyncChange[]> {
      return world.storage.readChanges(principal, 'customers', 0, 1000);
    },
  };
}

async function chain(world: ServiceWorld, org: string) {
  await world.admin.createOrganisation({ id: org, name: org });
  for (const store of ['milano', 'roma']) await world.admin.upsertStore(org, { id: `${org}-${store}`, name: store, addressLines: [], vatNumber: '' });
  return {
    milano: await register(world, org, `${org}-milano`, `${org}-till-1`),
    roma: await register(world, org, `${org}-roma`, `${org}-till-2`),
  };
}

describe.each(engines)('chain customers at head office on $name', (engine) => {
  const start = worldPerTest(engine);
  const service = (world: ServiceWorld) => createCustomersService({ customers: world.storage.customers, admin: world.admin, now: world.now });

  it('projects a pushed customer into the customers stream of every store of its organisation only; the latest updatedAt wins', async () => {
    const world = await start();
    const acme = await chain(world, 'acme');
    const other = await chain(world, 'other');
    await acme.milano.push({ type: 'customer', record: customer('c1', { phone: '+39 333 1234567' }) });
    const rows = await acme.roma.customerRows();
    expect(rows).toEqual([expect.objectContaining({ entity: 'customer', key: 'c1', data: expect.objectContaining({ name: 'Cliente c1', mergedInto: null, updatedAt: '2026-12-01T09:00:00.000Z' }) })]);
    expect(await other.roma.customerRows()).toEqual([]);
    // An edit from Roma, then an older edit from Milano arriving late: the newer stays.
    const newer = await acme.roma.push({ type: 'customer', record: customer('c1', { name: 'Maria Rossi', updatedAt: '2026-12-02T10:00:00.000Z' }) });
    expect(newer[0]).toMatchObject({ status: 'applied' });
    const older = await acme.milano.push({ type: 'customer', record: customer('c1', { name: 'Maria R.', updatedAt: '2026-12-02T08:00:00.000Z' }) });
    expect(older[0]).toMatchObject({ status: 'duplicate' });
    expect((await world.storage.customers.get('acme', 'c1'))).toMatchObject({ name: 'Maria Rossi', createdAt: '2026-12-01T09:00:00.000Z' });
    expect((await acme.milano.customerRows()).at(-1)?.data).toMatchObject({ name: 'Maria Rossi' });
    // The same id in another organisation is another customer.
    await other.milano.push({ type: 'customer', record: customer('c1', { name: 'Altro' }) });
    expect(await world.storage.customers.get('acme', 'c1')).toMatchObject({ name: 'Maria Rossi' });
    expect(await world.storage.customers.get('other', 'c1')).toMatchObject({ name: 'Altro' });
    // Head office's edit is newer than any till's, even a till whose clock runs ahead.
    await acme.roma.push({ type: 'customer', record: customer('c1', { name: 'Futuro', updatedAt: '2027-01-01T00:00:00.000Z' }) });
    const saved = await service(world).save('acme', { id: 'c1', name: 'Maria Rossi', phone: '333 1234567', email: null, taxCode: null, vatNumber: null });
    expect(saved.updatedAt > '2027-01-01T00:00:00.000Z').toBe(true);
    expect((await acme.milano.customerRows()).at(-1)?.data).toMatchObject({ name: 'Maria Rossi', phone: '333 1234567' });
    expect(await refusal(service(world).save('other', { id: 'c2', name: 'X', phone: null, email: null, taxCode: null, vatNumber: null }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('proposes duplicates by normalised phone, email and codice fiscale; a merge moves sales and follows chains of merges', async () => {
    const world = await start();
    const acme = await chain(world, 'acme');
    await acme.milano.push(
      { type: 'customer', record: customer('a', { phone: '+39 333 111 2222', createdAt: '2026-11-01T09:00:00.000Z' }) },
      { type: 'customer', record: customer('b', { phone: '0039 3331112222', email: ' Anna@Example.IT ', createdAt: '2026-11-02T09:00:00.000Z' }) },
      { type: 'customer', record: customer('c', { email: 'anna@example.it', taxCode: 'rssmra80a01h501u', createdAt: '2026-11-03T09:00:00.000Z' }) },
      { type: 'customer', record: customer('d', { taxCode: 'RSSMRA80A01H501U', createdAt: '2026-11-04T09:00:00.000Z' }) },
    );
    const withCustomer = (id: string, customerId: string, totalCents: number, store: string, device: string): TillRecord => {
      const r = sale({ id, storeId: store, deviceId: device, variantId: 'v', totalCents });
      return tillRecordSchema.parse({ ...r, record: { ...r.record, customerId } });
    };
    await acme.milano.push(withCustomer('s-a', 'a', 1000, 'acme-milano', 'acme-till-1'), withCustomer('s-b', 'b', 2000, 'acme-milano', 'acme-till-1'));
    await acme.roma.push(withCustomer('s-c', 'c', 4000, 'acme-roma', 'acme-till-2'));
    const groups = await service(world).duplicates('acme');
    expect(groups.map((g) => [g.match, g.key, g.customers.map((c) => c.id)])).toEqual([
      ['phone', '3331112222', ['a', 'b']],
      ['email', 'anna@example.it', ['b', 'c']],
      ['tax-code', 'RSSMRA80A01H501U', ['c', 'd']],
    ]);
    // Refusals: into itself, an unknown or another organisation's id, into a merged customer.
    expect(await refusal(service(world).merge('acme', { survivorId: 'a', otherIds: ['a'] }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'merge-into-itself' } });
    expect(await refusal(service(world).merge('acme', { survivorId: 'a', otherIds: ['zz'] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(service(world).merge('other', { survivorId: 'a', otherIds: ['b'] }))).toMatchObject({ code: 'NOT_FOUND' });
    // A → B (B survives), then B → C: A and B both resolve to C.
    const first = await service(world).merge('acme', { survivorId: 'b', otherIds: ['a'] });
    expect(first).toMatchObject({ merged: ['a'], salesMoved: 1, survivor: { id: 'b', salesCount: 2, salesTotalCents: 3000 } });
    expect(await refusal(service(world).merge('acme', { survivorId: 'a', otherIds: ['c'] }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'customer-merged', mergedInto: 'b' } });
    const second = await service(world).merge('acme', { survivorId: 'c', otherIds: ['b'] });
    expect(second.merged.sort()).toEqual(['a', 'b']);
    expect(second).toMatchObject({ salesMoved: 2, survivor: { id: 'c', salesCount: 3, salesTotalCents: 7000 } });
    // The same merge again (an answer lost) changes nothing.
    expect(await service(world).merge('acme', { survivorId: 'c', otherIds: ['b'] })).toMatchObject({ merged: [], salesMoved: 0 });
    const rows = new Map((await acme.roma.customerRows()).map((r) => [r.key, r.data]));
    expect(rows.get('a')).toMatchObject({ mergedInto: 'c' });
    expect(rows.get('b')).toMatchObject({ mergedInto: 'c' });
    // History through the oldest alias reaches the survivor; a sale pushed later with A's id counts too.
    await acme.milano.push(withCustomer('s-late', 'a', 500, 'acme-milano', 'acme-till-1'));
    const history = await world.storage.customers.history('acme', 'a', 200);
    expect(history.customerId).toBe('c');
    expect(history.sales.map((s) => [s.saleId, s.storeName]).sort()).toEqual([['s-a', 'milano'], ['s-b', 'milano'], ['s-c', 'roma'], ['s-late', 'milano']]);
    expect(await world.storage.customers.history('other', 'a', 200)).toEqual({ customerId: 'a', sales: [] });
    // A merged customer is edited through its survivor.
    expect(await refusal(service(world).save('acme', { id: 'a', name: 'X', phone: null, email: null, taxCode: null, vatNumber: null }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'customer-merged', mergedInto: 'c' } });
    // Search leaves merged customers out; duplicates too.
    expect((await service(world).search('acme', '')).map((c) => c.id)).toEqual(['c', 'd']);
    expect((await service(world).duplicates('acme')).map((g) => g.customers.map((c) => c.id))).toEqual([['c', 'd']]);
  });

  it('two opposite merges at once: one wins, the other is refused, no customer ends merged into a merged one', async () => {
    const world = await start();
    const acme = await chain(world, 'acme');
    await acme.milano.push({ type: 'customer', record: customer('x') }, { type: 'customer', record: customer('y') });
    const outcomes = await Promise.allSettled([
      service(world).merge('acme', { survivorId: 'x', otherIds: ['y'] }),
      service(world).merge('acme', { survivorId: 'y', otherIds: ['x'] }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [x, y] = [await world.storage.customers.get('acme', 'x'), await world.storage.customers.get('acme', 'y')];
    expect([x?.mergedInto, y?.mergedInto].filter((m) => m !== null)).toHaveLength(1);
  });

  it('refuses NUL bytes and huge names at the schema; keeps them out of storage', async () => {
    const world = await start();
    const acme = await chain(world, 'acme');
    expect(tillRecordSchema.safeParse({ type: 'customer', record: customer('n', { name: 'a\u0000b' }) }).success).toBe(false);
    expect(tillRecordSchema.safeParse({ type: 'customer', record: customer('n', { name: 'x'.repeat(10_000_000) }) }).success).toBe(false);
    expect(customerEditSchema.safeParse({ id: 'n', name: 'x'.repeat(10_000_000), phone: null, email: null, taxCode: null, vatNumber: null }).success).toBe(false);
    expect(customerEditSchema.safeParse({ id: 'n', name: 'Anna', phone: '333\u0000', email: null, taxCode: null, vatNumber: null }).success).toBe(false);
    // A till that sends one anyway: the op is set aside, nothing reaches the stream.
    const notifier = createChangeNotifier(createLocalBus());
    const sync = createSyncService({ storage: world.storage, notifier, now: world.now });
    const results = await sync.push(acme.milano.principal, {
      ...versions,
      deviceId: acme.milano.principal.deviceId,
      ops: [{ seq: 1, opId: 'bad', record: { type: 'customer', record: customer('n', { name: 'a\u0000b' }) } as never }],
    });
    expect(results.results[0]).toMatchObject({ status: 'flagged' });
    expect(await acme.roma.customerRows()).toEqual([]);
  });
});

describe.each(engines)('chain customers migration on $name', (engine) => {
  it('projects customers and sales pushed before migration 16', async () => {
    const database = await engine.database();
    try {
      // A head office before issue 17: customers kept whole in till_documents, sales without customer_id.
      const before = await openStorage({ ...database.options, migrations: migrations.filter((m) => m.version < 16) });
      await before.createOrganisation({ id: 'acme', name: 'Acme' }, new Date());
      await before.close();
      const db = openDatabase(database.options);
      const r = sale({ id: 's-1', storeId: 'milano', deviceId: 'till-1', variantId: 'v' });
      const sold = { ...(r.record as SaleRecord), customerId: 'old' };
      await db.query(
        `INSERT INTO sales (organisation_id, id, store_id, device_id, kind, business_day, completed_at, total_cents, data, flagged, problems, received_at)
         VALUES ('acme', 's-1', 'milano', 'till-1', 'sale', '2026-11-26', ?, 250, ?, 0, '[]', ?)`,
        [sold.completedAt, JSON.stringify(sold), '2026-11-26T10:00:00.000Z'],
      );
      for (const [n, record] of [customer('old', { name: 'Vecchio' }), customer('old', { name: 'Vecchio nuovo', updatedAt: '2026-12-02T09:00:00.000Z' })].entries()) {
        await db.query(
          `INSERT INTO till_documents (organisation_id, record_type, id, store_id, device_id, data, flagged, problems, received_at)
           VALUES ('acme', 'customer', ?, 'milano', 'till-1', ?, 0, '[]', ?) ON CONFLICT (organisation_id, record_type, id) DO NOTHING`,
          [record.id, JSON.stringify(record), `2026-11-2${n}T10:00:00.000Z`],
        );
      }
      await db.close();
      const after = await openStorage(database.options);
      try {
        expect(await after.customers.get('acme', 'old')).toMatchObject({ name: 'Vecchio', salesCount: 1, salesTotalCents: 250 });
        const rows = await after.readChanges({ organisationId: 'acme', storeId: 'roma', deviceId: 'x' }, 'customers', 0, 10);
        expect(rows.map((row) => row.key)).toEqual(['old']);
        expect((await after.customers.history('acme', 'old', 10)).sales.map((x) => x.saleId)).toEqual(['s-1']);
      } finally {
        await after.close();
      }
    } finally {
      await database.cleanup();
    }
  });
});
