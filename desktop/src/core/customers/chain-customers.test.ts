/**
 * The chain's customers as a till applies them from the customers stream (issue 17): a page
 * written in one statement, a newer version replacing the one held and an older one not (an edit
 * made here and not pushed yet stays), a merge hiding the customer from search and moving an open
 * ticket to the survivor, a tombstone leaving past sales' customer alone, and `customer.update`.
 */
import type { ChainCustomer, SyncChange } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTill } from '../testing/test-till';
import type { TestTill } from '../testing/test-till';

const tills: TestTill[] = [];
afterEach(async () => {
  for (const till of tills.splice(0)) await till.dispose();
});

function row(id: string, fields: Partial<ChainCustomer> = {}): SyncChange {
  const data: ChainCustomer = {
    id,
    name: `Cliente ${id}`,
    phone: null,
    email: null,
    taxCode: null,
    vatNumber: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    mergedInto: null,
    ...fields,
  };
  return { entity: 'customer', key: id, change: 1, data };
}

async function till() {
  const t = createTestTill();
  tills.push(t);
  const token = await t.login('user-giulia', '1111');
  const apply = (...changes: SyncChange[]) => t.core.services.sync.store.applyPullPage('customers', changes, 'cursor');
  return { t, token, apply };
}

describe('chain customers at the till', () => {
  it('writes a page of new customers and finds them; 10,000 in one page', async () => {
    const { t, token, apply } = await till();
    apply(...Array.from({ length: 10_000 }, (_, i) => row(`c-${i}`, { name: `Cliente numero ${i}`, phone: `33300${String(i).padStart(5, '0')}` })));
    expect((await t.call('customer.search', { query: 'numero 9999' }, token)).map((c) => c.id)).toEqual(['c-9999']);
    expect((await t.call('customer.search', { query: '3330000042' }, token)).map((c) => c.id)).toEqual(['c-42']);
    // The phone as customers say it: with or without +39, spaces or dashes.
    expect((await t.call('customer.search', { query: '+39 333-000-0042' }, token)).map((c) => c.id)).toEqual(['c-42']);
  });

  it('keeps the newer version: a pulled older row does not undo an edit made here; mergedInto is always taken', async () => {
    const { t, token, apply } = await till();
    const anna = await t.call('customer.create', { name: 'Anna' }, token);
    t.clock.advance(60_000);
    await t.call('customer.update', { id: anna.id, name: 'Anna Verdi', phone: '333 1' }, token);
    const sent = t.core.services.context.outbox.pending(100).flatMap((op) => (op.record.type === 'customer' ? [op.record.record] : []));
    expect(sent.map((r) => [r.name, r.updatedAt])).toEqual([
      ['Anna', undefined],
      ['Anna Verdi', '2026-11-26T09:01:00.000Z'],
    ]);
    // Head office's copy of the first version comes down (older): the edit stays.
    apply(row(anna.id, { name: 'Anna', createdAt: '2026-11-26T09:00:00.000Z', updatedAt: '2026-11-26T09:00:00.000Z' }));
    expect(await t.call('customer.search', { query: 'Anna' }, token)).toEqual([expect.objectContaining({ name: 'Anna Verdi', phone: '333 1' })]);
    // A newer one replaces it.
    apply(row(anna.id, { name: 'Anna Verdi Bianchi', updatedAt: '2026-11-26T10:00:00.000Z' }));
    expect((await t.call('customer.search', { query: 'Anna' }, token)).map((c) => c.name)).toEqual(['Anna Verdi Bianchi']);
  });

  it('a merge hides the customer, moves an open ticket to the survivor, refuses edits to it; a tombstone changes nothing', async () => {
    const { t, token, apply } = await till();
    apply(row('keep', { name: 'Maria Rossi' }), row('dup', { name: 'Maria Rossi bis' }));
    await t.call('shift.open', { floatCents: 0 }, token);
    const [item] = t.core.services.catalogue.searchItems('Mele', 1);
    await t.call('sale.addItem', { variantId: item!.variantId, quantityMilli: 1000 }, token);
    await t.call('sale.setCustomer', { customerId: 'dup' }, token);
    apply(row('dup', { name: 'Maria Rossi bis', mergedInto: 'keep', updatedAt: '2026-11-02T09:00:00.000Z' }));
    expect((await t.call('sale.current', {}, token))?.customerId).toBe('keep');
    expect(await t.call('customer.get', { customerId: 'dup' }, token)).toMatchObject({ id: 'keep', name: 'Maria Rossi' });
    expect((await t.call('customer.search', { query: 'Maria' }, token)).map((c) => c.id)).toEqual(['keep']);
    await expect(t.call('customer.update', { id: 'dup', name: 'X' }, token)).rejects.toMatchObject({ code: 'CONFLICT' });
    // Offline or unpaired: the history is this till's own, for the survivor.
    expect(await t.call('customer.history', { customerId: 'dup' }, token)).toMatchObject({ source: 'register', customer: { id: 'keep' }, sales: [] });
    // A merged id attached afterwards (typed, or from an old receipt) is its survivor too.
    await t.call('sale.setCustomer', { customerId: null }, token);
    expect((await t.call('sale.setCustomer', { customerId: 'dup' }, token)).customerId).toBe('keep');
    t.core.services.sync.store.applyPullPage('customers', [{ entity: 'customer', key: 'keep', change: 3, data: null }], 'cursor-2');
    expect((await t.call('customer.search', { query: 'Maria' }, token)).map((c) => c.id)).toEqual(['keep']);
  });

  it('refuses NUL bytes and huge names in customer.update', async () => {
    const { t, token } = await till();
    const anna = await t.call('customer.create', { name: 'Anna' }, token);
    const nul = await t.raw('customer.update', { id: anna.id, name: 'a\u0000b' }, token);
    const huge = await t.raw('customer.update', { id: anna.id, name: 'x'.repeat(10_000_000) }, token);
    expect([nul.ok, huge.ok]).toEqual([false, false]);
    await expect(t.call('customer.update', { id: 'nobody', name: 'X' }, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
