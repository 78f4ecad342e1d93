/**
 * The process the crash test kills: opens the till on the given folder and completes sales of
 * 1 to 10 lines as fast as it can, printing `done <saleId> <receipt>` after each commit returns.
 * Whatever it printed, the till had reported complete.
 */
import { writeSync } from 'node:fs';
import { createPrinterPort, createTillCore, demoEan, seedDemoShop } from '../../src/core';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <dataDir>');

const printer = await createPrinterPort('none', 'generic-80mm');
const core = createTillCore({ dataDir, printer, logger: { error: () => undefined } });
seedDemoShop(core.services);
const { tickets, completion, shifts } = core.services;
const actor = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
if (!shifts.openShift()) shifts.open(actor, 10_000);
// A ticket left open by the previous kill is dropped like a cashier would: with a manager's approval.
if (tickets.openTicketOf(actor.userId)) tickets.cancel(actor, { userId: 'user-marco', pin: '2222' });
writeSync(1, 'ready\n');

let n = 0;
for (;;) {
  const lines = 1 + (n % 10);
  for (let i = 0; i < lines; i++) tickets.scan(actor, demoEan(1 + ((n + i) % 8)));
  const due = tickets.current(actor)!.remainingCents;
  tickets.addPayment(actor, n % 3 === 0 ? 'card' : 'cash', due, undefined);
  const done = completion.complete(actor, false);
  writeSync(1, `done ${done.saleId} ${done.receiptNumber}\n`);
  n++;
}
