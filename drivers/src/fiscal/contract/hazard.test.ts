/**
 * The core hazard end to end (reference/fiscal-rt.md §1 "The core hazard", §5.5): the device
 * prints, then its answer is late, cut off or "no answer". issue() must say outcome-unknown, and
 * lastDocument() must then name the document that was printed, which the journal holds once.
 * And the opposite: a refusal before printing leaves no document and the previous one is last.
 */
import type { FiscalFailure } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultName } from '../../testing';
import { deviceFailure as failureOf } from '../testing/fiscal-fixtures';
import { contractBrands } from './testing/contract-brands';
import { cashSale, startRig, timeAsShown } from './testing/contract-kit';
import type { ContractRig } from './testing/contract-kit';

let rig: ContractRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The client gives up after this; the late reply comes well after it. */
const clientTimeoutMs = 300;


const afterPrint: readonly { fault: FaultName; delayMs?: number }[] = [
  { fault: 'reply-after-timeout', delayMs: clientTimeoutMs + 500 },
  { fault: 'drop-after-print' },
  { fault: 'no-answer-after-print' },
];

const beforePrint: readonly { fault: FaultName; failures: readonly FiscalFailure[] }[] = [
  // LAN_TIME_OUT is "busy; query first": the adapter cannot tell it came before printing.
  { fault: 'busy', failures: ['busy', 'outcome-unknown'] },
  { fault: 'paper-end', failures: ['paper-out'] },
];

describe.each(contractBrands)('$name adapter against the RT emulator: the lost reply', (brand) => {
  it.each(afterPrint)('$fault: outcome-unknown, then lastDocument() is the printed document, held once', async ({ fault, delayMs }) => {
    rig = await startRig(brand, { timeoutMs: clientTimeoutMs });
    const previous = await rig.device.issue(cashSale(1000));
    await rig.fault(fault, delayMs === undefined ? {} : { delayMs });
    const started = performance.now();
    const error = await failureOf(rig.device.issue(cashSale(2345)));
    expect(error.failure).toBe('outcome-unknown');
    if (fault === 'reply-after-timeout') expect(performance.now() - started).toBeGreaterThanOrEqual(clientTimeoutMs - 20);

    const printed = await rig.device.lastDocument();
    expect(printed).toMatchObject({ serial: previous.serial, zNumber: previous.zNumber, documentNumber: previous.documentNumber + 1, amountCents: 2345 });
    const { journal } = await rig.state();
    expect(journal.filter((doc) => doc.amountCents === 2345)).toHaveLength(1);
    const last = journal.at(-1)!;
    expect({ z: last.z, number: last.number, date: last.date, time: timeAsShown(brand, last.time) }).toEqual({ z: printed?.zNumber, number: printed?.documentNumber, date: printed?.date, time: printed?.time });
    if (fault === 'reply-after-timeout') {
      await new Promise((resolve) => setTimeout(resolve, (delayMs ?? 0) - clientTimeoutMs + 100));
      expect((await rig.state()).journal).toHaveLength(2);
    }
  });

  it.each(beforePrint)('$fault before printing: no document, lastDocument() is still the previous one', async ({ fault, failures }) => {
    rig = await startRig(brand, { timeoutMs: clientTimeoutMs });
    const previous = await rig.device.issue(cashSale(1000));
    await rig.fault(fault, { count: 1 });
    const error = await failureOf(rig.device.issue(cashSale(2345)));
    expect(failures).toContain(error.failure);
    expect(await rig.device.lastDocument()).toEqual(previous);
    expect((await rig.state()).journal.map((doc) => doc.amountCents)).toEqual([1000]);
  });
});
