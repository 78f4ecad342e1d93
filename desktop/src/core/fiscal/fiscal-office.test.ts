import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from '@cassa/drivers/portable';
import type { Department } from '@cassa/shared';
import { DEFAULT_DEPARTMENTS, errorSentence, formatEuro } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';

const drawer = { '200': 2, '5': 1, '2': 2 };
// Demo catalogue: 1 = coffee 22 % (4,49), 2 = spaghetti 4 % (1,29), 7 = biscuits 10 %, 8 = newspaper N2.
const COFFEE = demoEan(1);
const SPAGHETTI = demoEan(2);
const NEWSPAPER = demoEan(8);

function auditOf(till: TestTill, action: string): Record<string, unknown>[] {
  return (till.core.store.db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY sequence').all(action) as { details: string }[]).map(
    (r) => JSON.parse(r.details) as Record<string, unknown>,
  );
}

const without = (vatCode: string): Department[] => DEFAULT_DEPARTMENTS.filter((d) => d.vatCode !== vatCode).map((d) => ({ ...d }));

describe('fiscal back office procedures', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let cashier: string;
  let manager: string;

  beforeEach(async () => {
    device = new FakeFiscalDevice();
    till = createTestTill({ fiscalDevice: device });
    cashier = await till.login('user-giulia', '1111');
    manager = await till.login('user-marco', '2222');
  });
  afterEach(() => till.dispose());

  it('refuses a cashier the manager procedures, and lets a manager in', async () => {
    for (const [name, input] of [
      ['fiscal.connection', {}],
      ['fiscal.setConnection', { connection: 'epson-rt://10.0.0.5' }],
      ['fiscal.departments', {}],
      ['fiscal.setDepartments', { departments: DEFAULT_DEPARTMENTS }],
      ['fiscal.readDepartments', {}],
      ['fiscal.status', {}],
    ] as const) {
      const refused = await till.raw(name, input, cashier);
      expect(refused.ok, name).toBe(false);
      if (!refused.ok) expect(refused.error.code, name).toBe('NOT_AUTHORISED');
    }
    expect(till.core.services.fiscal.savedConnection()).toBe('');
    expect(await till.call('fiscal.departments', {}, manager)).toEqual({ departments: DEFAULT_DEPARTMENTS, enforced: true });
  });

  it('saves a connection string, audited, and says it applies at the next start', async () => {
    const view = await till.call('fiscal.setConnection', { connection: '  custom-rt://cassa:segreta@192.168.1.21 ' }, manager);
    expect(view).toEqual({ saved: 'custom-rt://cassa:segreta@192.168.1.21', inUse: 'epson (given by the host)', fromEnvironment: false, restartRequired: true });
    expect(await till.call('fiscal.connection', {}, manager)).toEqual(view);
    expect(auditOf(till, 'fiscal.setConnection')).toEqual([{ connection: 'custom-rt://cassa:segreta@192.168.1.21', approvedBy: 'user-marco' }]);
    // '' is "no device": valid.
    expect((await till.call('fiscal.setConnection', { connection: '' }, manager)).saved).toBe('');
  });

  it('refuses an unknown scheme, a bad host, a NUL byte and a string too long, saving nothing', async () => {
    await till.call('fiscal.setConnection', { connection: 'epson-rt://10.0.0.5' }, manager);
    for (const connection of ['olivetti-rt://10.0.0.5', 'tcp://10.0.0.5:9100', 'epson-rt://bad host', 'epson-rt://10.0.0.5\u0000', 'epson-rt://10.0.0.5\nx', `epson-rt://${'a'.repeat(400)}`, 'epson-rt://10.0.0.5?color=red']) {
      const refused = await till.raw('fiscal.setConnection', { connection }, manager);
      expect(refused.ok, JSON.stringify(connection)).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('VALIDATION');
    }
    expect(till.core.services.fiscal.savedConnection()).toBe('epson-rt://10.0.0.5');
    expect(auditOf(till, 'fiscal.setConnection')).toHaveLength(1);
  });

  it('replaces the department table, audited; two departments may carry one VAT code, the first is used', async () => {
    const table: Department[] = [
      { department: 1, vatCode: '22', description: 'Abbigliamento' },
      { department: 11, vatCode: '22', description: 'Accessori' },
      { department: 2, vatCode: '10', description: 'IVA 10%' },
      { department: 3, vatCode: '4', description: 'Alimentari' },
      { department: 99, vatCode: 'N2', description: 'Giornali' },
    ];
    const saved = await till.call('fiscal.setDepartments', { departments: table }, manager);
    expect(saved.departments.map((d) => d.department)).toEqual([1, 2, 3, 11, 99]);
    expect(auditOf(till, 'fiscal.setDepartments')[0]).toMatchObject({ approvedBy: 'user-marco' });

    await till.call('shift.open', { floatCents: 0 }, cashier);
    await till.call('sale.scan', { code: COFFEE }, cashier);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, cashier);
    await till.call('sale.complete', { printReceipt: false }, cashier);
    await till.core.services.fiscal.idle();
    const issued = device.journal[0]!.request;
    expect(issued.kind === 'sale' && issued.lines[0]!.department).toBe(1);
  });

  it('refuses a hostile department table whole: a number twice, 0, 1000, NUL, an unknown VAT, too many rows', async () => {
    const row = (department: number, vatCode: string, description = 'x') => ({ department, vatCode, description });
    const hostile: unknown[] = [
      [row(1, '22'), row(1, '10')],
      [row(0, '22')],
      [row(1000, '22')],
      [row(1.5, '22')],
      [row(-1, '22')],
      [row(1, '22', 'IVA\u000022')],
      [row(1, '21')],
      [row(1, 'N7')],
      [row(1, '22', 'x'.repeat(41))],
      Array.from({ length: 100 }, (_, i) => row(i + 1, '22')),
      [{ ...row(1, '22'), extra: true, department: '1' }],
      'not a table',
    ];
    for (const departments of hostile) {
      const refused = await till.raw('fiscal.setDepartments', { departments }, manager);
      expect(refused.ok, JSON.stringify(departments).slice(0, 80)).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('VALIDATION');
    }
    expect(till.core.services.fiscal.departments()).toEqual(DEFAULT_DEPARTMENTS);
    expect(auditOf(till, 'fiscal.setDepartments')).toHaveLength(0);
  });

  it("reads the device's table where the brand can say, and says null where it cannot; saves nothing", async () => {
    expect(await till.call('fiscal.readDepartments', {}, manager)).toEqual({ departments: null });
    const programmed: Department[] = [{ department: 5, vatCode: 'N4', description: 'ES' }];
    const ownDepartments = device.departments.bind(device);
    device.departments = () => Promise.resolve(programmed);
    expect(await till.call('fiscal.readDepartments', {}, manager)).toEqual({ departments: programmed });
    expect(till.core.services.fiscal.departments()).toEqual(DEFAULT_DEPARTMENTS);
    device.departments = ownDepartments;
    device.persistentFailure = 'offline';
    const refused = await till.raw('fiscal.readDepartments', {}, manager);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { failure: 'offline' } });
  });

  it('reports the status with the days since the last Z and the sales waiting', async () => {
    const first = await till.call('fiscal.status', {}, manager);
    expect(first).toMatchObject({ configured: true, statusFailure: null, daysSinceClosure: null, documentsWaiting: 0 });
    expect(first.status).toMatchObject({ printer: 'ok', inService: true });
    device.persistentFailure = 'cover-open';
    const broken = await till.call('fiscal.status', {}, manager);
    expect(broken.statusFailure).toBe('cover-open');
  });

  it("counts the days since the device's last Z in the shop's zone", async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    await till.call('shift.close', { denominations: {} }, cashier);
    // The fake device dates its Z 2026-11-26; the till's clock is 26 November 09:00 UTC.
    expect((await till.call('fiscal.status', {}, manager)).daysSinceClosure).toBe(0);
    // 29 November 23:30 UTC is already the 30th in Rome.
    till.clock.advance(Date.parse('2026-11-29T23:30:00Z') - Date.parse('2026-11-26T09:00:00Z'));
    const later = await till.login('user-marco', '2222');
    expect((await till.call('fiscal.status', {}, later)).daysSinceClosure).toBe(4);
  });

  it("gives the X reading to a cashier, and keeps the device's Z of a shift with its per-VAT totals", async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    for (const [code, method, cents] of [[COFFEE, 'card', 449], [SPAGHETTI, 'cash', 129], [NEWSPAPER, 'cash', 180]] as const) {
      await till.call('sale.scan', { code }, cashier);
      await till.call('sale.addPayment', { method, amountCents: cents }, cashier);
      await till.call('sale.complete', { printReceipt: false }, cashier);
    }
    await till.core.services.fiscal.idle();
    expect(await till.call('fiscal.xReading', {}, cashier)).toMatchObject({ zNumber: 1, dailyAmountCents: 758 });
    const shiftId = till.core.services.shifts.current()!.id;
    expect(await till.call('fiscal.zClosure', { shiftId }, cashier)).toBeNull();
    await till.call('shift.close', { denominations: drawer }, cashier);
    const z = await till.call('fiscal.zClosure', { shiftId }, cashier);
    expect(z).toMatchObject({ closure: { serial: '99MEY012345', zNumber: 1, dailyAmountCents: 758 }, documents: 3 });
    expect(z?.vatTotals?.sales).toEqual([
      { vatCode: '22', grossCents: 449, netCents: 368, vatCents: 81 },
      { vatCode: '4', grossCents: 129, netCents: 124, vatCents: 5 },
      { vatCode: 'N2', grossCents: 180, netCents: 180, vatCents: 0 },
    ]);
    expect(z?.vatTotals?.returns).toEqual([]);

    // The Z prints by itself at the close, with the device's Z under the till's figures.
    await till.core.services.printing.idle();
    const printed = till.printer.printed.map((p) => decodedText(decodeEscPos(p.bytes, { codePageTables: till.printer.profile.codePageTables })));
    const zText = printed.find((text) => text.includes('CHIUSURA Z N. 0001'));
    expect(zText).toContain('REGISTRATORE TELEMATICO');
    expect(zText).toMatch(/Chiusura Z n\. +0001/);
    expect(zText).toMatch(/Matricola +99MEY012345/);
    expect(zText).toMatch(/Venduto del giorno +7,58/);
    expect(zText).toMatch(/Corrispettivi per IVA[\s\S]*22% +4,49 \/ 0,81[\s\S]*4% +1,29 \/ 0,05/);
    // An X never carries a device Z.
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const x = await till.call('shift.printReport', { shiftId: till.core.services.shifts.current()!.id, kind: 'X' }, cashier);
    await till.core.services.printing.idle();
    const xText = decodedText(decodeEscPos(till.printer.printed.find((p) => p.jobId === x.printJobId)!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    expect(xText).not.toContain('REGISTRATORE TELEMATICO');
  });

  it('names the waiting sales when the Z is refused, in Italian and English', async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    device.issueFaults.push({ kind: 'fail', failure: 'paper-out' });
    await till.call('sale.scan', { code: COFFEE }, cashier);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, cashier);
    const sale = await till.call('sale.complete', { printReceipt: false }, cashier);
    await till.core.services.fiscal.idle();
    const refused = await till.raw('shift.close', { denominations: drawer }, cashier);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.details).toMatchObject({ reason: 'fiscal-documents-open', count: 1, sales: [{ receiptNumber: sale.receiptNumber, totalCents: 449, failure: 'paper-out' }] });
    expect(errorSentence(refused.error, 'it')).toBe(
      `Chiusura Z rifiutata: 1 documento commerciale non ancora emesso (scontrino ${sale.receiptNumber} ${formatEuro(449, 'it')}: il registratore è senza carta o ha il coperchio aperto: controllare rotolo e coperchio). Risolvere il problema del registratore, oppure un responsabile lo registra come emesso a mano`,
    );
    expect(errorSentence(refused.error, 'en')).toContain(`Z closure refused: 1 documento commerciale not yet issued (receipt ${sale.receiptNumber} ${formatEuro(449, 'en')}: the fiscal device is out of paper`);
  });
});

describe('the fiscal procedures on a till without a device (outside Italy)', () => {
  it('say there is none, and refuse what only a device can do', async () => {
    const till = createTestTill();
    try {
      const manager = await till.login('user-marco', '2222');
      expect(await till.call('fiscal.status', {}, manager)).toEqual({ configured: false, status: null, statusAt: null, statusFailure: null, daysSinceClosure: null, documentsWaiting: 0 });
      expect(await till.call('fiscal.departments', {}, manager)).toMatchObject({ enforced: false });
      expect(await till.call('fiscal.connection', {}, manager)).toEqual({ saved: '', inUse: null, fromEnvironment: false, restartRequired: false });
      for (const name of ['fiscal.readDepartments', 'fiscal.xReading'] as const) {
        const refused = await till.raw(name, {}, manager);
        expect(!refused.ok && refused.error.code, name).toBe('DEVICE_UNAVAILABLE');
      }
      expect(await till.call('fiscal.zClosure', { shiftId: 'no-such-shift' }, manager)).toBeNull();
      const bad = await till.raw('fiscal.zClosure', { shiftId: 'x\u0000y' }, manager);
      expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    } finally {
      await till.dispose();
    }
  });
});

describe('a product whose VAT has no department', () => {
  let till: TestTill;
  let cashier: string;

  afterEach(() => till.dispose());

  async function open(fiscalDevice: FakeFiscalDevice | undefined) {
    till = createTestTill(fiscalDevice ? { fiscalDevice } : {});
    cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
  }

  it('is refused at the scan and at the add while a device is set, naming the VAT and where to fix it', async () => {
    await open(new FakeFiscalDevice());
    till.core.services.fiscal.setDepartments({ userId: 'user-marco', name: 'Marco', role: 'manager' }, without('4'), undefined);
    await till.call('sale.scan', { code: COFFEE }, cashier);
    const scanned = await till.raw('sale.scan', { code: SPAGHETTI }, cashier);
    expect(scanned.ok).toBe(false);
    if (scanned.ok) return;
    expect(scanned.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'fiscal-no-department', vatCode: '4', description: 'Spaghetti di grano duro 500 g' } });
    expect(errorSentence(scanned.error, 'it')).toBe(
      '"Spaghetti di grano duro 500 g" non si può vendere: nessun reparto del registratore per IVA 4%. Aggiungerlo in Gestione → Dispositivi → Reparti, come è programmato sul registratore',
    );
    expect(errorSentence(scanned.error, 'en')).toBe(
      '"Spaghetti di grano duro 500 g" cannot be sold: no fiscal device department for VAT 4%. Add it in Back office → Devices → Departments, as the device holds it',
    );
    const variantId = (await till.call('catalogue.search', { query: 'Spaghetti', limit: 1 }, cashier))[0]!.variantId;
    const added = await till.raw('sale.addItem', { variantId }, cashier);
    expect(!added.ok && added.error.details).toMatchObject({ reason: 'fiscal-no-department' });
    // The ticket keeps only the coffee.
    expect((await till.call('sale.current', {}, cashier))?.lines.map((l) => l.description)).toEqual(['Caffè macinato espresso 250 g']);
  });

  it('names a nature by its meaning', async () => {
    await open(new FakeFiscalDevice());
    till.core.services.fiscal.setDepartments({ userId: 'user-marco', name: 'Marco', role: 'manager' }, without('N2'), undefined);
    const scanned = await till.raw('sale.scan', { code: NEWSPAPER }, cashier);
    expect(!scanned.ok && errorSentence(scanned.error, 'it')).toContain('per natura N2 (Non soggette)');
    expect(!scanned.ok && errorSentence(scanned.error, 'en')).toContain('for nature N2 (Not subject to VAT)');
  });

  it('is sold as always without a fiscal device (outside Italy)', async () => {
    await open(undefined);
    till.core.services.fiscal.setDepartments({ userId: 'user-marco', name: 'Marco', role: 'manager' }, without('4'), undefined);
    const ticket = await till.call('sale.scan', { code: SPAGHETTI }, cashier);
    expect(ticket.lines).toHaveLength(1);
  });
});

describe('the refused Z sentence', () => {
  const refusal = (details: Record<string, unknown>) => ({ code: 'CONFLICT', message: 'Z refused', details: { reason: 'fiscal-documents-open', ...details } });

  it('names at most five waiting sales and counts the rest', () => {
    const sales = Array.from({ length: 7 }, (_, i) => ({ receiptNumber: `0002-000${i + 1}`, totalCents: 100 * (i + 1), failure: 'offline' }));
    const it = errorSentence(refusal({ count: 7, sales }), 'it');
    expect(it).toMatch(/^Chiusura Z rifiutata: 7 documenti commerciali non ancora emessi \(scontrino 0002-0001 /);
    expect(it).toContain('scontrino 0002-0005');
    expect(it).not.toContain('0002-0006');
    expect(it).toContain('; e altri 2)');
    expect(errorSentence(refusal({ count: 7, sales }), 'en')).toContain('; and 2 more)');
  });

  it('says what it can of hostile details from a newer or broken peer', () => {
    expect(errorSentence(refusal({ count: 2, sales: 'not a list' }), 'it')).toBe(
      'Chiusura Z rifiutata: 2 documenti commerciali non ancora emessi. Risolvere il problema del registratore, oppure un responsabile li registra come emessi a mano',
    );
    const odd = errorSentence(refusal({ count: 1, sales: [null, { receiptNumber: 7, totalCents: 1e300, failure: 'melted' }] }), 'en');
    expect(odd).toContain('receipt ?; receipt 7: fiscal device error (melted)');
    expect(odd).not.toContain('e+300');
  });
});
