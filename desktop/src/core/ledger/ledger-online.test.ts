/**
 * The chain ledgers between real tills and a real head office (the sync server on SQLite and on
 * PostgreSQL): a payment reserved before it is taken, settled by the sale's entry, refused when
 * head office has too little free, let go when it leaves the ticket; the balance a till sees once
 * head office's row includes its entries; and two tills cut off overspending one card, which head
 * office shows and never refuses.
 */
import type { LedgerEntryRecord } from '@cassa/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_RESERVE_TIMEOUT_MS } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { serverPerSuite } from '../../../../test-support/engine-server';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const COFFEE = 449;

interface Net {
  /** Every request to head office fails as a dead network does. */
  cut: boolean;
  /** A reservation reaches head office, but its answer never comes back. */
  loseReserveAnswers: boolean;
}

interface Register {
  readonly till: TestTill;
  readonly token: string;
  readonly marco: string;
  readonly net: Net;
}

/** The till's `fetch`, as the network between it and head office behaves under `net`. */
function network(net: Net): typeof fetch {
  return async (input, init) => {
    if (net.cut) throw new TypeError('fetch failed');
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const answer = await fetch(input, init);
    if (!net.loseReserveAnswers || !url.endsWith('/v1/ledger/reservations') || init?.method !== 'POST') return answer;
    // Head office did the work; the answer is lost on the way back, until the till gives up.
    return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  };
}

describe.each(['sqlite', 'postgres'] as const)('chain ledgers between tills and head office on %s', (engine) => {
  const suite = serverPerSuite(engine);
  let run = 0;
  let org = '';
  const registers: Register[] = [];

  afterEach(async () => {
    for (const r of registers.splice(0)) await r.till.dispose();
  });

  async function newOrganisation(): Promise<void> {
    org = `org-${engine}-${++run}`;
    await suite.server.admin.createOrganisation({ id: org, name: 'Bottega' });
    for (const store of ['store-a', 'store-b', 'store-c']) await suite.server.admin.upsertStore(org, { id: store, name: `Negozio ${store.slice(-1).toUpperCase()}`, addressLines: [], vatNumber: '' });
  }

  async function register(storeId: string, dir?: string): Promise<Register> {
    const net: Net = { cut: false, loseReserveAnswers: false };
    const till = createTestTill({ fetch: network(net), ...(dir ? { dir } : {}) });
    // The organisation's people once, from its first register: new PIN hashes would end the others' sessions.
    if (registers.length === 0) await suite.server.admin.upsertUsers(org, till.core.services.users.exportAll());
    const { code } = await suite.server.admin.createPairingCode(org, storeId);
    await till.core.services.sync.pair(suite.baseUrl, code);
    await till.core.services.sync.syncNow();
    const token = await till.login('user-giulia', '1111');
    const marco = await till.login('user-marco', '2222');
    await till.call('shift.open', { floatCents: 0 }, token);
    const r = { till, token, marco, net };
    registers.push(r);
    return r;
  }

  async function coffees(r: Register, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await r.till.call('sale.scan', { code: demoEan(1) }, r.token);
  }

  async function sync(...rs: Register[]): Promise<void> {
    for (const r of rs) await r.till.core.services.sync.syncNow();
    for (const r of rs) await r.till.core.services.sync.syncNow();
  }

  function headOffice(account: string) {
    return suite.server.storage.ledgers.account(org, 'voucher', account, new Date(), null);
  }

  async function refusal(r: Register, name: string, input: unknown) {
    const result = await r.till.raw(name, input, r.token);
    if (result.ok) throw new Error(`${name} was not refused`);
    return result.error;
  }

  function reservationState(r: Register, id: string): string | undefined {
    return (r.till.core.store.db.prepare('SELECT state FROM ledger_reservations WHERE id = ?').get(id) as { state: string } | undefined)?.state;
  }

  it("reserves at head office before the payment, settles the hold with the sale's entry, and counts the spend once", async () => {
    await newOrganisation();
    const a = await register('store-a');
    const voucher = await a.till.call('voucher.issue', { amountCents: 10_000, reason: 'Omaggio' }, a.marco);
    await sync(a);
    expect(await headOffice(voucher.code)).toMatchObject({ balance: 10_000, held: 0 });

    a.till.clock.advance(60_000);
    await coffees(a, 20);
    // More than any till could take offline (50 €): only head office can allow it.
    const paid = await a.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 6_000 }, a.token);
    expect(paid).toMatchObject({ authorisation: 'reserved', availableCents: 4_000 });
    const payment = a.till.core.store.db.prepare('SELECT reservation_id, authorisation FROM ticket_payments').get() as { reservation_id: string; authorisation: string };
    expect(payment.authorisation).toBe('reserved');
    expect(reservationState(a, payment.reservation_id)).toBe('held');
    expect(await headOffice(voucher.code)).toMatchObject({ balance: 10_000, held: 6_000 });

    await a.till.call('sale.addPayment', { method: 'cash', amountCents: 20 * COFFEE - 6_000 }, a.token);
    const sale = await a.till.call('sale.complete', { printReceipt: false }, a.token);
    expect(reservationState(a, payment.reservation_id)).toBe('settled');
    const entry = a.till.core.services.context.outbox
      .pending(1_000)
      .flatMap((op) => (op.record.type === 'ledger-entry' ? [op.record.record as LedgerEntryRecord] : []))
      .find((e) => e.saleId === sale.saleId)!;
    expect(entry).toMatchObject({ amount: -6_000, authorisation: 'reserved', reservationId: payment.reservation_id });

    await sync(a);
    const after = (await headOffice(voucher.code))!;
    expect(after).toMatchObject({ balance: 4_000, held: 0, overspent: false });
    expect(after.entries.find((e) => e.id === entry.id)).toMatchObject({ reservationId: payment.reservation_id, overspend: false, storeName: 'Negozio A' });
    // Head office's row now includes the spend: the till sees 40 €, not 40 € less again.
    expect((await a.till.call('voucher.balance', { code: voucher.code }, a.token)).balanceCents).toBe(4_000);
    const lookup = await a.till.call('voucher.lookup', { code: voucher.code }, a.token);
    expect(lookup).toMatchObject({ source: 'head-office', balanceCents: 4_000, heldCents: 0 });
    expect(lookup.entries.map((e) => e.amount)).toEqual([-6_000, 10_000]);
  }, 60_000);

  it("refuses what head office has not free (another store's hold), and lets a hold go when its payment leaves the ticket", async () => {
    await newOrganisation();
    const a = await register('store-a');
    const b = await register('store-b');
    const voucher = await a.till.call('voucher.issue', { amountCents: 4_000, reason: 'Omaggio' }, a.marco);
    await sync(a, b);

    await coffees(b, 10);
    const held = await b.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 3_000 }, b.token);
    expect(held.authorisation).toBe('reserved');

    await coffees(a, 5);
    const refused = await refusal(a, 'sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 2_000 });
    expect(refused).toMatchObject({ code: 'OVERPAYMENT', details: { availableCents: 1_000, reason: 'ledger-insufficient' } });
    // Refused by head office, never taken offline instead; and nothing stays held for it.
    expect((await a.till.call('sale.current', {}, a.token))!.payments).toEqual([]);
    expect(await headOffice(voucher.code)).toMatchObject({ held: 3_000 });

    // Store B's cashier takes the voucher payment off: the hold goes, and A may now take it.
    await b.till.call('sale.removePayment', { paymentId: held.ticket.payments[0]!.paymentId }, b.token);
    await b.till.core.services.ledgerDraws.settled();
    expect(await headOffice(voucher.code)).toMatchObject({ held: 0 });
    expect((await a.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 2_000 }, a.token)).authorisation).toBe('reserved');

    // A cancelled ticket lets its holds go too.
    await a.till.call('sale.cancel', { override: { userId: 'user-marco', pin: '2222' } }, a.token);
    await a.till.core.services.ledgerDraws.settled();
    expect(await headOffice(voucher.code)).toMatchObject({ held: 0, balance: 4_000 });
  }, 60_000);

  it('spends a gift card this till sold before head office heard of it, and head office then has both entries', async () => {
    await newOrganisation();
    const a = await register('store-a');
    a.net.cut = true;
    await a.till.call('sale.addGiftCard', { amountCents: 3_000 }, a.token);
    await a.till.call('sale.addPayment', { method: 'cash', amountCents: 3_000 }, a.token);
    const code = (await a.till.call('sale.complete', { printReceipt: false }, a.token)).giftCards![0]!.code;
    a.net.cut = false;
    // Head office answers: it does not know the card (the sale has not gone up). The till's own entry allows it.
    expect(await headOffice(code)).toBeNull();
    await coffees(a, 2);
    expect((await a.till.call('sale.payWithCredit', { method: 'voucher', reference: code, amountCents: 2 * COFFEE }, a.token)).authorisation).toBe('offline');
    await a.till.call('sale.complete', { printReceipt: false }, a.token);
    await sync(a);
    expect(await headOffice(code)).toMatchObject({ balance: 3_000 - 2 * COFFEE, overspent: false });
  }, 60_000);

  it('lets two tills cut off from head office overspend one card: head office shows the negative balance, the sales and who approved them', async () => {
    await newOrganisation();
    const a = await register('store-a');
    const b = await register('store-b');
    const voucher = await a.till.call('voucher.issue', { amountCents: 4_000, reason: 'Omaggio' }, a.marco);
    await sync(a);
    await suite.server.storage.ledgers.setOfflineLimit(org, 'voucher', voucher.code, 3_000, new Date());
    await sync(a, b);
    expect((await b.till.call('voucher.lookup', { code: voucher.code }, b.token)).offlineLimitCents).toBe(3_000);

    a.net.cut = true;
    b.net.cut = true;
    const sales: string[] = [];
    for (const r of [a, b]) {
      await coffees(r, 7);
      expect((await r.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 3_000 }, r.token)).authorisation).toBe('offline');
      await r.till.call('sale.addPayment', { method: 'cash', amountCents: 7 * COFFEE - 3_000 }, r.token);
      sales.push((await r.till.call('sale.complete', { printReceipt: false }, r.token)).saleId);
    }
    a.net.cut = false;
    b.net.cut = false;
    await sync(a, b);
    await sync(a, b);

    const account = (await headOffice(voucher.code))!;
    expect(account).toMatchObject({ balance: -2_000, overspent: true });
    const spends = account.entries.filter((e) => e.reason === 'spend');
    expect(spends.map((e) => e.saleId).sort()).toEqual([...sales].sort());
    expect(spends.every((e) => e.authorisation === 'offline' && e.approvedBy !== null)).toBe(true);
    expect(spends.filter((e) => e.overspend)).toHaveLength(1);
    // Each till, once it pulls, sees the same negative balance: nothing counted twice.
    for (const r of [a, b]) expect((await r.till.call('voucher.balance', { code: voucher.code }, r.token)).balanceCents).toBe(-2_000);
  }, 60_000);

  it('redeems loyalty points held at head office, and head office counts them once', async () => {
    await newOrganisation();
    await suite.server.admin.upsertSettings(org, [{ key: 'loyalty.rule', value: { pointsPerEuro: 1, centsPerPoint: 10, minimumRedeem: 10 } }]);
    const a = await register('store-a');
    const anna = await a.till.call('customer.create', { name: 'Anna Rossi' }, a.token);
    await a.till.call('sale.setCustomer', { customerId: anna.id }, a.token);
    await coffees(a, 30);
    await a.till.call('sale.addPayment', { method: 'card', amountCents: 30 * COFFEE }, a.token);
    expect((await a.till.call('sale.complete', { printReceipt: false }, a.token)).points).toMatchObject({ earned: 134, balance: 134 });
    await sync(a);

    await a.till.call('sale.setCustomer', { customerId: anna.id }, a.token);
    await coffees(a, 10);
    const redeemed = await a.till.call('sale.redeemPoints', { points: 120 }, a.token);
    expect(redeemed).toMatchObject({ authorisation: 'reserved', availableCents: 14, ticket: { pointsRedeemed: { points: 120, amountCents: 1_200 } } });
    expect(await suite.server.storage.ledgers.account(org, 'points', anna.id, new Date(), null)).toMatchObject({ balance: 134, held: 120 });
    await a.till.call('sale.addPayment', { method: 'cash', amountCents: 10 * COFFEE - 1_200 }, a.token);
    const sale = await a.till.call('sale.complete', { printReceipt: false }, a.token);
    expect(sale.points).toEqual({ earned: 32, redeemed: 120, balance: 134 - 120 + 32 });
    await sync(a);
    expect((await a.till.call('customer.search', { query: 'Anna' }, a.token))[0]!.pointsBalance).toBe(46);
    expect(await suite.server.storage.ledgers.account(org, 'points', anna.id, new Date(), null)).toMatchObject({ balance: 46, held: 0 });
  }, 60_000);

  it('lets a hold go when a change to the ticket drops its payment, or when parking drops the points', async () => {
    await newOrganisation();
    await suite.server.admin.upsertSettings(org, [{ key: 'loyalty.rule', value: { pointsPerEuro: 1, centsPerPoint: 10, minimumRedeem: 0 } }]);
    const a = await register('store-a');
    const voucher = await a.till.call('voucher.issue', { amountCents: 5_000, reason: 'Omaggio' }, a.marco);
    const anna = await a.till.call('customer.create', { name: 'Anna Rossi' }, a.token);
    await a.till.call('sale.setCustomer', { customerId: anna.id }, a.token);
    await coffees(a, 10);
    await a.till.call('sale.addPayment', { method: 'card', amountCents: 10 * COFFEE }, a.token);
    await a.till.call('sale.complete', { printReceipt: false }, a.token);
    await sync(a);

    await coffees(a, 5);
    await a.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 5 * COFFEE }, a.token);
    expect(await headOffice(voucher.code)).toMatchObject({ held: 5 * COFFEE });
    // A line voided: the voucher now pays more than is due, so the payment goes, and with it the hold.
    const ticket = (await a.till.call('sale.current', {}, a.token))!;
    const after = await a.till.call('sale.setQuantity', { lineId: ticket.lines[0]!.lineId, quantityMilli: 4000 }, a.token);
    expect(after.payments).toEqual([]);
    await a.till.core.services.ledgerDraws.settled();
    expect(await headOffice(voucher.code)).toMatchObject({ held: 0 });

    await a.till.call('sale.setCustomer', { customerId: anna.id }, a.token);
    expect((await a.till.call('sale.redeemPoints', { points: 40 }, a.token)).authorisation).toBe('reserved');
    expect(await suite.server.storage.ledgers.account(org, 'points', anna.id, new Date(), null)).toMatchObject({ held: 40 });
    await a.till.call('sale.park', {}, a.token);
    await a.till.core.services.ledgerDraws.settled();
    expect(await suite.server.storage.ledgers.account(org, 'points', anna.id, new Date(), null)).toMatchObject({ held: 0, balance: 44 });
  }, 60_000);

  it("lets go of a hold whose answer was lost, and of one a stopped till was still waiting for", async () => {
    await newOrganisation();
    const dir = mkdtempSync(join(tmpdir(), 'cassa-ledger-'));
    try {
      const a = await register('store-a', dir);
      const voucher = await a.till.call('voucher.issue', { amountCents: 5_000, reason: 'Omaggio' }, a.marco);
      await sync(a);
      await coffees(a, 5);
      a.net.loseReserveAnswers = true;
      const started = performance.now();
      const paid = await a.till.call('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 1_000 }, a.token);
      expect(performance.now() - started).toBeLessThan(LEDGER_RESERVE_TIMEOUT_MS + 1_000);
      // Taken offline; head office granted a hold nobody will use, and the till lets it go.
      expect(paid.authorisation).toBe('offline');
      await a.till.core.services.ledgerDraws.settled();
      expect(await headOffice(voucher.code)).toMatchObject({ held: 0 });

      // The till stops while it waits for head office's answer.
      const waiting = a.till.raw('sale.payWithCredit', { method: 'voucher', reference: voucher.code, amountCents: 500 }, a.token);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await headOffice(voucher.code)).toMatchObject({ held: 500 });
      registers.splice(registers.indexOf(a), 1);
      await a.till.dispose();
      expect((await waiting).ok).toBe(false);
      const again = a.till.reopen();
      registers.push({ ...a, till: again });
      await again.core.services.ledgerDraws.settled();
      expect(await headOffice(voucher.code)).toMatchObject({ held: 0 });
      const states = again.core.store.db.prepare('SELECT state FROM ledger_reservations ORDER BY created_at').all() as { state: string }[];
      expect(states.map((r) => r.state)).toEqual(['released', 'released']);
    } finally {
      for (const r of registers.splice(0)) await r.till.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
