/**
 * The chain ledger under any interleaving of two registers' pushes (issue 17), on both engines:
 * however the ops are split, resent after a lost answer and re-queued under new ops, head office
 * holds each entry once, its balance is the sum of the distinct entries, `includes` names each
 * register's highest op carrying one of its entries, and exactly the draws that took the running
 * balance (in the order head office first received them) below zero are flagged.
 */
import { PROTOCOL_VERSION, SCHEMA_VERSION, ledgerAccountSchema } from '@cassa/shared';
import type { PushOp, TillRecord } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engines, pairTill, seedTenant, withServer } from '../../test/fixtures';
import type { PairedTill } from '../../test/fixtures';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
const CODE = 'V-PROP-0001';
const ISSUED = 5_000;

/** Entry `n` of a register always draws the same amount, so re-queued copies are identical. */
const draw = (n: number) => -(370 * n);

describe.each(engines)('chain ledger pushes under any interleaving on $name', (engine) => {
  it('count each entry once and flag exactly the draws that took the balance below zero', async () => {
    const step = fc.record({ till: fc.constantFrom(0, 1), n: fc.integer({ min: 1, max: 6 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), async (steps, cuts) => {
        await withServer(engine, async (server) => {
          const t = await seedTenant(server);
          const tills: PairedTill[] = [t.till, await pairTill(server, t.organisationId, t.otherStoreId, 'Cassa B')];
          const record = (till: PairedTill, id: string, amount: number): TillRecord => ({
            type: 'ledger-entry',
            record: {
              id, kind: 'voucher', account: CODE, amount, reason: amount > 0 ? 'issue' : 'spend', authorisation: amount > 0 ? 'credit' : 'offline',
              reservationId: null, storeId: till.storeId, deviceId: till.deviceId, saleId: null, userId: null, customerId: null, at: new Date().toISOString(),
            },
          });
          // Each register's outbox: the card is issued by the first, then every step is one op (a repeated n re-queues that entry).
          const outboxes: PushOp[][] = [[{ seq: 1, opId: 'a-1', record: record(tills[0]!, 'issue', ISSUED) }], []];
          for (const s of steps) {
            const till = tills[s.till]!;
            const box = outboxes[s.till]!;
            box.push({ seq: box.length + 1, opId: `${s.till}-${box.length + 1}`, record: record(till, `${s.till}-e${s.n}`, draw(s.n)) });
          }
          // Model: the order head office first receives each entry, as the pushes below deliver them.
          const applied: { id: string; amount: number }[] = [];
          const seen = new Set<string>();
          const marks = [0, 0];
          const sent = [0, 0];
          let turn = 0;
          for (let i = 0; sent[0]! < outboxes[0]!.length || sent[1]! < outboxes[1]!.length; i++) {
            const who = turn % 2;
            turn += 1;
            const box = outboxes[who]!;
            if (sent[who]! >= box.length) continue;
            const size = cuts[i % cuts.length]!;
            // A lost answer: the op before the batch comes again with it.
            const batch = box.slice(Math.max(0, sent[who]! - 1), sent[who]! + size);
            const till = tills[who]!;
            await server.service.push({ organisationId: t.organisationId, storeId: till.storeId, deviceId: till.deviceId }, { ...versions, deviceId: till.deviceId, ops: batch });
            for (const o of batch) {
              if (o.seq <= marks[who]!) continue;
              marks[who] = o.seq;
              const { id, amount } = o.record.record as { id: string; amount: number };
              if (!seen.has(id)) applied.push({ id, amount });
              seen.add(id);
            }
            sent[who] = Math.min(box.length, sent[who]! + size);
          }
          let running = 0;
          const flagged = new Set<string>();
          for (const e of applied) {
            running += e.amount;
            if (e.amount < 0 && running < 0) flagged.add(e.id);
          }

          const view = await server.storage.ledgers.account(t.organisationId, 'voucher', CODE, new Date(), null);
          expect(view?.balance).toBe(running);
          expect(view?.entries.map((e) => e.id).sort()).toEqual([...seen].sort());
          expect(new Set(view?.entries.filter((e) => e.overspend).map((e) => e.id))).toEqual(flagged);
          const pulled = await server.service.pull({ organisationId: t.organisationId, storeId: tills[1]!.storeId, deviceId: tills[1]!.deviceId }, { ...versions, stream: 'ledgers', cursor: null });
          const row = pulled.kind === 'changes' ? ledgerAccountSchema.parse(pulled.changes[0]?.data) : null;
          const lastEntryOp = (who: number) => outboxes[who]!.at(-1)?.seq;
          expect(row).toMatchObject({ balance: running, overspent: flagged.size > 0 });
          expect(row?.includes).toEqual(Object.fromEntries([0, 1].flatMap((who) => (lastEntryOp(who) === undefined ? [] : [[tills[who]!.deviceId, lastEntryOp(who)]]))));
        });
      }),
      { numRuns: 10 },
    );
  });
});
