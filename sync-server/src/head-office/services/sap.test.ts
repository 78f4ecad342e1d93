/**
 * The SAP Business One link against the Service Layer emulator, on both engines: a day sent twice
 * exists once, a crash between SAP's answer and our record still leaves one, faults on the posts,
 * items with an unmapped VAT group, another organisation's link, credentials never answered.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product, SapSettings, VatCode } from '@cassa/shared';
import { vatBreakdown } from '@cassa/shared';
import { startSapB1Emulator } from '../../../emulators';
import type { RunningSapB1Emulator } from '../../../emulators';
import { engines } from '../../../test/fixtures';
import type { EngineDatabase } from '../../../test/fixtures';
import { createSyncServer } from '../../index';
import type { SyncServer } from '../../index';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import { createCredentialsVault } from '../../channels/credentials-vault';
import { guardOutboundFetch } from '../../channels/outbound-guard';
import type { RegisterDayTakings, TakingsPart } from '../../erp/day-takings';
import type { SapStorage } from '../../storage/sap/sap-storage';
import { createSapService } from './sap';

let emulator: RunningSapB1Emulator;
beforeAll(async () => {
  emulator = await startSapB1Emulator({ password: 'Sap-Pa55word-xyz' });
  emulator.control.seedItems([
    { ItemCode: 'CORRISP', ItemName: 'Corrispettivi', SalesVATGroup: 'C22', prices: {} },
    { ItemCode: 'TSHIRT', ItemName: 'T-shirt blu', BarCode: '8001234567897', SalesVATGroup: 'C22', prices: { 1: 19.9, 2: 18 } },
    { ItemCode: 'PANE', ItemName: 'Pane', SalesVATGroup: 'C04', prices: { 1: 2.5 } },
    { ItemCode: 'LIBRO', ItemName: 'Libro', SalesVATGroup: 'ESENTE', prices: { 1: 12 } },
  ]);
});
afterAll(() => emulator.close());

const settingsFor = (storeId: string): SapSettings => ({
  name: 'SAP sede',
  vatGroups: [
    { sapVatGroup: 'C22', vatCode: '22' },
    { sapVatGroup: 'C04', vatCode: '4' },
    { sapVatGroup: 'C10', vatCode: '10' },
  ],
  warehouses: [{ storeId, warehouseCode: 'MI01' }],
  paymentAccounts: [
    { method: 'cash', account: '161000' },
    { method: 'card', account: '162000' },
  ],
  customerCode: 'C-BANCO',
  takingsItemCode: 'CORRISP',
  priceList: 1,
  itemsEveryMinutes: 0,
  sendDaysDaily: false,
});

/** A register's day with its `net` part, as `readDayTakings` gives it: sales less returns and voids, VAT once per code. */
function withNet(day: Omit<RegisterDayTakings, 'net'>): RegisterDayTakings {
  const gross = new Map<VatCode, number>();
  const add = (part: TakingsPart, sign: number) => {
    for (const group of part.vat) gross.set(group.vatCode, (gross.get(group.vatCode) ?? 0) + sign * group.grossCents);
  };
  add(day.sales, 1);
  add(day.returns, -1);
  add(day.voids, -1);
  const vat = vatBreakdown([...gross].map(([vatCode, grossCents]) => ({ vatCode, grossCents })));
  return { ...day, net: { vat, grossCents: vat.reduce((sum, group) => sum + group.grossCents, 0), documents: day.sales.documents + day.returns.documents + day.voids.documents } };
}

/** Two registers of one store's day: 22% and 4% sales, a 22% return, cash and card. */
const takingsOf = (storeId: string, day: string): RegisterDayTakings[] => ([
  {
    storeId,
    registerId: 'r1',
    businessDay: day,
    fiscal: { deviceSerial: '99MEY012345', zNumber: 41 },
    sales: { vat: [{ vatCode: '22', grossCents: 12_200, netCents: 10_000, vatCents: 2_200 }, { vatCode: '4', grossCents: 520, netCents: 500, vatCents: 20 }], grossCents: 12_720, documents: 3 },
    returns: { vat: [{ vatCode: '22', grossCents: 1_220, netCents: 1_000, vatCents: 220 }], grossCents: 1_220, documents: 1 },
    voids: { vat: [], grossCents: 0, documents: 0 },
    payments: [
      { method: 'cash', kind: 'cash', amountCents: 5_000 },
      { method: 'card', kind: 'electronic', amountCents: 6_500 },
    ],
  },
  {
    storeId,
    registerId: 'r2',
    businessDay: day,
    fiscal: null,
    sales: { vat: [{ vatCode: '22', grossCents: 1_001, netCents: 820, vatCents: 181 }], grossCents: 1_001, documents: 1 },
    // A 10 % return with nothing sold at 10 % that day: that code goes on a credit note.
    returns: { vat: [{ vatCode: '10', grossCents: 500, netCents: 455, vatCents: 45 }], grossCents: 500, documents: 1 },
    voids: { vat: [{ vatCode: '22', grossCents: 300, netCents: 246, vatCents: 54 }], grossCents: 300, documents: 1 },
    payments: [{ method: 'cash', kind: 'cash', amountCents: 201 }],
  },
] satisfies Omit<RegisterDayTakings, 'net'>[]).map(withNet);

/** A register whose day reached head office after the day was sent. */
const lateRegister = (storeId: string, day: string): RegisterDayTakings => withNet({
  storeId,
  registerId: 'r3',
  businessDay: day,
  fiscal: null,
  sales: { vat: [{ vatCode: '22', grossCents: 1_000, netCents: 820, vatCents: 180 }], grossCents: 1_000, documents: 1 },
  returns: { vat: [], grossCents: 0, documents: 0 },
  voids: { vat: [], grossCents: 0, documents: 0 },
  payments: [{ method: 'cash', kind: 'cash', amountCents: 1_000 }],
});

describe.each(engines)('SAP Business One link on $name', (engine) => {
  // One server per engine; each test has organisations (and so stores and references) of its own.
  let server: SyncServer;
  let database: EngineDatabase;
  beforeAll(async () => {
    database = await engine.database();
    server = await createSyncServer({ ...database.options, headOffice: false, sap: false, channels: false });
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  async function world(options: { storage?: (real: SapStorage) => SapStorage } = {}) {
    const s = server;
    let clock = Date.parse('2026-12-03T10:00:00Z');
    const now = () => new Date(clock);
    const acme = await testOrganisation(s, `Acme-${randomBytes(3).toString('hex')}`);
    const other = await testOrganisation(s, `Other-${randomBytes(3).toString('hex')}`);
    const takings = { late: false };
    const storage = options.storage ? { ...s.storage, sap: options.storage(s.storage.sap) } : s.storage;
    const service = createSapService({
      storage,
      admin: s.admin,
      vault: createCredentialsVault(`k1:${randomBytes(32).toString('base64')}`),
      fetch: guardOutboundFetch(globalThis.fetch.bind(globalThis), { allowPrivate: true }),
      now,
      timeoutMs: 300,
      wait: () => Promise.resolve(),
      readTakings: (_organisationId, storeId, day) => Promise.resolve(takings.late ? [...takingsOf(storeId, day), lateRegister(storeId, day)] : takingsOf(storeId, day)),
    });
    const link = await service.save(acme.id, { credentials: emulator.credentials, settings: settingsFor(acme.stores[0]) });
    const docs = (kind: 'Invoices' | 'CreditNotes' | 'IncomingPayments', reference: string) =>
      emulator.control.documents(kind).filter((doc) => String(doc.NumAtCard ?? doc.CounterReference ?? '').startsWith(reference));
    return { s, acme, other, service, link, docs, takings, advance: (ms: number) => (clock += ms) };
  }

  it('sends a day as one invoice per VAT group, a credit note and a payment per method, and a second send finds them', async () => {
    const { acme, service, link, docs, takings } = await world();
    const store = acme.stores[0];
    const reference = `CASSA-${store}-2026-12-02`;
    const first = await service.sendDay(acme.id, link.id, store, '2026-12-02');
    expect([first.outcome, first.written]).toEqual(['ok', 4]);
    const [invoice] = docs('Invoices', reference);
    expect(invoice?.DocumentLines).toEqual([
      { ItemCode: 'CORRISP', ItemDescription: 'Corrispettivi IVA 22', Quantity: 1, PriceAfterVAT: 116.81, VatGroup: 'C22', WarehouseCode: 'MI01' },
      { ItemCode: 'CORRISP', ItemDescription: 'Corrispettivi IVA 4', Quantity: 1, PriceAfterVAT: 5.2, VatGroup: 'C04', WarehouseCode: 'MI01' },
    ]);
    expect(invoice?.Comments).toContain('99MEY012345 Z41');
    const [creditNote] = docs('CreditNotes', reference);
    expect([creditNote?.NumAtCard, creditNote?.DocumentLines]).toEqual([
      `${reference}-R`,
      [{ ItemCode: 'CORRISP', ItemDescription: 'Resi e annulli IVA 10', Quantity: 1, PriceAfterVAT: 5, VatGroup: 'C10', WarehouseCode: 'MI01' }],
    ]);
    const payments = docs('IncomingPayments', reference);
    expect(payments.map((p) => [p.CounterReference, p.CashSum ?? p.TransferSum, p.CashAccount ?? p.TransferAccount])).toEqual([
      [`${reference}-P-cash`, 52.01, '161000'],
      [`${reference}-P-card`, 65, '162000'],
    ]);
    expect((payments[0]?.PaymentInvoices as { DocEntry: number }[])[0]?.DocEntry).toBe(invoice?.DocEntry);

    const again = await service.sendDay(acme.id, link.id, store, '2026-12-02');
    expect([again.outcome, again.written]).toEqual(['ok', 0]);
    expect(docs('Invoices', reference)).toHaveLength(1);
    expect(docs('IncomingPayments', reference)).toHaveLength(2);
    const [view] = await service.list(acme.id);
    expect(view?.days[0]).toMatchObject({ businessDay: '2026-12-02', state: 'sent', invoiceDocEntry: invoice?.DocEntry, grossCents: 11_701 });
    // A register that syncs the day later: nothing is sent twice, and the owner reads why SAP differs.
    takings.late = true;
    const late = await service.sendDay(acme.id, link.id, store, '2026-12-02');
    expect([late.written, late.problems.map((p) => [p.problem, p.detail])]).toEqual([0, [['changed-after-sending', 'sent 117.01, now 127.01']]]);
    expect(docs('Invoices', reference)).toHaveLength(1);
  });

  it('a crash after SAP booked the invoice and before our record still leaves one invoice', async () => {
    let crashes = 1;
    const { acme, service, link, docs, advance } = await world({
      storage: (real) => ({
        ...real,
        recordDay: async (...args) => {
          if (crashes > 0 && args[4].invoiceDocEntry !== undefined) {
            crashes -= 1;
            throw new Error('process killed');
          }
          return real.recordDay(...args);
        },
      }),
    });
    const store = acme.stores[0];
    const reference = `CASSA-${store}-2026-12-01`;
    await expect(service.sendDay(acme.id, link.id, store, '2026-12-01')).rejects.toThrow('process killed');
    expect(docs('Invoices', reference)).toHaveLength(1);
    expect((await service.list(acme.id))[0]?.runs[0]?.outcome).toBe('failed');
    advance(60_000);
    const retried = await service.sendDay(acme.id, link.id, store, '2026-12-01');
    expect(retried.outcome).toBe('ok');
    expect(docs('Invoices', reference)).toHaveLength(1);
    expect(docs('CreditNotes', reference)).toHaveLength(1);
    expect(docs('IncomingPayments', reference)).toHaveLength(2);
  });

  it('a post that timed out after SAP booked it is found again, not posted twice; an expired session signs in again', async () => {
    const { acme, service, link, docs } = await world();
    const store = acme.stores[0];
    const reference = `CASSA-${store}-2026-11-30`;
    emulator.control.expireSessions();
    emulator.control.injectFault({ kind: 'timeout', delayMs: 600, count: 1, pathIncludes: 'IncomingPayments' });
    emulator.control.injectFault({ kind: 'status', status: 503, count: 1, pathIncludes: 'CreditNotes' });
    const run = await service.sendDay(acme.id, link.id, store, '2026-11-30');
    expect(run.outcome).toBe('ok');
    expect(docs('Invoices', reference)).toHaveLength(1);
    expect(docs('CreditNotes', reference)).toHaveLength(1);
    expect(docs('IncomingPayments', reference)).toHaveLength(2);
  });

  it('imports items through the catalogue, words an unmapped VAT group, and reads only what changed next time', async () => {
    const { s, acme, service } = await world();
    // An SAP of its own: this test moves its clock and changes its items.
    const own = await startSapB1Emulator({ password: 'Own-Pa55word-abc' });
    try {
      own.control.seedItems([
        { ItemCode: 'CORRISP', ItemName: 'Corrispettivi', SalesVATGroup: 'C22', prices: {} },
        { ItemCode: 'TSHIRT', ItemName: 'T-shirt blu', BarCode: '8001234567897', barcodes: ['12345670', 'bad code'], SalesVATGroup: 'C22', prices: { 1: 19.9, 2: 18 } },
        { ItemCode: 'PANE', ItemName: 'Pane', SalesVATGroup: 'C04', prices: { 1: 2.5 } },
        { ItemCode: 'LIBRO', ItemName: 'Libro', SalesVATGroup: 'ESENTE', prices: { 1: 12 } },
        { ItemCode: 'NOPRICE', ItemName: 'Senza prezzo', SalesVATGroup: 'C22', prices: { 2: 3 } },
      ]);
      const link = await service.save(acme.id, { credentials: own.credentials, settings: settingsFor(acme.stores[0]) });
      const run = await service.importItems(acme.id, link.id);
      expect([run.outcome, run.written]).toEqual(['partial', 2]);
      expect(run.problems.map((p) => [p.subject, p.problem])).toEqual([
        ['TSHIRT', 'invalid-item'],
        ['LIBRO', 'unmapped-vat-group'],
        ['NOPRICE', 'missing-price'],
      ]);
      const products = (await s.storage.headOffice.readRows(acme.id, 'product')) as Product[];
      const shirt = products.find((p) => p.sku === 'TSHIRT');
      expect(shirt).toMatchObject({ name: 'T-shirt blu', vatCode: '22', priceCents: 1990 });
      expect(shirt?.variants[0]?.barcodes).toEqual(['8001234567897', '12345670']);
      expect(products.find((p) => p.sku === 'PANE')).toMatchObject({ vatCode: '4', priceCents: 250 });
      expect(products.some((p) => p.sku === 'CORRISP')).toBe(false);
      // The next run reads from the newest stamp less the overlap; a day later, only what changed since.
      own.control.advanceClock(24 * 60 * 60_000);
      await service.importItems(acme.id, link.id);
      own.control.advanceClock(24 * 60 * 60_000);
      own.control.seedItems([{ ItemCode: 'PANE', ItemName: 'Pane integrale', SalesVATGroup: 'C04', prices: { 1: 2.8 } }]);
      await service.importItems(acme.id, link.id);
      own.control.advanceClock(24 * 60 * 60_000);
      own.control.seedItems([{ ItemCode: 'PANE', ItemName: 'Pane integrale', SalesVATGroup: 'C04', prices: { 1: 2.9 } }]);
      const next = await service.importItems(acme.id, link.id);
      expect([next.outcome, next.written]).toEqual(['ok', 1]);
      const after = (await s.storage.headOffice.readRows(acme.id, 'product')) as Product[];
      expect(after.filter((p) => p.sku === 'PANE')).toHaveLength(1);
      expect(after.find((p) => p.sku === 'PANE')).toMatchObject({ id: products.find((p) => p.sku === 'PANE')?.id, name: 'Pane integrale', priceCents: 290 });
    } finally {
      await own.close();
    }
  });

  it('keeps links apart per organisation, answers hints only, and words wrong credentials', async () => {
    const { s, acme, other, service, link } = await world();
    expect(link.credentialHints.password).not.toContain('Pa55word');
    expect(JSON.stringify(await service.list(acme.id))).not.toContain('Sap-Pa55word-xyz');
    expect(await service.list(other.id)).toEqual([]);
    expect((await refusal(service.sendDay(other.id, link.id, other.stores[0], '2026-12-02'))).code).toBe('NOT_FOUND');
    expect((await refusal(service.importItems(other.id, link.id))).code).toBe('NOT_FOUND');
    expect((await refusal(service.save(other.id, { linkId: link.id, settings: settingsFor(other.stores[0]) }))).code).toBe('NOT_FOUND');
    // A store of another organisation in the mapping is refused as unknown.
    expect((await refusal(service.save(acme.id, { linkId: link.id, settings: settingsFor(other.stores[0]) }))).code).toBe('NOT_FOUND');
    const wrong = await service.test(acme.id, { credentials: { ...emulator.credentials, password: 'not-the-password' } });
    expect(wrong).toMatchObject({ ok: false, problem: 'sign-in-refused' });
    expect(wrong.message?.it).toMatch(/SAP ha rifiutato/);
    expect(await service.test(acme.id, { linkId: link.id })).toMatchObject({ ok: true });
    // The sealed row copied into another organisation does not open there (organisation and link id are the associated data).
    const row = await s.storage.sap.getLink(acme.id, link.id);
    await s.storage.sap.createLink({ ...row!, organisationId: other.id });
    expect(await refusal(service.test(other.id, { linkId: link.id }))).toMatchObject({ code: 'CONFLICT', details: { reason: 'channel-credentials-unreadable' } });
  });

  it('the schedule sends yesterday once after the night begins and imports items when due', async () => {
    const { acme, service, link, docs, advance } = await world();
    await service.save(acme.id, { linkId: link.id, settings: { ...settingsFor(acme.stores[0]), itemsEveryMinutes: 30, sendDaysDaily: true } });
    advance(19 * 60 * 60_000); // 2026-12-04T05:00Z: 06:00 in Rome, the night of the 3rd is over
    const posts = () => emulator.control.requestCount({ method: 'POST', pathIncludes: 'Invoices' });
    const before = posts();
    await service.runDue();
    expect(docs('Invoices', `CASSA-${acme.stores[0]}-2026-12-03`)).toHaveLength(1);
    const [view] = await service.list(acme.id);
    expect(view?.runs.map((run) => run.kind).sort()).toEqual(['day', 'items']);
    advance(10 * 60_000);
    await service.runDue();
    expect(posts() - before).toBe(1);
    expect((await service.list(acme.id))[0]?.runs).toHaveLength(2);
  });

  it('words what is not mapped instead of sending, and records the run', async () => {
    const { acme, service, link } = await world();
    const unmapped = await service.save(acme.id, { linkId: link.id, settings: { ...settingsFor(acme.stores[0]), vatGroups: [{ sapVatGroup: 'C22', vatCode: '22' }], paymentAccounts: [] } });
    const run = await service.sendDay(acme.id, unmapped.id, acme.stores[0], '2026-12-02');
    expect(run.outcome).toBe('failed');
    expect(run.problems.map((p) => [p.problem, p.detail])).toEqual([
      ['unmapped-vat-code', '4'],
      ['unmapped-vat-code', '10'],
      ['unmapped-payment-method', 'cash'],
      ['unmapped-payment-method', 'card'],
    ]);
    expect((await service.list(acme.id))[0]?.runs[0]?.outcome).toBe('failed');
  });
});
