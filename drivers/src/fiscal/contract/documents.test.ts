/**
 * The real adapter against the independent emulator: every document the adapter says it issued is
 * in the emulator's journal exactly once, with the same serial, Z, number, date, time and amount.
 * Expected amounts are worked out here by hand from the request, not read from either side.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contractBrands } from './testing/contract-brands';
import { cashSale, line, readableStatus, referenceOf, sale, startRig, timeAsShown } from './testing/contract-kit';
import type { ContractRig } from './testing/contract-kit';

let rig: ContractRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe.each(contractBrands)('$name adapter against the RT emulator: documents', (brand) => {
  it('issues a discounted, rounded, multi-tender sale with change exactly once, and lastDocument() is it', async () => {
    rig = await startRig(brand);
    if (brand.wire.saysNoneIssued) expect(await rig.device.lastDocument()).toBeNull();
    else await expect(rig.device.lastDocument()).rejects.toMatchObject({ failure: 'refused' });
    // 2 × 9.90 less 1.98 = 17.82 (department 1), 1 × 1.20 (department 2): 19.02, rounded down to
    // 19.00 for cash; 10.00 by card, 10.00 in cash, 1.00 change.
    const request = sale(
      [line('T-SHIRT M', 2000, 990, 1, 198), line('CAFFE', 1000, 120, 2)],
      [
        { kind: 'electronic', amountCents: 1000 },
        { kind: 'cash', amountCents: 1000 },
      ],
      { roundingCents: -2 },
    );
    const document = await rig.device.issue(request);
    expect(document).toMatchObject({ serial: rig.serial, zNumber: 1, documentNumber: 1, date: '2026-12-03', time: timeAsShown(brand, '09:00:00') });
    const { journal } = await rig.state();
    expect(journal).toHaveLength(1);
    const entry = journal[0]!;
    expect({ z: entry.z, number: entry.number, date: entry.date, time: timeAsShown(brand, entry.time), amountCents: entry.amountCents }).toEqual({
      z: document.zNumber,
      number: document.documentNumber,
      date: document.date,
      time: document.time,
      amountCents: document.amountCents,
    });
    expect(entry.changeCents).toBe(100);
    if (brand.wire.roundingDown === 'payment-discount') {
      // The device records the goods (19.02); the 2-cent rounding is a payment discount beside the
      // tenders (efsta 6-00), so the document's amount is the lines' total, not what was collected.
      expect(document.amountCents).toBe(1902);
      expect(entry.lines.map((l) => [l.type, l.department, l.amountCents])).toEqual([
        ['item', 1, 1980],
        ['adjustment', 1, -198],
        ['item', 2, 120],
      ]);
      expect(entry.tenders).toEqual([
        { kind: 'payment-discount', amountCents: 2 },
        { kind: 'electronic', amountCents: 1000 },
        { kind: 'cash', amountCents: 900 },
      ]);
    } else {
      // The rounding is a discount on the subtotal: the document counts the 19.00 collected.
      expect(document.amountCents).toBe(1900);
      expect(entry.lines.map((l) => [l.type, l.amountCents])).toEqual([
        ['item', 1980],
        ['adjustment', -198],
        ['item', 120],
        ['adjustment', -2],
      ]);
      expect(entry.tenders).toEqual([
        { kind: 'electronic', amountCents: 1000 },
        { kind: 'cash', amountCents: 900 },
      ]);
    }
    expect(await rig.device.lastDocument()).toEqual(document);
  });

  it('rounds a cash sale up as a surcharge the document counts', async () => {
    rig = await startRig(brand);
    // 3.48 rounds up to 3.50 in cash.
    const document = await rig.device.issue(sale([line('PANE', 1200, 290, 3)], [{ kind: 'cash', amountCents: 500 }], { roundingCents: 2 }));
    const entry = (await rig.state()).journal[0]!;
    expect(document.amountCents).toBe(350);
    expect(entry.amountCents).toBe(350);
    expect(entry.changeCents).toBe(150);
  });

  it('refunds in cash rounded down (a till with an RT rounds only down) and books a cash rest rounded to nothing', async () => {
    rig = await startRig(brand);
    // 0.98 by card; its return refunded in cash, 0.95 given back and a rounding of -3.
    const sold = await rig.device.issue(sale([line('CARAMELLA', 1000, 98, 1)], [{ kind: 'electronic', amountCents: 98 }]));
    const refunded = await rig.device.issue({ kind: 'return', lines: [line('CARAMELLA', 1000, 98, 1)], tenders: [{ kind: 'cash', amountCents: 95 }], roundingCents: -3, original: referenceOf(sold) });
    // 10.02: card 10.00, and the 2-cent cash rest rounds to nothing, so no cash tender is left.
    const rest = await rig.device.issue(sale([line('DIECI', 1000, 1002, 1)], [{ kind: 'electronic', amountCents: 1000 }], { roundingCents: -2 }));
    const { journal } = await rig.state();
    expect(journal.map((entry) => entry.kind)).toEqual(['sale', 'return', 'sale']);
    if (brand.wire.roundingDown === 'payment-discount') {
      // The goods stay whole in their VAT class; each rounding is a payment discount beside the tenders.
      expect([refunded.amountCents, rest.amountCents]).toEqual([98, 1002]);
      expect(journal[1]!.tenders).toEqual([{ kind: 'payment-discount', amountCents: 3 }, { kind: 'cash', amountCents: 95 }]);
      expect(journal[2]!.tenders).toEqual([{ kind: 'payment-discount', amountCents: 2 }, { kind: 'electronic', amountCents: 1000 }]);
    } else {
      expect([refunded.amountCents, rest.amountCents]).toEqual([95, 1000]);
    }
  });

  it('returns part of one sale and voids another, each after the device pre-check', async () => {
    rig = await startRig(brand);
    const first = await rig.device.issue(sale([line('T-SHIRT M', 2000, 990, 1), line('CAFFE', 1000, 120, 2)], [{ kind: 'electronic', amountCents: 2100 }]));
    const second = await rig.device.issue(cashSale(450, 'LIBRO'));
    const canReturn = await rig.device.checkReference('return', referenceOf(first));
    const canVoid = await rig.device.checkReference('void', referenceOf(second));
    // A brand without a pre-check answers null; one with it must allow both.
    expect([true, null]).toContain(canReturn);
    expect([true, null]).toContain(canVoid);
    if (canReturn !== null) expect(await rig.device.checkReference('void', { ...referenceOf(second), documentNumber: 9 })).toBe(false);

    const refund = await rig.device.issue({
      kind: 'return',
      lines: [line('T-SHIRT M', 1000, 990, 1)],
      tenders: [{ kind: 'electronic', amountCents: 990 }],
      roundingCents: 0,
      original: referenceOf(first),
    });
    const annulment = await rig.device.issue({ kind: 'void', original: referenceOf(second), amountCents: second.amountCents });
    expect([refund.documentNumber, annulment.documentNumber]).toEqual([3, 4]);
    expect(refund.amountCents).toBe(990);
    expect(annulment.amountCents).toBe(450);

    const state = await rig.state();
    expect(state.journal.map((doc) => [doc.kind, doc.number, doc.amountCents])).toEqual([
      ['sale', 1, 2100],
      ['sale', 2, 450],
      ['return', 3, 990],
      ['void', 4, 450],
    ]);
    expect(state.journal[2]!.reference).toEqual({ serial: rig.serial, z: 1, number: 1, date: '2026-12-03' });
    expect(state.journal[3]!.reference).toEqual({ serial: rig.serial, z: 1, number: 2, date: '2026-12-03' });
    expect(state.dailyAmountCents).toBe(2100 + 450 - 990 - 450);
    expect(await rig.device.lastDocument()).toEqual(annulment);
    if (canVoid !== null) expect(await rig.device.checkReference('void', referenceOf(second))).toBe(false);
  });

  it('X reading reports the day so far and closes nothing', async () => {
    rig = await startRig(brand);
    await rig.device.issue(cashSale(1234));
    await rig.device.issue(cashSale(66));
    const x = await rig.device.xReading();
    expect(x).toMatchObject({ serial: rig.serial, zNumber: 1, dailyAmountCents: 1300, date: '2026-12-03' });
    const state = await rig.state();
    expect([state.z, state.documentsToday, state.closures.length, state.journal.length]).toEqual([1, 2, 0, 2]);
  });

  it('Z closure reports the day, increments Z and restarts the numbering', async () => {
    rig = await startRig(brand);
    await rig.device.issue(cashSale(1000));
    await rig.device.issue(cashSale(250));
    const z = await rig.device.zClosure();
    expect(z).toMatchObject({ serial: rig.serial, zNumber: 1, dailyAmountCents: 1250 });
    const after = await rig.device.issue(cashSale(99));
    expect([after.zNumber, after.documentNumber]).toEqual([2, 1]);
    const state = await rig.state();
    expect(state.closures.map((c) => [c.z, c.dailyAmountCents, c.documents])).toEqual([[1, 1250, 2]]);
    expect([state.z, state.documentsToday]).toEqual([2, 1]);
    expect((await rig.device.xReading()).zNumber).toBe(2);
    // The closed day's file waits to be sent; once the agency has it, nothing is pending.
    expect(await rig.device.status()).toMatchObject(readableStatus(brand, { filesPending: 1, filesRejected: 0 }));
    await fetch(`${rig.rt.url}/__mock/files`, { method: 'POST', body: JSON.stringify({ outcome: 'rejected' }) });
    expect(await rig.device.status()).toMatchObject(readableStatus(brand, { filesPending: 0, filesRejected: 1 }));
  });

  it('a lottery code and a customer tax code reach the document they were sent with, and no other', async () => {
    rig = await startRig(brand);
    const card = [{ kind: 'electronic' as const, amountCents: 1200 }];
    await rig.device.issue(sale([line('LIBRO', 1000, 1200, 4)], card, { lotteryCode: 'ABCD1234', customerTaxId: 'RSSMRA80A01H501U' }));
    await rig.device.issue(sale([line('LIBRO', 1000, 1200, 4)], card, { customerTaxId: '12345678903' }));
    await rig.device.issue(sale([line('LIBRO', 1000, 1200, 4)], card));
    const { journal } = await rig.state();
    expect(journal.map((doc) => [doc.lotteryCode ?? null, doc.customerTaxId ?? null])).toEqual([
      ['ABCD1234', 'RSSMRA80A01H501U'],
      [null, '12345678903'],
      [null, null],
    ]);
  });
});
