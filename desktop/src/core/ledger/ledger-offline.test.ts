/**
 * The chain ledgers at a till that cannot ask head office: never paired, or paired and cut off
 * (the test's `fetch` throws or hangs). The till then decides alone with shared's
 * `offlineAllowance`, from head office's last row (applied through the real pull path) and its own
 * entries; every entry leaves through the outbox in the sale's transaction.
 */
import type { LedgerAccount, LedgerEntryRecord, SyncChange, TillRecord } from '@cassa/shared';
import { decodeEscPos, decodedText } from '@cassa/drivers';
import { DEFAULT_LEDGER_OFFLINE_LIMITS, LEDGER_RESERVE_TIMEOUT_MS, errorSentence } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import { FakeFiscalDevice } from '../fiscal/testing/fake-fiscal-device';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const COFFEE = 449;
const manager = { userId: 'user-marco', pin: '2222' };

const tills: TestTill[] = [];
afterEach(async () => {
  for (const till of tills.splice(0)) await till.dispose();
});

async function openTill(options: Parameters<typeof createTestTill>[0] = {}): Promise<{ till: TestTill; token: string; marco: string }> {
  const till = createTestTill(options);
  tills.push(till);
  const token = await till.login('user-giulia', '1111');
  const marco = await till.login('user-marco', '2222');
  await till.call('shift.open', { floatCents: 0 }, token);
  return { till, token, marco };
}

async function coffees(till: TestTill, token: string, count: number) {
  let view = null as Awaited<ReturnType<TestTill['call']>> | null;
  for (let i = 0; i < count; i++) view = await till.call('sale.scan', { code: demoEan(1) }, token);
  return view as { totalCents: number; remainingCents: number };
}

function outboxRecords(till: TestTill): { seq: number; record: TillRecord }[] {
  return till.core.services.context.outbox.pending(10_000).map((op) => ({ seq: op.seq, record: op.record }));
}

function ledgerEntries(till: TestTill): { seq: number; entry: LedgerEntryRecord }[] {
  return outboxRecords(till).flatMap((op) => (op.record.type === 'ledger-entry' ? [{ seq: op.seq, entry: op.record.record }] : []));
}

/** A page of the `ledgers` stream, applied as the pull loop applies it. */
function pullAccount(till: TestTill, account: Omit<LedgerAccount, 'customerId' | 'overspent' | 'updatedAt'> & Partial<LedgerAccount>, change = 1): void {
  const data: LedgerAccount = { customerId: null, overspent: false, updatedAt: '2026-11-26T08:00:00.000Z', ...account };
  const row: SyncChange = { entity: 'ledger-account', key: `${data.kind}:${data.account}`, change, data };
  till.core.services.sync.store.applyPullPage('ledgers', [row], `c${change}`);
}

function pullSetting(till: TestTill, key: string, value: unknown, change = 1): void {
  till.core.services.sync.store.applyPullPage('settings', [{ entity: 'setting', key, change, data: { key, value } } as SyncChange], `s${change}`);
}

async function refusal(till: TestTill, name: string, input: unknown, token: string) {
  const result = await till.raw(name, input, token);
  if (result.ok) throw new Error(`${name} was not refused`);
  return result.error;
}

describe('a voucher spent without head office', () => {
  it('takes the payment within the offline allowance, refuses beyond it with the amount, and sends the entry with the sale', async () => {
    const { till, token, marco } = await openTill();
    const voucher = await till.call('voucher.issue', { amountCents: 10_000, reason: 'Reso merce' }, marco);
    const issued = ledgerEntries(till).at(-1)!;
    expect(issued.entry).toMatchObject({ kind: 'voucher', account: voucher.code, amount: 10_000, reason: 'issue', authorisation: 'credit', saleId: null });

    await coffees(till, token, 20); // 89,80 €
    const over = await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 6_000 }, token);
    // The chain's default limit (50 €) caps what one till draws offline, though the card holds 100 €.
    expect(over).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: DEFAULT_LEDGER_OFFLINE_LIMITS.voucher, reason: 'ledger-offline-allowance' } });
    expect(errorSentence(over, 'it')).toContain('50,00');
    expect(errorSentence(over, 'en')).toContain('Without head office');

    const paid = await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code.toLowerCase(), amountCents: 5_000 }, token);
    expect(paid).toMatchObject({ authorisation: 'offline', availableCents: 0 });
    expect(paid.ticket.payments).toEqual([expect.objectContaining({ method: 'voucher', amountCents: 5_000, reference: voucher.code, authorisation: 'offline' })]);
    // A second draw on the same card by the same ticket counts what the ticket already draws.
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1 }, token)).toMatchObject({ details: { availableCents: 0 } });
    await till.call('sale.addPayment', { method: 'cash', amountCents: paid.ticket.remainingCents }, token);
    const sale = await till.call('sale.complete', { printReceipt: false }, token);

    const ops = outboxRecords(till);
    const saleSeq = ops.find((op) => op.record.type === 'sale' && op.record.record.id === sale.saleId)!.seq;
    const spend = ledgerEntries(till).find((e) => e.entry.saleId === sale.saleId)!;
    expect(spend.seq).toBe(saleSeq + 1);
    expect(spend.entry).toMatchObject({ kind: 'voucher', account: voucher.code, amount: -5_000, reason: 'spend', authorisation: 'offline', reservationId: null, userId: 'user-giulia' });
    const stored = till.core.store.db.prepare('SELECT outbox_seq FROM ledger_entries WHERE id = ?').get(spend.entry.id) as { outbox_seq: number };
    expect(stored.outbox_seq).toBe(spend.seq);
    expect(await till.call('voucher.balance', { code: voucher.code }, token)).toEqual({ code: voucher.code, balanceCents: 5_000 });

    // What is left on the card is 50 €, but this till has drawn its whole offline limit.
    await coffees(till, token, 1);
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 100 }, token)).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: 0 } });
    // sale.addPayment with a voucher follows the same rule.
    expect(await refusal(till, 'sale.addPayment', { method: 'voucher', reference: voucher.code, amountCents: 100 }, token)).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: 0 } });
    // An unknown code is not a card at all.
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: 'V-0000-0000', amountCents: 100 }, token)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sells a gift card (N2, no stock) whose code prints as text, CODE128 and QR, and is spendable at once at the same till', async () => {
    const { till, token } = await openTill();
    const ticket = await till.call('sale.addGiftCard', { amountCents: 8_000 }, token);
    expect(ticket.lines).toEqual([expect.objectContaining({ variantId: 'cassa-gift-card', vatCode: 'N2', totalCents: 8_000 })]);
    expect(ticket.vatBreakdown).toEqual([expect.objectContaining({ vatCode: 'N2', grossCents: 8_000, vatCents: 0 })]);
    await till.call('sale.addPayment', { method: 'card', amountCents: 8_000 }, token);
    const sold = await till.call('sale.complete', { printReceipt: true }, token);
    expect(sold.giftCards).toHaveLength(1);
    const code = sold.giftCards![0]!.code;
    expect(code).toMatch(/^V-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(sold.giftCards![0]!.amountCents).toBe(8_000);
    expect(till.core.store.db.prepare("SELECT count(*) AS n FROM stock_movements WHERE variant_id = 'cassa-gift-card'").get()).toEqual({ n: 0 });
    expect(ledgerEntries(till).map((e) => e.entry)).toEqual([expect.objectContaining({ kind: 'voucher', account: code, amount: 8_000, reason: 'issue', authorisation: 'credit', saleId: sold.saleId })]);
    const giftLine = (await till.call('sale.findReceipt', { query: sold.receiptNumber }, token)).lines[0]!;
    expect(await refusal(till, 'sale.startReturn', { saleId: sold.saleId, lines: [{ lineId: giftLine.lineId, quantityMilli: 1000 }], override: manager }, token)).toMatchObject({ code: 'CONFLICT' });

    await till.core.services.printing.idle();
    const printed = decodeEscPos(till.printer.printed.at(-1)!.bytes, { codePageTables: till.printer.profile.codePageTables });
    expect(decodedText(printed)).toContain('BUONO REGALO');
    expect(decodedText(printed)).toContain(code);
    expect(printed.items).toContainEqual(expect.objectContaining({ kind: 'barcode', symbology: 'code128', data: code }));
    expect(printed.items).toContainEqual(expect.objectContaining({ kind: 'qr', data: code }));

    // Spent on the next ticket, before head office ever heard of it.
    await coffees(till, token, 2);
    const paid = await till.call('sale.payWithCredit', { method: 'voucher', reference: code, amountCents: 2 * COFFEE }, token);
    expect(paid.authorisation).toBe('offline');
    const spent = await till.call('sale.complete', { printReceipt: true }, token);
    await till.core.services.printing.idle();
    const receipt = decodedText(decodeEscPos(till.printer.printed.at(-1)!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    expect(receipt).toContain(`Buono ${code} residuo`);
    expect(receipt).toContain('71,02');
    const lookup = await till.call('voucher.lookup', { code }, token);
    expect(lookup).toMatchObject({ code, known: true, source: 'till', balanceCents: 8_000 - 898, asOf: null, ageMs: null, heldCents: 0 });
    expect(lookup.entries.map((e) => [e.reason, e.amount, e.saleId])).toEqual([
      ['spend', -898, spent.saleId],
      ['issue', 8_000, sold.saleId],
    ]);

    // Spent again; a reprint of the earlier receipt still says what was left then.
    await coffees(till, token, 1);
    await till.call('sale.payWithCredit', { method: 'voucher', reference: code, amountCents: COFFEE }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    await till.call('sale.reprint', { saleId: spent.saleId }, token);
    await till.core.services.printing.idle();
    const reprint = decodedText(decodeEscPos(till.printer.printed.at(-1)!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    expect(reprint).toContain('71,02');
    expect(reprint).not.toContain('66,53');
  });

  it('with an RT, prints no receipt of its own but a non-fiscal slip with the gift card code', async () => {
    const device = new FakeFiscalDevice();
    const { till, token } = await openTill({ fiscalDevice: device });
    await till.call('sale.addGiftCard', { amountCents: 2_500 }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 2_500 }, token);
    const sold = await till.call('sale.complete', { printReceipt: true }, token);
    expect(sold.printJobId).toBeNull();
    await till.core.services.printing.idle();
    expect(till.printer.printed).toHaveLength(1);
    const slip = decodeEscPos(till.printer.printed[0]!.bytes, { codePageTables: till.printer.profile.codePageTables });
    expect(decodedText(slip)).toContain(sold.giftCards![0]!.code);
    expect(decodedText(slip)).toContain('Documento non fiscale');
    expect(slip.items).toContainEqual(expect.objectContaining({ kind: 'qr', data: sold.giftCards![0]!.code }));
  });
});

describe("head office's last word on an account", () => {
  it("adds this till's entries head office had not applied, and honours the account's own offline limit, zero included", async () => {
    const { till, token, marco } = await openTill();
    const deviceId = till.core.services.context.deviceId;
    const voucher = await till.call('voucher.issue', { amountCents: 10_000, reason: 'Omaggio' }, marco);
    const issuedSeq = ledgerEntries(till).at(-1)!.seq;
    // Head office holds the issue and knows another till spent 30 € since; the owner set no offline use.
    pullAccount(till, { kind: 'voucher', account: voucher.code, balance: 7_000, offlineLimit: 0, includes: { [deviceId]: issuedSeq } });
    expect((await till.call('voucher.balance', { code: voucher.code }, token)).balanceCents).toBe(7_000);
    await coffees(till, token, 3);
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 100 }, token)).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: 0 } });
    const lookup = await till.call('voucher.lookup', { code: voucher.code }, token);
    expect(lookup).toMatchObject({ source: 'till', balanceCents: 7_000, offlineLimitCents: 0, offlineAllowanceCents: 0, asOf: '2026-11-26T08:00:00.000Z', ageMs: 3_600_000 });

    // The owner now allows 20 € offline on this card.
    pullAccount(till, { kind: 'voucher', account: voucher.code, balance: 7_000, offlineLimit: 2_000, includes: { [deviceId]: issuedSeq } }, 2);
    await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_347 }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    expect((await till.call('voucher.balance', { code: voucher.code }, token)).balanceCents).toBe(7_000 - 1_347);
    await coffees(till, token, 2);
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 898 }, token)).toMatchObject({ details: { availableCents: 653 } });

    // Head office applies the spend: its row now includes it, so it is not counted twice.
    const spendSeq = ledgerEntries(till).at(-1)!.seq;
    pullAccount(till, { kind: 'voucher', account: voucher.code, balance: 7_000 - 1_347, offlineLimit: 2_000, includes: { [deviceId]: spendSeq } }, 3);
    expect((await till.call('voucher.balance', { code: voucher.code }, token)).balanceCents).toBe(7_000 - 1_347);
    expect((await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 898 }, token)).authorisation).toBe('offline');
  });

  it("uses the chain's default offline limit from head office for a card head office has sent no row for", async () => {
    const { till, token, marco } = await openTill();
    pullSetting(till, 'ledger.offlineLimit', { voucher: 1_000, 'store-credit': 0, points: 100 });
    const voucher = await till.call('voucher.issue', { amountCents: 5_000, reason: 'Omaggio' }, marco);
    await coffees(till, token, 5);
    expect(await refusal(till, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_001 }, token)).toMatchObject({ details: { availableCents: 1_000 } });
    expect((await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_000 }, token)).authorisation).toBe('offline');
    // Unreadable: the built-in defaults, never no limit at all.
    pullSetting(till, 'ledger.offlineLimit', { voucher: -5 }, 2);
    expect(till.core.services.ledger.chainDefaults()).toEqual(DEFAULT_LEDGER_OFFLINE_LIMITS);
  });

  it('lets two tills, both offline, each draw within its own allowance: together they overspend, and each entry waits in its own outbox', async () => {
    const a = await openTill();
    const b = await openTill();
    for (const { till } of [a, b]) pullAccount(till, { kind: 'voucher', account: 'V-AAAA-BBBB', balance: 4_000, offlineLimit: 3_000, includes: {} });
    for (const { till, token } of [a, b]) {
      await coffees(till, token, 7);
      expect((await till.call('sale.payWithCredit', { method: 'voucher', reference: 'V-AAAA-BBBB', amountCents: 3_000 }, token)).authorisation).toBe('offline');
      await till.call('sale.addPayment', { method: 'cash', amountCents: 7 * COFFEE - 3_000 }, token);
      await till.call('sale.complete', { printReceipt: false }, token);
      expect(ledgerEntries(till).map((e) => [e.entry.account, e.entry.amount, e.entry.authorisation])).toEqual([['V-AAAA-BBBB', -3_000, 'offline']]);
      expect((await till.call('voucher.balance', { code: 'V-AAAA-BBBB' }, token)).balanceCents).toBe(1_000);
    }
    const ids = [a, b].map(({ till }) => ledgerEntries(till)[0]!.entry.id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('loyalty points', () => {
  it('earns on cash and card only, redeems as a ticket discount the VAT sees, gives back on a return and shows on the receipt', async () => {
    const { till, token } = await openTill();
    pullSetting(till, 'loyalty.rule', { pointsPerEuro: 2, centsPerPoint: 5, minimumRedeem: 50 });
    const anna = await till.call('customer.create', { name: 'Anna Rossi' }, token);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await coffees(till, token, 20); // 89,80
    await till.call('sale.addGiftCard', { amountCents: 1_000 }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 5_000 }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 6_000 }, token); // 20,20 € change
    const first = await till.call('sale.complete', { printReceipt: false }, token);
    // 99,80 € paid by card and cash net of change: 99 whole euros × 2.
    expect(first.points).toEqual({ earned: 198, redeemed: 0, balance: 198 });

    // A voucher pays part of the next ticket: that part earns nothing.
    const code = first.giftCards![0]!.code;
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await coffees(till, token, 10); // 44,90
    expect(await refusal(till, 'sale.redeemPoints', { points: 40 }, token)).toMatchObject({ code: 'VALIDATION', details: { minimumRedeem: 50 } });
    const redeemed = await till.call('sale.redeemPoints', { points: 100 }, token);
    expect(redeemed.authorisation).toBe('offline');
    expect(redeemed.ticket).toMatchObject({ totalCents: 4_490 - 500, discountCents: 500, pointsRedeemed: { points: 100, amountCents: 500, authorisation: 'offline' } });
    expect(redeemed.ticket.vatBreakdown.reduce((sum, r) => sum + r.grossCents, 0)).toBe(3_990);
    expect(redeemed.ticket.lines.reduce((sum, l) => sum + l.totalCents, 0)).toBe(3_990);
    // Points cannot be redeemed twice over: 198 held, 100 on this ticket already, the new 150 replaces them.
    expect((await till.call('sale.redeemPoints', { points: 150 }, token)).ticket.pointsRedeemed).toMatchObject({ points: 150, amountCents: 750 });
    expect(await refusal(till, 'sale.redeemPoints', { points: 199 }, token)).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: 198 } });
    await till.call('sale.payWithCredit', { method: 'voucher', reference: code, amountCents: 1_000 }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 4_490 - 750 - 1_000 }, token);
    const second = await till.call('sale.complete', { printReceipt: true }, token);
    expect(second.points).toEqual({ earned: 2 * 27, redeemed: 150, balance: 198 - 150 + 54 });
    const customer = (await till.call('customer.search', { query: 'Anna' }, token))[0]!;
    expect(customer.pointsBalance).toBe(102);
    await till.core.services.printing.idle();
    const receipt = decodedText(decodeEscPos(till.printer.printed.at(-1)!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    expect(receipt).toMatch(/Punti usati\s+150/);
    expect(receipt).toMatch(/Punti guadagnati\s+54/);
    expect(receipt).toMatch(/Saldo punti\s+102/);

    // A return of one coffee takes back the share of the points the sale earned (54 on 37,40 €), not more.
    const found = await till.call('sale.findReceipt', { query: second.receiptNumber }, token);
    const back = await till.call('sale.startReturn', { saleId: second.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: back.remainingCents }, token);
    const returned = await till.call('sale.complete', { printReceipt: false }, token);
    expect(returned.points!.earned).toBe(-Math.floor((54 * Math.abs(back.totalCents)) / 3_740));
    expect(returned.points!.earned).toBeLessThan(0);
    expect(returned.points!.balance).toBe(102 + returned.points!.earned);
  });

  it('returns of a whole sale, one piece at a time, take back exactly the points it earned', async () => {
    const { till, token } = await openTill();
    pullSetting(till, 'loyalty.rule', { pointsPerEuro: 2, centsPerPoint: 5, minimumRedeem: 0 });
    const anna = await till.call('customer.create', { name: 'Anna Rossi' }, token);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await coffees(till, token, 3);
    await till.call('sale.addPayment', { method: 'card', amountCents: 3 * COFFEE }, token);
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    expect(sale.points).toMatchObject({ earned: 26, balance: 26 });
    const line = (await till.call('sale.findReceipt', { query: sale.receiptNumber }, token)).lines[0]!;
    const takenBack: number[] = [];
    for (let i = 0; i < 3; i++) {
      await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: line.lineId, quantityMilli: 1000 }], override: manager }, token);
      await till.call('sale.setCustomer', { customerId: anna.id }, token);
      await till.call('sale.addPayment', { method: 'card', amountCents: COFFEE }, token);
      takenBack.push(-(await till.call('sale.complete', { printReceipt: false }, token)).points!.earned);
    }
    expect(takenBack).toEqual([8, 9, 9]);
    expect((await till.call('customer.search', { query: 'Anna' }, token))[0]!.pointsBalance).toBe(0);
  });

  it('a post-void gives back the voucher spent, the points redeemed and earned, and takes back the gift card it sold', async () => {
    const { till, token, marco } = await openTill();
    pullSetting(till, 'loyalty.rule', { pointsPerEuro: 1, centsPerPoint: 10, minimumRedeem: 0 });
    const anna = await till.call('customer.create', { name: 'Anna' }, token);
    const voucher = await till.call('voucher.issue', { amountCents: 1_000, reason: 'Omaggio' }, marco);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await coffees(till, token, 5);
    await till.call('sale.addGiftCard', { amountCents: 2_000 }, token);
    await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_000 }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 5 * COFFEE + 2_000 - 1_000 }, token);
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    expect((await till.call('voucher.balance', { code: voucher.code }, token)).balanceCents).toBe(0);
    expect(sale.points!.balance).toBe(32);
    await till.call('sale.postVoid', { saleId: sale.saleId, reason: 'Errore', override: manager }, token);
    expect((await till.call('voucher.balance', { code: voucher.code }, token)).balanceCents).toBe(1_000);
    expect((await till.call('voucher.balance', { code: sale.giftCards![0]!.code }, token)).balanceCents).toBe(0);
    expect((await till.call('customer.search', { query: 'Anna' }, token))[0]!.pointsBalance).toBe(0);
  });
});

describe('a paired till cut off from head office', () => {
  it('pays offline at once when the network fails, and within about the timeout when head office hangs; a reopened till keeps its entries and outbox', async () => {
    const server = await createSyncServer({ sqlitePath: ':memory:', sseHeartbeatMs: 60_000 });
    const listening = await server.listen(0, '127.0.0.1');
    try {
      let mode: 'open' | 'throw' | 'hang' = 'open';
      const partitioned: typeof fetch = (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (mode === 'open' || !url.includes('/v1/ledger/')) return fetch(input, init);
        if (mode === 'throw') return Promise.reject(new TypeError('fetch failed'));
        return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      };
      const dir = mkdtempSync(join(tmpdir(), 'cassa-ledger-'));
      const { till, token, marco } = await openTill({ fetch: partitioned, dir });
      await server.admin.createOrganisation({ id: 'org', name: 'Bottega' });
      await server.admin.upsertStore('org', { id: 'store-a', name: 'Negozio A', addressLines: [], vatNumber: '' });
      await server.admin.upsertUsers('org', till.core.services.users.exportAll());
      const { code } = await server.admin.createPairingCode('org', 'store-a');
      await till.core.services.sync.pair(`http://127.0.0.1:${listening.port}`, code);
      const voucher = await till.call('voucher.issue', { amountCents: 3_000, reason: 'Omaggio' }, marco);

      mode = 'throw';
      await coffees(till, token, 6);
      let started = performance.now();
      const thrown = await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_000 }, token);
      expect(thrown.authorisation).toBe('offline');
      expect(performance.now() - started).toBeLessThan(LEDGER_RESERVE_TIMEOUT_MS);

      mode = 'hang';
      started = performance.now();
      const hung = await till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_000 }, token);
      const waited = performance.now() - started;
      expect(hung.authorisation).toBe('offline');
      expect(waited).toBeGreaterThanOrEqual(LEDGER_RESERVE_TIMEOUT_MS - 50);
      expect(waited).toBeLessThan(LEDGER_RESERVE_TIMEOUT_MS + 1_000);
      // Both requests may yet reach head office: each is marked to be let go.
      const states = till.core.store.db.prepare('SELECT state FROM ledger_reservations ORDER BY created_at').all() as { state: string }[];
      expect(states.map((s) => s.state)).toEqual(['release', 'release']);
      await till.call('sale.addPayment', { method: 'cash', amountCents: 6 * COFFEE - 2_000 }, token);
      const sale = await till.call('sale.complete', { printReceipt: false }, token);

      // Stopped and started again: the entries, the balance, the allowance and the outbox are all still there.
      await till.dispose();
      const again = till.reopen();
      tills.push(again);
      const token2 = await again.login('user-giulia', '1111');
      expect((await again.call('voucher.balance', { code: voucher.code }, token2)).balanceCents).toBe(1_000);
      const kept = again.core.store.db.prepare('SELECT amount_cents, outbox_seq FROM ledger_entries WHERE sale_id = ? ORDER BY rowid').all(sale.saleId) as { amount_cents: number; outbox_seq: number }[];
      expect(kept.map((e) => e.amount_cents)).toEqual([-1_000, -1_000]);
      // Each in the outbox under the seq the entry remembers (sent or not: sync kept running for the other routes).
      for (const e of kept) {
        const op = again.core.store.db.prepare('SELECT type, payload FROM outbox WHERE seq = ?').get(e.outbox_seq) as { type: string; payload: string };
        expect(op.type).toBe('ledger-entry');
        expect((JSON.parse(op.payload) as { record: LedgerEntryRecord }).record).toMatchObject({ amount: -1_000, saleId: sale.saleId, authorisation: 'offline' });
      }
      await coffees(again, token2, 3);
      mode = 'throw';
      expect(await refusal(again, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_001 }, token2)).toMatchObject({ details: { availableCents: 1_000 } });
      await again.dispose();
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await listening.close();
      await server.close();
    }
  }, 30_000);
});
