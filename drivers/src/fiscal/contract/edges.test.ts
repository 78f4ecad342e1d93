/**
 * Outsider cases between the adapter and the emulator: awkward text, a return with no original,
 * a discounted line refunded, every tender kind, totals beyond the device's fields, and the day
 * after a closure.
 */
import type { FiscalRequest } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { contractBrands } from './testing/contract-brands';
import { cashSale, failureOf, line, referenceOf, sale, startRig, timeAsShown } from './testing/contract-kit';
import type { ContractRig } from './testing/contract-kit';

let rig: ContractRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});


describe.each(contractBrands)('$name adapter against the RT emulator: edges', (brand) => {
  it('XML characters in a description reach the journal as written', async () => {
    rig = await startRig(brand);
    await rig.device.issue(sale([line('CAFFÈ & "LATTE" <1>', 1000, 150, 2)], [{ kind: 'cash', amountCents: 150 }]));
    expect((await rig.state()).journal[0]!.lines[0]!.description).toBe(brand.wire.asciiText ? 'CAFFE & "LATTE" <1>' : 'CAFFÈ & "LATTE" <1>');
  });

  it('an unreferenced return and a return of a discounted line refund exactly what was paid', async () => {
    rig = await startRig(brand);
    const unreferenced: FiscalRequest = { kind: 'return', lines: [line('RESO', 1000, 100, 1)], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 0, original: null };
    if (brand.wire.unreferencedReturn) expect((await rig.device.issue(unreferenced)).amountCents).toBe(100);
    else expect(await failureOf(rig.device.issue(unreferenced))).toBe('bad-request');
    const before = brand.wire.unreferencedReturn ? [['return', 100]] : [];
    // 3 × 9.99 less 3.00 = 26.97, returned whole.
    const sold = await rig.device.issue(sale([line('T-SHIRT', 3000, 999, 1, 300)], [{ kind: 'cash', amountCents: 2697 }]));
    const refunded = await rig.device.issue({ kind: 'return', lines: [line('T-SHIRT', 3000, 999, 1, 300)], tenders: [{ kind: 'cash', amountCents: 2697 }], roundingCents: 0, original: referenceOf(sold) });
    expect([sold.amountCents, refunded.amountCents]).toEqual([2697, 2697]);
    const { journal } = await rig.state();
    if (brand.wire.unreferencedReturn) expect(journal[0]!.reference?.serial).toBe('00000000000');
    expect(journal.map((doc) => [doc.kind, doc.amountCents])).toEqual([...before, ['sale', 2697], ['return', 2697]]);
    // Nothing is left to return: the device refuses a second return without a document.
    expect(await rig.device.checkReference('return', referenceOf(sold))).not.toBe(true);
    expect(await failureOf(rig.device.issue({ kind: 'return', lines: [line('T-SHIRT', 1000, 100, 1)], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 0, original: referenceOf(sold) }))).not.toBe('none');
    expect((await rig.state()).journal).toHaveLength(before.length + 2);
  });

  it('each tender kind reaches the device as its own payment type', async () => {
    rig = await startRig(brand);
    await rig.device.issue(
      sale(
        [line('SPESA', 1000, 1500, 1)],
        [
          { kind: 'voucher', amountCents: 100 },
          { kind: 'meal-ticket', amountCents: 200 },
          { kind: 'cheque', amountCents: 300 },
          { kind: 'not-collected', amountCents: 400 },
          { kind: 'electronic', amountCents: 250 },
          { kind: 'cash', amountCents: 250 },
        ],
      ),
    );
    const tenders = (await rig.state()).journal[0]!.tenders;
    // Electronic stays apart from every other kind (2026 POS–RT link); no two kinds collapse.
    expect(tenders.map((t) => t.amountCents)).toEqual([100, 200, 300, 400, 250, 250]);
    expect(new Set(tenders.map((t) => t.kind)).size).toBe(6);
    expect(tenders.find((t) => t.amountCents === 250 && t.kind === 'electronic')).toBeDefined();
  });

  it('a total beyond the device amount field is refused before printing, and lastDocument() still reads', async () => {
    rig = await startRig(brand);
    const before = await rig.device.issue(cashSale(100));
    const eleven = Array.from({ length: 11 }, () => line('ORO', 1000, 99_999_999, 1));
    const tenders = Array.from({ length: 11 }, () => ({ kind: 'electronic' as const, amountCents: 99_999_999 }));
    expect(await failureOf(rig.device.issue(sale(eleven, tenders)))).toBe('bad-request');
    expect(await rig.device.lastDocument()).toEqual(before);
  });

  it("after a Z: a return of the closed day's sale is allowed, its void is not", async () => {
    rig = await startRig(brand);
    const sold = await rig.device.issue(cashSale(150));
    await rig.device.zClosure();
    rig.clock.advance(3_600_000);
    const canVoid = await rig.device.checkReference('void', referenceOf(sold));
    expect([false, null]).toContain(canVoid);
    expect(await failureOf(rig.device.issue({ kind: 'void', original: referenceOf(sold), amountCents: 150 }))).not.toBe('none');
    const refund = await rig.device.issue({ kind: 'return', lines: [line('ARTICOLO', 1000, 150, 1)], tenders: [{ kind: 'cash', amountCents: 150 }], roundingCents: 0, original: referenceOf(sold) });
    expect(refund).toMatchObject({ serial: rig.serial, zNumber: 2, documentNumber: 1, time: timeAsShown(brand, '10:00:00') });
    expect((await rig.state()).journal.map((doc) => doc.kind)).toEqual(['sale', 'return']);
  });
});
