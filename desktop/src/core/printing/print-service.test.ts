import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from '@cassa/drivers/portable';
import { demoEan } from '../demo/demo-shop';
import { TillSyncStore } from '../sync-outbox/till-sync-store';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

async function sell(till: TestTill, token: string): Promise<{ saleId: string; printJobId: string | null }> {
  await till.call('sale.scan', { code: demoEan(1) }, token);
  await till.call('sale.addPayment', { method: 'cash', amountCents: 500 }, token);
  return till.call('sale.complete', { printReceipt: true }, token);
}

describe('the receipt print queue', () => {
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    till = createTestTill();
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
  });
  afterEach(() => till.dispose());

  const jobStatus = (id: string | null) => till.core.services.printing.job(id!)?.status;

  it('prints a completed sale once, with the receipt number and total in the bytes', async () => {
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('printed');
    expect(till.printer.printed).toHaveLength(1);
    const text = till.printer.printedText();
    expect(text).toContain('0001-0001');
    expect(text).toContain('4,49');
    expect(text).toContain('Bottega Demo');
  });

  it('prints a return as RESO citing the original sale\'s number and date, and a post-void as ANNULLAMENTO', async () => {
    const manager = { userId: 'user-marco', pin: '2222' };
    const text = (i: number) => decodedText(decodeEscPos(till.printer.printed[i]!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    const sale = await sell(till, token);
    const found = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    // 00:30 the next day in Rome, still the 26th in UTC: the reso cites the sale's own Roman day.
    till.clock.advance(14.5 * 3_600_000);
    token = await till.login('user-giulia', '1111');
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, token);
    await till.call('sale.complete', { printReceipt: true }, token);
    await till.core.services.printing.idle();
    expect(text(0)).not.toContain('RESO');
    const reso = text(1);
    expect(reso).toContain('RESO MERCE / RETURN');
    expect(reso).toContain('Rif. doc. n. 0001-0001 del 26/11/2026');
    expect(reso).toMatch(/Doc\. n\. 0001-0002 +27\/11\/2026/);

    const second = await sell(till, token);
    await till.call('sale.postVoid', { saleId: second.saleId, reason: 'Errore', override: manager }, token);
    await till.core.services.printing.idle();
    const voided = text(till.printer.printed.length - 1);
    expect(voided).toContain('ANNULLAMENTO / VOID');
    expect(voided).toContain('Rif. doc. n. 0001-0003 del 27/11/2026');
  });

  it('prints the X report on demand and the Z by itself at the close, in the shop\'s language, through the queue', async () => {
    const text = (i: number) => decodedText(decodeEscPos(till.printer.printed[i]!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    await sell(till, token);
    const shift = await till.call('shift.current', {}, token);
    await expect(till.call('shift.printReport', { shiftId: shift!.id, kind: 'Z' }, token)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(till.call('shift.printReport', { shiftId: 'no-such-shift', kind: 'X' }, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const x = await till.call('shift.printReport', { shiftId: shift!.id, kind: 'X' }, token);
    await till.core.services.printing.idle();
    expect(jobStatus(x.printJobId)).toBe('printed');
    const xText = text(1);
    expect(xText).toContain('RAPPORTO X N. 0001');
    expect(xText).toMatch(/Vendite \(1\) +4,49/);
    expect(xText).toMatch(/22% +4,49 \/ 0,81/);
    expect(xText).toContain('Apertura: 26/11/2026 10:00');
    expect(xText).not.toContain('Chiusura:');

    // The Z leaves with the close even while the printer is offline, and prints when it is back.
    till.printer.setState('offline');
    await till.call('shift.close', { denominations: { '500': 1 } }, token);
    await till.core.services.printing.idle();
    expect(till.printer.printed).toHaveLength(2);
    expect(till.core.services.printing.status().pendingJobs).toBe(1);
    till.printer.setState('ready');
    await till.core.services.printing.idle();
    const zText = text(2);
    expect(zText).toContain('CHIUSURA Z N. 0001');
    expect(zText).toMatch(/Contanti contati +5,00/);
    expect(zText).toContain('Chiusura: 26/11/2026 10:00');

    // Printed again, in English when that is the shop's language.
    till.core.store.write(() => till.core.services.context.settings.set('ui.locale', 'en'));
    await till.call('shift.printReport', { shiftId: shift!.id, kind: 'Z' }, token);
    await till.core.services.printing.idle();
    const english = text(3);
    expect(english).toContain('Z CLOSE No. 0001');
    expect(english).toMatch(/Counted cash +5,00/);
    expect(english).toContain('Not a fiscal document');
  });

  it('keeps selling while the printer is offline, and prints the queued receipts when it returns', async () => {
    till.printer.setState('offline');
    const first = await sell(till, token);
    const second = await sell(till, token);
    await till.core.services.printing.idle();
    expect(till.printer.printed).toHaveLength(0);
    expect(till.core.services.printing.status()).toMatchObject({ state: 'offline', pendingJobs: 2 });

    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(till.printer.printed.map((p) => p.jobId)).toEqual([first.printJobId, second.printJobId]);
    expect(till.core.services.printing.status().pendingJobs).toBe(0);
  });

  it('retries a job that failed before any byte went out', async () => {
    till.printer.outcomes.push('failed-before-send');
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('queued');
    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('printed');
    expect(till.printer.printed).toHaveLength(1);
  });

  it('never resends a receipt that broke off mid-print: it waits as uncertain for an explicit copy', async () => {
    till.printer.outcomes.push('failed-partially-sent');
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('uncertain');
    expect(till.printer.printed).toHaveLength(0);

    const copyJob = till.core.services.printing.reprint(done.saleId);
    await till.core.services.printing.idle();
    expect(jobStatus(copyJob)).toBe('printed');
    expect(till.printer.printedText()).toContain('COPIA');
  });

  it('marks a job the till died in the middle of as uncertain on the next start', async () => {
    till.printer.setState('offline');
    const done = await sell(till, token);
    till.core.store.db.prepare("UPDATE print_jobs SET status = 'printing' WHERE id = ?").run(done.printJobId);
    await till.core.close();
    const again = till.reopen();
    try {
      expect(again.core.services.printing.job(done.printJobId!)?.status).toBe('uncertain');
      await again.core.services.printing.idle();
      expect(again.printer.printed).toHaveLength(0);
    } finally {
      await again.dispose();
    }
  });
});

/**
 * Puts the machine's clock in `zone` where a test can, and says whether it is there: Node follows
 * TZ; a browser keeps its context's zone (core-chromium opens Chromium in Asia/Tokyo).
 */
function machineZoneIs(zone: string): boolean {
  if (typeof process !== 'undefined') process.env.TZ = zone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone === zone;
}

describe('the time printed on a receipt', () => {
  const machineZone = typeof process === 'undefined' ? undefined : process.env.TZ;
  const tills: TestTill[] = [];
  afterEach(async () => {
    for (const t of tills.splice(0)) await t.dispose();
    if (typeof process === 'undefined') return;
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  async function printedTime(setup: (till: TestTill) => void): Promise<string> {
    const till = createTestTill({ timeZone: null });
    tills.push(till);
    setup(till);
    const token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
    await sell(till, token);
    await till.core.services.printing.idle();
    const text = decodedText(decodeEscPos(till.printer.printed[0]!.bytes, { codePageTables: till.printer.profile.codePageTables }));
    return /\d\d\/\d\d\/\d{4} \d\d:\d\d/.exec(text)?.[0] ?? `no date in:\n${text}`;
  }

  it('is the shop\'s local time, whatever zone the machine\'s clock is set to', async () => {
    // 09:00 UTC is 10:00 in Rome and 18:00 in Tokyo.
    expect(machineZoneIs('Asia/Tokyo')).toBe(true);
    expect(new Date('2026-11-26T09:00:00Z').getHours()).toBe(18);
    expect(await printedTime(() => undefined)).toBe('26/11/2026 10:00');
    // A browser's zone is its context's: there the machine stays in Tokyo.
    if (machineZoneIs('UTC')) expect(await printedTime(() => undefined)).toBe('26/11/2026 10:00');
  });

  it('takes the zone head office gives the store', async () => {
    machineZoneIs('UTC');
    const time = await printedTime((till) => {
      const { context, sessions } = till.core.services;
      const store = { id: context.storeId, name: 'Bottega New York', addressLines: [], vatNumber: '01234567890', timeZone: 'America/New_York' };
      new TillSyncStore(context, sessions).applyPullPage('stores', [{ entity: 'store', key: `store:${context.storeId}`, change: 1, data: store }], 'c1');
    });
    expect(time).toBe('26/11/2026 04:00');
  });

  it('follows the shop.timeZone setting (head office can send it), and ignores a zone that does not exist', async () => {
    machineZoneIs('Asia/Tokyo');
    expect(await printedTime((till) => till.core.store.write(() => till.core.services.context.settings.set('shop.timeZone', 'America/New_York')))).toBe('26/11/2026 04:00');
    expect(await printedTime((till) => till.core.store.write(() => till.core.services.context.settings.set('shop.timeZone', 'Mars/Olympus')))).toBe('26/11/2026 10:00');
  });
});
