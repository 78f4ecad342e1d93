import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorSentence } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';
import { openFiscalTill, sellCoffees } from './testing/fiscal-till';

const manager = { userId: 'user-marco', pin: '2222' };
const cashierActor = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
const drawer = { '200': 2, '5': 1, '2': 2 };

function auditActions(till: TestTill): string[] {
  return (till.core.store.db.prepare('SELECT action FROM audit_log ORDER BY sequence').all() as { action: string }[]).map((r) => r.action);
}

describe('the Z and the X with a fiscal device', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    ({ device, till, token } = await openFiscalTill());
  });
  afterEach(() => till.dispose());

  async function sellCoffee() {
    return sellCoffees(till, token);
  }

  it("runs the device's Z and keeps its Z number and daily amount with the shift", async () => {
    await sellCoffee();
    await till.core.services.fiscal.idle();
    const x = await till.core.services.fiscal.xReading();
    expect(x).toMatchObject({ zNumber: 1, dailyAmountCents: 449 });
    expect(device.closures).toHaveLength(0);

    const shiftId = till.core.services.shifts.current()!.id;
    const z = await till.call('shift.close', { denominations: drawer }, token);
    expect(z).toMatchObject({ kind: 'Z', salesCount: 1 });
    expect(device.calls.zClosure).toBe(1);
    expect(till.core.services.fiscal.zClosureOf(shiftId)).toEqual(device.closures[0]);
    expect(device.closures[0]).toMatchObject({ serial: '99MEY012345', zNumber: 1, dailyAmountCents: 449 });
    expect(auditActions(till)).toContain('fiscal.zClosure');
  });

  it('keeps the Z it made when the shift close then fails, and never closes the device twice', async () => {
    await sellCoffee();
    await till.core.services.fiscal.idle();
    const shiftId = till.core.services.shifts.current()!.id;
    // A Z close a cashier may not do without... nothing: make the till's own close fail after the device's Z.
    const shifts = till.core.services.shifts;
    const close = shifts.close.bind(shifts);
    let failOnce = true;
    shifts.close = (...args) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('disk hiccup');
      }
      return close(...args);
    };
    await expect(till.call('shift.close', { denominations: drawer }, token)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(device.calls.zClosure).toBe(1);
    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.calls.zClosure).toBe(1);
    expect(till.core.services.fiscal.zClosureOf(shiftId)?.zNumber).toBe(1);
  });

  it('refuses the Z while a sale waits for its document, until a manager records it as issued by hand', async () => {
    device.issueFaults.push({ kind: 'fail', failure: 'cover-open' });
    const sale = await sellCoffee();
    await till.core.services.fiscal.idle();
    const refused = await till.raw('shift.close', { denominations: drawer }, token);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'fiscal-documents-open', count: 1 } });
    expect(errorSentence(refused.error, 'it')).toContain('1 documento commerciale non ancora emesso');
    expect(device.calls.zClosure).toBe(0);

    const job = till.core.services.fiscal.state().jobs[0]!;
    expect(job).toMatchObject({ saleId: sale.saleId, state: 'blocked', failure: 'cover-open' });
    const typed = { serial: '99MEY012345', zNumber: 1, documentNumber: 1, date: '2026-11-26', time: '10:15' };
    // A cashier alone may not; a manager's PIN makes it so, audited, and it leaves for head office.
    expect(() => till.core.services.fiscal.recordManualDocument(cashierActor, job.jobId, typed, undefined)).toThrow(/manager/);
    expect(() => till.core.services.fiscal.recordManualDocument(cashierActor, job.jobId, { ...typed, serial: 'bad' }, manager)).toThrow(/serial/);
    const record = till.core.services.fiscal.recordManualDocument(cashierActor, job.jobId, typed, manager);
    expect(record).toMatchObject({ saleId: sale.saleId, source: 'manual', recordedBy: 'user-marco', document: { ...typed, amountCents: 449 } });
    expect(auditActions(till)).toContain('fiscal.manualDocument');
    expect(() => till.core.services.fiscal.recordManualDocument(cashierActor, job.jobId, typed, manager)).toThrow(/not blocked/);

    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.calls.zClosure).toBe(1);
  });

  it("refuses the Z when the device cannot close, saying why, and leaves the shift open", async () => {
    device.persistentFailure = 'paper-out';
    const refused = await till.raw('shift.close', { denominations: drawer }, token);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'fiscal-device-failure', failure: 'paper-out' } });
    expect(errorSentence(refused.error, 'it')).toBe('Registratore telematico: il registratore è senza carta o ha il coperchio aperto: controllare rotolo e coperchio');
    expect(till.core.services.shifts.current()).not.toBeNull();
  });
});

describe('returns and post-voids reference the original document', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    device = new FakeFiscalDevice();
    till = createTestTill({ fiscalDevice: device });
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 10_000 }, token);
  });
  afterEach(() => till.dispose());

  async function sellTwoCoffees() {
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 898 }, token);
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    return sale;
  }

  it('a return refers to the sale’s document, after the device’s pre-check', async () => {
    const sale = await sellTwoCoffees();
    const original = device.journal[0]!.document;
    const found = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    expect(device.calls.checkReference).toBe(1);
    expect(device.journal[1]!.request).toMatchObject({
      kind: 'return',
      original: { serial: original.serial, zNumber: original.zNumber, documentNumber: original.documentNumber, date: original.date },
      lines: [{ quantityMilli: 1000, unitPriceCents: 449 }],
      tenders: [{ kind: 'electronic', amountCents: 449 }],
    });
    expect(device.journal[1]!.document).toMatchObject({ documentNumber: 2, amountCents: 449 });
  });

  it('a post-void is a void of the original document', async () => {
    const sale = await sellTwoCoffees();
    await till.call('sale.postVoid', { saleId: sale.saleId, reason: 'Errore', override: manager }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[1]!.request).toEqual({
      kind: 'void',
      original: { serial: '99MEY012345', zNumber: 1, documentNumber: 1, date: '2026-11-26' },
      amountCents: 898,
    });
  });

  it('refuses a post-void while the original’s document is not issued', async () => {
    device.issueFaults.push({ kind: 'fail', failure: 'paper-out' });
    const sale = await sellTwoCoffees();
    const result = await till.raw('sale.postVoid', { saleId: sale.saleId, reason: 'Errore', override: manager }, token);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-original-not-issued' } } });
  });

  it('blocks a return the device’s pre-check refuses, before anything is issued', async () => {
    const sale = await sellTwoCoffees();
    device.journal.length = 0; // the device no longer knows the document (another device's journal)
    const found = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal).toHaveLength(0);
    expect(till.core.services.fiscal.state().jobs).toEqual([expect.objectContaining({ kind: 'return', state: 'blocked', failure: 'refused' })]);
  });
});

describe('a return of a sale without a known document', () => {
  it('needs the caller’s reference or a manager’s audited choice of an unreferenced return', async () => {
    // The sale was made before the shop set its fiscal device.
    const plain = createTestTill();
    const token = await plain.login('user-giulia', '1111');
    await plain.call('shift.open', { floatCents: 10_000 }, token);
    await plain.call('sale.scan', { code: demoEan(1) }, token);
    await plain.call('sale.scan', { code: demoEan(1) }, token);
    await plain.call('sale.addPayment', { method: 'cash', amountCents: 898 }, token);
    const sale = await plain.call('sale.complete', { printReceipt: false }, token);
    await plain.core.close();

    const device = new FakeFiscalDevice();
    const till = createTestTill({ demo: false, dir: plain.dir, fiscalDevice: device });
    try {
      const t = await till.login('user-giulia', '1111');
      const found = await till.call('sale.findReceipt', { query: '0001-0001' }, t);
      const startReturn = async () => {
        await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, t);
        await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, t);
      };
      await startReturn();
      const refused = await till.raw('sale.complete', { printReceipt: false }, t);
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-original-missing' } } });

      const completion = till.core.services.completion;
      expect(() => completion.complete(cashierActor, false, { unreferencedReturn: {} })).toThrow(/manager/);
      completion.complete(cashierActor, false, { unreferencedReturn: { override: manager } });
      await till.core.services.fiscal.idle();
      expect(device.journal[0]!.request).toMatchObject({ kind: 'return', original: null });
      const audit = till.core.store.db.prepare("SELECT details FROM audit_log WHERE action = 'fiscal.unreferencedReturn'").get() as { details: string };
      expect(JSON.parse(audit.details)).toMatchObject({ originalSaleId: sale.saleId, approvedBy: 'user-marco' });

      // A sale of another till: the caller passes its document.
      await startReturn();
      const elsewhere = { serial: '99MEY099999', zNumber: 12, documentNumber: 34, date: '2026-11-20' };
      completion.complete(cashierActor, false, { original: elsewhere });
      await till.core.services.fiscal.idle();
      expect(device.journal[1]!.request).toMatchObject({ kind: 'return', original: elsewhere });
    } finally {
      await till.dispose();
      await plain.dispose();
    }
  });
});
