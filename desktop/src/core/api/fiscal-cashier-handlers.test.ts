import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, EventEnvelope, FiscalStateView } from '@cassa/shared';
import { codiceFiscaleCheckCharacter, errorSentence, partitaIvaCheckDigit } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import { FakeFiscalDevice } from '../fiscal/testing/fake-fiscal-device';
import { openFiscalTill, ringUpCoffees } from '../fiscal/testing/fiscal-till';
import type { TestTill } from '../testing/test-till';
import { createTestFolder, createTestTill, removeTestFolder, SettableClock } from '../testing/test-till';

const manager = { userId: 'user-marco', pin: '2222' };
const CF_BODY = 'RSSMRA85T10A562';
const VALID_CF = CF_BODY + codiceFiscaleCheckCharacter(CF_BODY);
const VALID_PIVA = '0123456789' + partitaIvaCheckDigit('0123456789');

function italian(result: ApiResult<unknown>): string {
  if (result.ok) throw new Error('expected a refusal');
  return errorSentence(result.error, 'it');
}


describe('the cashier side of the fiscal device, through the dispatcher', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    ({ device, till, token } = await openFiscalTill(10_000));
  });
  afterEach(() => till.dispose());

  it('puts the lottery code and the customer tax id on a card sale, and shows the document', async () => {
    await ringUpCoffees(till, token, 1, 'card');
    const sale = await till.call('sale.complete', { printReceipt: false, lotteryCode: ' ab12cd34 ', customerTaxId: VALID_CF.toLowerCase() }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[0]!.request).toMatchObject({ kind: 'sale', lotteryCode: 'AB12CD34', customerTaxId: VALID_CF, tenders: [{ kind: 'electronic', amountCents: 449 }] });
    const shown = await till.call('fiscal.documentOfSale', { saleId: sale.saleId }, token);
    expect(shown).toEqual({ configured: true, waiting: false, document: device.journal[0]!.document });
  });

  it('takes a partita IVA as the customer tax id', async () => {
    await ringUpCoffees(till, token, 1, 'cash');
    await till.call('sale.complete', { printReceipt: false, customerTaxId: VALID_PIVA }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[0]!.request).toMatchObject({ customerTaxId: VALID_PIVA, lotteryCode: null });
  });

  it('refuses a lottery code on a cash-only sale, in Italian, and keeps the ticket open', async () => {
    await ringUpCoffees(till, token, 1, 'cash');
    const refused = await till.raw('sale.complete', { printReceipt: false, lotteryCode: 'AB12CD34' }, token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { reason: 'fiscal-request', problem: 'lottery-code' } } });
    expect(italian(refused)).toBe('La lotteria degli scontrini vale solo per pagamenti elettronici: pagare con carta o togliere il codice');
    expect(await till.call('sale.current', {}, token)).toMatchObject({ remainingCents: 0 });
    expect(device.journal).toHaveLength(0);
  });

  it('refuses a codice fiscale with a wrong check character, naming the expected one', async () => {
    await ringUpCoffees(till, token, 1, 'card');
    const expected = VALID_CF.at(-1)!;
    const wrong = CF_BODY + (expected === 'A' ? 'B' : 'A');
    const refused = await till.raw('sale.complete', { printReceipt: false, customerTaxId: wrong }, token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { problem: 'customer-tax-id', taxIdProblem: 'check-character' } } });
    expect(italian(refused)).toContain(expected);
    expect(italian(refused).toLowerCase()).toContain('controllo');
  });

  it('refuses NUL bytes and other characters in both fields, and over-long input at the door', async () => {
    await ringUpCoffees(till, token, 1, 'card');
    const nulLottery = await till.raw('sale.complete', { printReceipt: false, lotteryCode: 'AB12\u0000D34' }, token);
    expect(italian(nulLottery)).toBe('Il codice lotteria ha solo lettere e cifre: carattere non ammesso in posizione 5');
    const nulTaxId = await till.raw('sale.complete', { printReceipt: false, customerTaxId: `${VALID_CF.slice(0, 8)}\u0000${VALID_CF.slice(9)}` }, token);
    expect(nulTaxId).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { problem: 'customer-tax-id' } } });
    const huge = await till.raw('sale.complete', { printReceipt: false, lotteryCode: 'A'.repeat(10_000) }, token);
    expect(huge).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const typed = await till.raw('sale.complete', { printReceipt: false, customerTaxId: 12345678901 }, token);
    expect(typed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(device.journal).toHaveLength(0);
  });

  it('reads a stale device status once however many screens ask, and tells them when it arrives', async () => {
    // The till read the status once at start (for head office); 31 s later it is stale.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(device.calls.status).toBe(1);
    till.clock.advance(31_000);
    const events: EventEnvelope[] = [];
    till.core.events.subscribe((event) => events.push(event));
    const first = await Promise.all([till.call('fiscal.state', {}, token), till.call('fiscal.state', {}, token), till.call('fiscal.state', {}, token)]);
    expect(first.map((s) => s.status?.printer)).toEqual(['ok', 'ok', 'ok']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(device.calls.status).toBe(2);
    const told = events.filter((e) => e.name === 'fiscal.changed').map((e) => e.payload as FiscalStateView);
    expect(told.at(-1)?.status).toMatchObject({ printer: 'ok', inService: true });
    expect(told.at(-1)?.statusAt).toBe(till.clock.now().toISOString());
    expect((await till.call('fiscal.state', {}, token)).status).toMatchObject({ printer: 'ok' });
    expect(device.calls.status).toBe(2);
    till.clock.advance(31_000);
    await till.call('fiscal.state', {}, token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(device.calls.status).toBe(3);
  });

  it('shows a blocked document loudly with its reason, tells the screens, and issues it on Riprova', async () => {
    const events: EventEnvelope[] = [];
    till.core.events.subscribe((event) => events.push(event));
    device.persistentFailure = 'paper-out';
    await ringUpCoffees(till, token, 1, 'cash');
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    const state = await till.call('fiscal.state', {}, token);
    expect(state.jobs).toEqual([
      expect.objectContaining({ saleId: sale.saleId, receiptNumber: sale.receiptNumber, state: 'blocked', failure: 'paper-out', totalCents: 449 }),
    ]);
    expect(state.jobs[0]!.reason!.it).toContain('senza carta');
    expect(state.jobs[0]!.reason!.en).toContain('out of paper');
    expect(await till.call('fiscal.documentOfSale', { saleId: sale.saleId }, token)).toEqual({ configured: true, waiting: true, document: null });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = events.filter((e) => e.name === 'fiscal.changed').map((e) => e.payload as FiscalStateView);
    expect(changed.at(-1)?.jobs[0]).toMatchObject({ state: 'blocked', failure: 'paper-out' });

    device.persistentFailure = null;
    const after = await till.call('fiscal.retry', {}, token);
    expect(after.jobs).toEqual([]);
    expect(device.journal).toHaveLength(1);
    expect((await till.call('fiscal.documentOfSale', { saleId: sale.saleId }, token)).document).toEqual(device.journal[0]!.document);
  });

  it('lets only a manager record a document by hand, for a blocked job of this till, and audits it', async () => {
    device.persistentFailure = 'offline';
    await ringUpCoffees(till, token, 1, 'cash');
    await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    const [job] = (await till.call('fiscal.state', {}, token)).jobs;
    const document = { serial: '99MEY012345', zNumber: 1, documentNumber: 7, date: '2026-11-26', time: '10:15' };

    const byCashier = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document }, token);
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    const wrongPin = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document, override: { userId: 'user-marco', pin: '0000' } }, token);
    expect(wrongPin.ok).toBe(false);
    const cashierAsApprover = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document, override: { userId: 'user-giulia', pin: '1111' } }, token);
    expect(cashierAsApprover.ok).toBe(false);
    const otherTill = await till.raw('fiscal.recordManual', { jobId: '01936f8e-0000-7000-8000-000000000000', document, override: manager }, token);
    expect(otherTill).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-manual-mismatch' } } });
    const nulSerial = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document: { ...document, serial: '99MEY\u000012345' }, override: manager }, token);
    expect(nulSerial).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const badSerial = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document: { ...document, serial: '99mey-12345' }, override: manager }, token);
    expect(badSerial).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const after = await till.call('fiscal.recordManual', { jobId: job!.jobId, document, override: manager }, token);
    expect(after.jobs).toEqual([]);
    const audit = till.core.store.db.prepare("SELECT details FROM audit_log WHERE action = 'fiscal.manualDocument'").all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ jobId: job!.jobId, approvedBy: 'user-marco', failure: 'offline', document: { documentNumber: 7, amountCents: 449 } });
    const again = await till.raw('fiscal.recordManual', { jobId: job!.jobId, document, override: manager }, token);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refers a return to the original sale document of this till by itself', async () => {
    await ringUpCoffees(till, token, 1, 'card');
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    const receipt = await till.call('sale.findReceipt', { query: sale.receiptNumber }, token);
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: receipt.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    const first = device.journal[0]!.document;
    expect(device.journal[1]!.request).toMatchObject({
      kind: 'return',
      original: { serial: first.serial, zNumber: first.zNumber, documentNumber: first.documentNumber, date: first.date },
    });
  });

  it('refuses a lottery code on a return', async () => {
    await ringUpCoffees(till, token, 1, 'card');
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    await till.core.services.fiscal.idle();
    const receipt = await till.call('sale.findReceipt', { query: sale.receiptNumber }, token);
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: receipt.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, token);
    const refused = await till.raw('sale.complete', { printReceipt: false, lotteryCode: 'AB12CD34' }, token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { problem: 'option-not-for-kind' } } });
  });
});

describe('a return of a sale the till has no document for', () => {
  let dir: string;
  let till: TestTill;
  let token: string;
  let device: FakeFiscalDevice;
  let saleId: string;

  beforeEach(async () => {
    // The sale is rung up before the shop set its fiscal device; the return after.
    dir = createTestFolder('cassa-fiscal-return-');
    const clock = new SettableClock();
    const before = createTestTill({ dir, clock });
    const cashier = await before.login('user-giulia', '1111');
    await before.call('shift.open', { floatCents: 0 }, cashier);
    await ringUpCoffees(before, cashier, 1, 'card');
    saleId = (await before.call('sale.complete', { printReceipt: false }, cashier)).saleId;
    await before.dispose();
    device = new FakeFiscalDevice();
    till = createTestTill({ dir, clock, demo: false, fiscalDevice: device });
    token = await till.login('user-giulia', '1111');
    const receipt = await till.call('sale.findReceipt', { query: saleId }, token);
    await till.call('sale.startReturn', { saleId, lines: [{ lineId: receipt.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 449 }, token);
  });
  afterEach(async () => {
    await till.dispose();
    removeTestFolder(dir);
  });

  it('asks for the original document, and sends the one the cashier typed', async () => {
    expect(await till.call('fiscal.documentOfSale', { saleId }, token)).toEqual({ configured: true, waiting: false, document: null });
    const missing = await till.raw('sale.complete', { printReceipt: false }, token);
    expect(missing).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-original-missing' } } });
    const original = { serial: '99MEY099999', zNumber: 12, documentNumber: 34, date: '2026-11-20' };
    const badOriginal = await till.raw('sale.complete', { printReceipt: false, original: { ...original, serial: '99MEY\u00009999' } }, token);
    expect(badOriginal).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await till.call('sale.complete', { printReceipt: false, original }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[0]!.request).toMatchObject({ kind: 'return', original });
  });

  it('makes an unreferenced return a manager choice, audited', async () => {
    const byCashier = await till.raw('sale.complete', { printReceipt: false, unreferencedReturn: true }, token);
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    await till.call('sale.complete', { printReceipt: false, unreferencedReturn: true, override: manager }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[0]!.request).toMatchObject({ kind: 'return', original: null });
    const audit = till.core.store.db.prepare("SELECT details FROM audit_log WHERE action = 'fiscal.unreferencedReturn'").all() as { details: string }[];
    expect(audit.map((row) => JSON.parse(row.details) as unknown)).toEqual([expect.objectContaining({ originalSaleId: saleId, approvedBy: 'user-marco' })]);
  });
});

describe('a post-void of a sale rung up before the fiscal device was set', () => {
  let dir: string;
  let till: TestTill;
  let token: string;
  let device: FakeFiscalDevice;
  let saleId: string;
  const original = { serial: '99MEY099999', zNumber: 3, documentNumber: 9, date: '2026-11-26' };

  beforeEach(async () => {
    dir = createTestFolder('cassa-fiscal-void-');
    const clock = new SettableClock();
    const before = createTestTill({ dir, clock });
    const cashier = await before.login('user-giulia', '1111');
    await before.call('shift.open', { floatCents: 0 }, cashier);
    await ringUpCoffees(before, cashier, 1, 'cash');
    saleId = (await before.call('sale.complete', { printReceipt: false }, cashier)).saleId;
    await before.dispose();
    device = new FakeFiscalDevice();
    till = createTestTill({ dir, clock, demo: false, fiscalDevice: device });
    token = await till.login('user-giulia', '1111');
  });
  afterEach(async () => {
    await till.dispose();
    removeTestFolder(dir);
  });

  it('needs the document typed in, and voids that one', async () => {
    const missing = await till.raw('sale.postVoid', { saleId, reason: 'Errore di battitura', override: manager }, token);
    expect(missing).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-original-missing' } } });
    expect(italian(missing)).toMatch(/documento commerciale/i);
    const malformed = await till.raw('sale.postVoid', { saleId, reason: 'Errore', override: manager, original: { ...original, documentNumber: 0 } }, token);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await till.call('sale.postVoid', { saleId, reason: 'Errore di battitura', override: manager, original }, token);
    await till.core.services.fiscal.idle();
    expect(device.journal[0]!.request).toEqual({ kind: 'void', original, amountCents: 449 });
  });
});

describe('a till without a fiscal device', () => {
  let till: TestTill;
  afterEach(() => till.dispose());

  it('says so, and refuses fiscal fields rather than dropping them', async () => {
    till = createTestTill();
    const token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
    expect(await till.call('fiscal.state', {}, token)).toMatchObject({ configured: false, jobs: [], status: null });
    await ringUpCoffees(till, token, 1, 'card');
    expect(await till.raw('sale.complete', { printReceipt: false, lotteryCode: 'AB12CD34' }, token)).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE' } });
    const sale = await till.call('sale.complete', { printReceipt: false, lotteryCode: '  ' }, token);
    expect(await till.call('fiscal.documentOfSale', { saleId: sale.saleId }, token)).toEqual({ configured: false, waiting: false, document: null });
    const original = { serial: '99MEY099999', zNumber: 3, documentNumber: 9, date: '2026-11-26' };
    const voided = await till.raw('sale.postVoid', { saleId: sale.saleId, reason: 'Errore', override: manager, original }, token);
    expect(voided).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE' } });
    const manual = await till.raw('fiscal.recordManual', { jobId: 'j', document: { ...original, time: '10:00' }, override: manager }, token);
    expect(manual).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'fiscal-manual-mismatch' } } });
  });
});
