/**
 * @module
 * The cashier's main flow, driven by role and accessible name in either language: log in, open
 * the shift, sell a variant from the size × colour grid, a weighed item from a scale label and a
 * barcode typed as a keyboard-wedge burst while the focus is in the payment amount, give a ticket
 * discount that needs a manager, pay split card + cash and see the change due.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { scannerBurst } from '../../test-support/scanner-burst';

export { scannerBurst };

export interface CashierWords {
  readonly locale: 'it' | 'en';
  readonly logIn: string;
  readonly openShift: string;
  readonly scan: string;
  readonly ticket: string;
  readonly pickTshirt: RegExp;
  readonly cash: string;
  readonly card: string;
  readonly payCash: string;
  readonly payCard: string;
  readonly amount: string;
  readonly confirmPayment: string;
  readonly ticketDiscount: string;
  readonly percentValue: string;
  readonly reason: string;
  readonly applyDiscount: string;
  readonly overrideTitle: string;
  readonly managerPin: string;
  readonly approve: string;
  readonly total: string;
  readonly remaining: string;
  readonly changeDue: string;
  readonly done: (receipt: string) => RegExp;
}

export const italian: CashierWords = {
  locale: 'it',
  logIn: 'Accedi',
  openShift: 'Apri turno',
  scan: 'Scansiona o cerca',
  ticket: 'Scontrino',
  pickTshirt: /Scegli la variante di T-shirt/,
  cash: 'Contanti',
  card: 'Carta',
  payCash: 'Pagamento: Contanti',
  payCard: 'Pagamento: Carta',
  amount: 'Importo (€)',
  confirmPayment: 'Conferma pagamento',
  ticketDiscount: 'Sconto sul totale',
  percentValue: 'Sconto (%)',
  reason: 'Motivo',
  applyDiscount: 'Applica sconto',
  overrideTitle: 'Autorizzazione del responsabile',
  managerPin: 'PIN del responsabile',
  approve: 'Autorizza',
  total: 'Totale',
  remaining: 'Da pagare',
  changeDue: 'Resto da dare',
  done: (receipt) => new RegExp(`Scontrino ${receipt} chiuso`),
};

export const english: CashierWords = {
  locale: 'en',
  logIn: 'Log in',
  openShift: 'Open shift',
  scan: 'Scan or search',
  ticket: 'Ticket',
  pickTshirt: /Choose the variant of T-shirt/,
  cash: 'Cash',
  card: 'Card',
  payCash: 'Payment: Cash',
  payCard: 'Payment: Card',
  amount: 'Amount (€)',
  confirmPayment: 'Confirm payment',
  ticketDiscount: 'Ticket discount',
  percentValue: 'Discount (%)',
  reason: 'Reason',
  applyDiscount: 'Apply discount',
  overrideTitle: 'Manager approval',
  managerPin: "Manager's PIN",
  approve: 'Approve',
  total: 'Total',
  remaining: 'To pay',
  changeDue: 'Change due',
  done: (receipt) => new RegExp(`Receipt ${receipt} completed`),
};

/** The demo shop's EAN-13 for item n (desktop/src/core/demo/demo-shop.ts). */
export function demoEan(n: number): string {
  const body = `80012345${String(n).padStart(4, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}


/** Amounts as the page shows them: Intl puts a no-break space before the euro sign in Italian. */
export function money(cents: number, locale: 'it' | 'en'): RegExp {
  const text = (cents / 100).toFixed(2);
  return locale === 'it' ? new RegExp(`${text.replace('.', ',')}\\s€`) : new RegExp(`€${text.replace('.', '\\.')}`);
}

export async function logIn(page: Page, w: CashierWords): Promise<void> {
  await page.getByRole('button', { name: 'Giulia' }).click();
  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: w.logIn }).click();
  await page.getByRole('button', { name: w.openShift }).click();
  await page.getByRole('combobox', { name: w.scan }).waitFor();
}

export async function approveAsManager(page: Page, w: CashierWords): Promise<void> {
  const prompt = page.getByRole('dialog', { name: w.overrideTitle });
  await prompt.waitFor();
  await prompt.getByRole('radio', { name: 'Marco' }).click();
  await prompt.getByLabel(w.managerPin).fill('2222');
  await prompt.getByRole('button', { name: w.approve }).click();
  await prompt.waitFor({ state: 'detached' });
}

/**
 * Sells T-shirt M Blu (19,90), 1,234 kg of Mele Golden (2,83) and a coffee (4,49) with 15 % off
 * the ticket (approved by Marco), paid 10 € by card and 20 € in cash. Returns the total in cents.
 */
export async function sellThreeItemsSplitPaid(page: Page, w: CashierWords): Promise<{ totalCents: number; changeCents: number }> {
  const scan = page.getByRole('combobox', { name: w.scan });
  const ticket = page.getByRole('region', { name: w.ticket, exact: true });

  // A variant through the size × colour grid.
  await scan.fill('t-shirt');
  await page.getByRole('option', { name: /T-shirt/ }).first().waitFor();
  await scan.press('Enter');
  const grid = page.getByRole('dialog', { name: w.pickTshirt });
  await grid.getByRole('button', { name: 'M Blu' }).click();
  await expect.poll(() => ticket.textContent()).toContain('T-shirt cotone bio M Blu');

  // A weighed item from a scale label: 21 + item 10002 + 01234 g + check digit.
  await scan.fill('2110002012340');
  await scan.press('Enter');
  await expect.poll(() => ticket.textContent()).toContain('Mele Golden');
  await expect.poll(() => ticket.textContent()).toMatch(/1[,.]234 kg/);

  // A keyboard-wedge burst while the focus is in the payment dialog's amount: it is a scan.
  await page.keyboard.press('F8');
  const cashDialog = page.getByRole('dialog', { name: w.payCash });
  const amount = cashDialog.getByLabel(w.amount);
  await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
  await scannerBurst(page, demoEan(1));
  await expect.poll(() => ticket.textContent()).toContain('Caffè macinato');
  const due = 1990 + 283 + 449;
  await expect.poll(() => amount.inputValue()).toMatch(new RegExp(`^${(due / 100).toFixed(2).replace('.', '[.,]')}$`));
  // A person typing at a person's pace is typing, not a scan.
  await amount.fill('');
  await amount.pressSequentially('50', { delay: 90 });
  await expect.poll(() => amount.inputValue()).toBe('50');
  await page.keyboard.press('Escape');
  await cashDialog.waitFor({ state: 'detached' });

  // 15 % off the ticket is over the cashier's 10 %: the manager approves.
  await page.getByRole('button', { name: w.ticketDiscount }).click();
  const discount = page.getByRole('dialog', { name: w.ticketDiscount });
  await discount.getByLabel(w.percentValue).fill('15');
  await discount.getByLabel(w.reason).fill('Cliente fedele');
  await discount.getByRole('button', { name: w.applyDiscount }).click();
  await approveAsManager(page, w);
  await discount.waitFor({ state: 'detached' });
  const totalCents = due - Math.round((due * 15) / 100);
  await expect.poll(() => ticket.getByRole('status', { name: w.total, exact: true }).textContent()).toMatch(money(totalCents, w.locale));

  // Split tender: 10 € by card, the rest in cash with change.
  await page.keyboard.press('F9');
  const cardDialog = page.getByRole('dialog', { name: w.payCard });
  await cardDialog.getByLabel(w.amount).fill('10');
  await cardDialog.getByRole('button', { name: w.confirmPayment }).click();
  await cardDialog.waitFor({ state: 'detached' });
  await expect.poll(() => ticket.getByRole('status', { name: w.remaining, exact: true }).textContent()).toMatch(money(totalCents - 1000, w.locale));

  await page.getByRole('button', { name: `${w.cash} F8`, exact: true }).click();
  const cash = page.getByRole('dialog', { name: w.payCash });
  await cash.getByLabel(w.amount).fill('20');
  const changeCents = 2000 - (totalCents - 1000);
  await expect.poll(() => cash.getByRole('status').textContent()).toMatch(money(changeCents, w.locale));
  await cash.getByRole('button', { name: w.confirmPayment }).click();
  const done = page.getByRole('status', { name: w.done('0001-0001') });
  await done.waitFor();
  await expect.poll(() => done.textContent()).toContain(w.changeDue);
  await expect.poll(() => done.textContent()).toMatch(money(changeCents, w.locale));
  return { totalCents, changeCents };
}

/** What the virtual printer printed last, fetched with a manager's own API session. */
export async function printedReceipt(baseUrl: string): Promise<string> {
  const post = async (procedure: string, body: unknown, token?: string) => {
    const response = await fetch(`${baseUrl}/api/rpc/${procedure}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { ok: boolean; data: unknown };
  };
  const login = await post('session.login', { userId: 'user-marco', pin: '2222' });
  const token = (login.data as { token: string }).token;
  for (let attempt = 0; attempt < 20; attempt++) {
    const preview = await post('printer.preview', {}, token);
    const data = preview.data as { text: string } | null;
    if (data?.text) return data.text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The virtual printer printed nothing');
}
