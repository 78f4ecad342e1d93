/**
 * Each condition the emulator can be put in, as the adapter reports it: the status fields that
 * show it, and the failure issue() throws without a document. Where a brand's wire cannot tell two
 * conditions apart (Epson's status digit [0] is 3 for paper end and cover open alike, and
 * EPTR_REC_EMPTY is its code for both: reference/fiscal-rt.md §1 "Response", "Errors"), the row
 * lists every honest answer.
 */
import type { FiscalFailure, FiscalStatus } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultName } from '../../testing';
import { contractBrands } from './testing/contract-brands';
import type { ContractBrand } from './testing/contract-brands';
import { cashSale, failureOf, readableStatus, startRig } from './testing/contract-kit';
import type { ContractRig } from './testing/contract-kit';

let rig: ContractRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

interface FaultRow {
  readonly fault: FaultName;
  /** What status() shows, or the failure status() throws. */
  readonly status: ((status: FiscalStatus, brand: ContractBrand) => void) | { readonly throws: FiscalFailure };
  /** The failures issue() may throw; empty: the sale goes through. */
  readonly issue: readonly FiscalFailure[];
}

const healthy = { journal: 'ok', inService: true, closureNeeded: false, documentOpen: false } as const;

/** What status() must show, less the fields the brand's protocol cannot read (contract-brands `unreadableStatus`). */
const shows =
  (expected: Partial<Record<keyof FiscalStatus, unknown>>) =>
  (status: FiscalStatus, brand: ContractBrand): void =>
    expect(status).toMatchObject(readableStatus(brand, { ...healthy, ...expected }));

const rows: readonly FaultRow[] = [
  { fault: 'paper-end', status: shows({ printer: expect.stringMatching(/^(paper-out|offline)$/) }), issue: ['paper-out'] },
  { fault: 'cover-open', status: shows({ printer: expect.stringMatching(/^(cover-open|offline)$/) }), issue: ['cover-open', 'paper-out'] },
  { fault: 'journal-near-full', status: shows({ printer: 'ok', journal: 'near-full' }), issue: [] },
  { fault: 'journal-full', status: shows({ printer: 'ok', journal: 'full' }), issue: ['journal-full'] },
  { fault: 'not-in-service', status: shows({ printer: 'ok', inService: false }), issue: ['not-in-service'] },
  { fault: 'closure-needed', status: shows({ printer: 'ok', closureNeeded: true }), issue: ['closure-needed'] },
  {
    fault: 'certificate-expired',
    status: (s, brand) => {
      shows({ printer: 'ok' })(s, brand);
      if (!brand.wire.unreadableStatus.includes('certificateExpiry')) expect(s.certificateExpiry !== null && s.certificateExpiry < '2026-12-03').toBe(true);
    },
    issue: ['certificate-expired'],
  },
  // LAN_TIME_OUT: "busy; query first" (reference §1 Errors). A status query cannot have printed: busy.
  // issue() cannot know the refusal came before printing, so outcome-unknown is honest there too.
  { fault: 'busy', status: { throws: 'busy' }, issue: ['busy', 'outcome-unknown'] },
];


describe.each(contractBrands)('$name adapter against the RT emulator: faults', (brand) => {
  it('a healthy device reports nothing wrong', async () => {
    rig = await startRig(brand);
    expect(await rig.device.status()).toMatchObject(readableStatus(brand, { ...healthy, printer: 'ok', training: false }));
  });

  it.each(rows)('$fault: status shows it, issue() fails as it should and leaves no document', async (row) => {
    rig = await startRig(brand);
    const before = await rig.device.issue(cashSale(500));
    await rig.fault(row.fault);
    if (typeof row.status === 'function') row.status(await rig.device.status(), brand);
    else expect(await failureOf(rig.device.status())).toBe(row.status.throws);

    const outcome = await failureOf(rig.device.issue(cashSale(700)));
    const journal = (await rig.state()).journal;
    if (row.issue.length === 0) {
      expect(outcome).toBe('none');
      expect(journal).toHaveLength(2);
      return;
    }
    // A brand that cannot name the condition still refuses before printing: `refused`, never "may exist".
    expect(brand.wire.namesRefusals ? row.issue : [...row.issue, 'refused']).toContain(outcome);
    expect(journal).toHaveLength(1);
    await rig.fault('none');
    expect(await rig.device.lastDocument()).toEqual(before);
  });

  it('fiscal memory full and a clock behind the last document refuse without a document', async () => {
    rig = await startRig(brand);
    for (const fault of ['fiscal-memory-full', 'clock-behind'] as const) {
      await rig.fault(fault);
      const outcome = await failureOf(rig.device.issue(cashSale(700)));
      // Epson names no code and no status bit for these (reference §1): any refusal but "may exist".
      expect(outcome).not.toBe('none');
      expect(outcome).not.toBe('outcome-unknown');
      await rig.fault('none');
    }
    expect((await rig.state()).journal).toHaveLength(0);
  });

  it('the fault clears and the next sale is number 1 of the day', async () => {
    rig = await startRig(brand);
    await rig.fault('paper-end', { count: 1 });
    expect(await failureOf(rig.device.issue(cashSale(700)))).toBe('paper-out');
    const document = await rig.device.issue(cashSale(700));
    expect(document.documentNumber).toBe(1);
    expect((await rig.state()).journal.map((d) => d.number)).toEqual([1]);
  });
});
