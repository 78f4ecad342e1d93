import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, TillSettingsView, VariableMeasureLayout } from '@cassa/shared';
import { gs1CheckDigit, priceCheckDigit } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import { TillSyncStore } from '../sync-outbox/till-sync-store';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const label = (body: string) => `${body}${gs1CheckDigit(body)}`;

/** The error a call was refused with, as the dispatcher answers it (code, message, details). */
async function refusal(work: Promise<ApiResult<unknown>>): Promise<{ code: string; details?: unknown }> {
  const result = await work;
  expect(result.ok).toBe(false);
  return (result as { ok: false; error: { code: string; details?: unknown } }).error;
}

describe('scale labels read with the shop\'s layouts', () => {
  let till: TestTill;
  let cashier: string;
  let admin: string;

  beforeEach(async () => {
    till = createTestTill();
    cashier = await till.login('user-giulia', '1111');
    admin = await till.login('user-admin', '9999');
    await till.call('shift.open', { floatCents: 0 }, cashier);
  });
  afterEach(() => till.dispose());

  it('reads a 20 price label as a price by default, not as 99,999 kg', async () => {
    // Mele Golden (item 10002, 2,29/kg): a price label of 3,45 €.
    const ticket = await till.call('sale.scan', { code: label('201000200345') }, cashier);
    expect(ticket.lines[0]).toMatchObject({ description: 'Mele Golden', quantityMilli: 1000, totalCents: 345 });
    const settings = await till.call('settings.get', {}, admin);
    expect(settings.scaleLayouts?.map((l) => `${l.prefix}:${l.value}`)).toEqual(['20:price', '21:weight', '22:weight', '23:price', '24:price']);
  });

  it('reads labels with the layouts the shop saved, two layouts side by side', async () => {
    const settings = await till.call('settings.get', {}, admin);
    const layouts: VariableMeasureLayout[] = [
      // 27 + 5-digit item + weight in grams.
      { prefix: '27', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
      // 28 + 5-digit item + price check digit + 4-digit price in cents.
      { prefix: '28', itemDigits: 5, value: 'price', valueDigits: 4, decimals: 2, priceCheckDigit: true },
    ];
    const saved = await till.call('settings.save', { ...settings, scaleLayouts: layouts }, admin);
    expect(saved.scaleLayouts).toEqual(layouts);

    // Prosciutto (10004, 34,90/kg), 0,150 kg → 5,24 (half-up of 523,5).
    let ticket = await till.call('sale.scan', { code: label('271000400150') }, cashier);
    expect(ticket.lines[0]).toMatchObject({ description: 'Prosciutto crudo di Parma', quantityMilli: 150, totalCents: 524 });
    // Parmigiano (10003): a price label of 12,34 € with its price check digit.
    ticket = await till.call('sale.scan', { code: label(`2810003${priceCheckDigit('1234')}1234`) }, cashier);
    expect(ticket.lines[1]).toMatchObject({ description: 'Parmigiano Reggiano 24 mesi', quantityMilli: 1000, totalCents: 1234 });
    // The same label with a wrong price check digit is refused, with the code and the reason.
    const wrongCheck = `2810003${(priceCheckDigit('1234') + 1) % 10}1234`;
    const refused = await refusal(till.raw('sale.scan', { code: label(wrongCheck) }, cashier));
    expect(refused.code).toBe('INVALID_BARCODE');
    expect(refused.details).toMatchObject({ code: label(wrongCheck), reason: 'price-check-digit' });
    // Prefix 20 is no longer a layout here: a 20 label is a catalogue barcode nobody has.
    expect((await refusal(till.raw('sale.scan', { code: label('201000200345') }, cashier))).code).toBe('UNKNOWN_ITEM');
  });
});

describe('scale layouts as they are saved', () => {
  let till: TestTill;
  let admin: string;
  let settings: TillSettingsView;

  beforeEach(async () => {
    till = createTestTill();
    admin = await till.login('user-admin', '9999');
    settings = await till.call('settings.get', {}, admin);
  });
  afterEach(() => till.dispose());

  it('refuses layouts whose lengths do not add up to 13 or whose prefixes overlap, naming each problem', async () => {
    const refused = await refusal(
      till.raw(
        'settings.save',
        {
          ...settings,
          scaleLayouts: [
            { prefix: '2', itemDigits: 6, value: 'price', valueDigits: 5, decimals: 2 },
            { prefix: '21', itemDigits: 5, value: 'weight', valueDigits: 4, decimals: 3 },
            { prefix: '19', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
          ],
        },
        admin,
      ),
    );
    expect(refused.code).toBe('VALIDATION');
    expect((refused.details as { scaleLayoutProblems: unknown[] }).scaleLayoutProblems).toEqual([
      { code: 'digits', prefix: '21', total: 11 },
      { code: 'prefix', prefix: '19' },
      { code: 'overlap', prefix: '2', other: '21' },
    ]);
    // Nothing was saved.
    expect((await till.call('settings.get', {}, admin)).scaleLayouts).toEqual(settings.scaleLayouts);
  });

  it('keeps head office\'s layouts on a paired till and refuses a local change', async () => {
    const chain = [{ prefix: '26', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 }];
    const store = new TillSyncStore(till.core.services.context, till.core.services.sessions);
    store.applyPullPage('settings', [{ entity: 'setting', key: 'scan.layouts', change: 1, data: { key: 'scan.layouts', value: chain } }], 'c1');

    const now = await till.call('settings.get', {}, admin);
    expect(now).toMatchObject({ scaleLayouts: chain, scaleLayoutsFromHeadOffice: true });
    // Saving the other settings with the layouts as shown is fine; changing the layouts is not.
    await till.call('settings.save', { ...now, cashRounding: true }, admin);
    const refused = await refusal(
      till.raw('settings.save', { ...now, scaleLayouts: [{ ...chain[0]!, value: 'weight', decimals: 3 }] }, admin),
    );
    expect(refused.code).toBe('CONFLICT');

    const cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const ticket = await till.call('sale.scan', { code: label('261000200345') }, cashier);
    expect(ticket.lines[0]).toMatchObject({ description: 'Mele Golden', totalCents: 345 });
  });

  it('keeps head office\'s approvals and ceiling on a paired till and refuses a local change', async () => {
    const store = new TillSyncStore(till.core.services.context, till.core.services.sessions);
    const setting = (key: string, value: string, change: number) => ({ entity: 'setting' as const, key, change, data: { key, value } });
    store.applyPullPage(
      'settings',
      [setting('approval.voidLine', 'false', 1), setting('approval.cancelTicket', 'true', 2), setting('sale.maxLineAmountCents', '50000', 3)],
      'c1',
    );
    const now = await till.call('settings.get', {}, admin);
    expect(now).toMatchObject({ approvals: { cancelTicket: true, voidLine: false }, maxLineAmountCents: 50_000, policiesFromHeadOffice: true });
    // Saving the other settings with the policies as shown (or left out) is fine; changing them is not.
    await till.call('settings.save', { ...now, cashRounding: true }, admin);
    const { approvals: _approvals, maxLineAmountCents: _ceiling, ...withoutPolicies } = now;
    await till.call('settings.save', withoutPolicies, admin);
    expect((await refusal(till.raw('settings.save', { ...now, maxLineAmountCents: 100_000_000 }, admin))).code).toBe('CONFLICT');
    expect((await refusal(till.raw('settings.save', { ...now, approvals: { cancelTicket: true, voidLine: true } }, admin))).code).toBe('CONFLICT');
    expect(await till.call('settings.get', {}, admin)).toMatchObject({ maxLineAmountCents: 50_000, approvals: { voidLine: false } });
  });
});

describe('what a manager approves, and the owner\'s ceiling', () => {
  let till: TestTill;
  let cashier: string;
  let admin: string;
  const marco = { userId: 'user-marco', pin: '2222' };

  beforeEach(async () => {
    till = createTestTill();
    cashier = await till.login('user-giulia', '1111');
    admin = await till.login('user-admin', '9999');
    await till.call('shift.open', { floatCents: 0 }, cashier);
  });
  afterEach(() => till.dispose());

  it('asks a manager to approve a cashier voiding a line or cancelling a ticket', async () => {
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, cashier);
    const lineId = ticket.lines[0]!.lineId;
    const voidRefused = await refusal(till.raw('sale.voidLine', { lineId }, cashier));
    expect(voidRefused).toMatchObject({ code: 'NOT_AUTHORISED', details: { needed: 'manager', action: 'Voiding a line' } });
    expect((await till.call('sale.current', {}, cashier))?.lines).toHaveLength(1);
    // A wrong manager PIN is refused and voids nothing (it counts towards the till's override
    // lockout, which audits the lockout itself, not every wrong try: see login-lockout.test.ts).
    expect((await refusal(till.raw('sale.voidLine', { lineId, override: { ...marco, pin: '0000' } }, cashier))).code).toBe('INVALID_PIN');
    expect((await till.call('sale.current', {}, cashier))?.lines).toHaveLength(1);
    const audit = () => till.core.store.db.prepare('SELECT action, details FROM audit_log ORDER BY sequence').all() as { action: string; details: string }[];
    const after = await till.call('sale.voidLine', { lineId, override: marco }, cashier);
    expect(after.lines).toHaveLength(0);
    expect(JSON.parse(audit().find((a) => a.action === 'sale.voidLine')!.details)).toMatchObject({ override: 'user-marco' });

    await till.call('sale.scan', { code: demoEan(2) }, cashier);
    expect((await refusal(till.raw('sale.cancel', {}, cashier))).code).toBe('NOT_AUTHORISED');
    await till.call('sale.cancel', { override: marco }, cashier);
    expect(await till.call('sale.current', {}, cashier)).toBeNull();
  });

  it('lets the shop turn either approval off, and never asks for an empty ticket', async () => {
    const settings = await till.call('settings.get', {}, admin);
    expect(settings.approvals).toEqual({ cancelTicket: true, voidLine: true });
    await till.call('settings.save', { ...settings, approvals: { cancelTicket: false, voidLine: true } }, admin);
    await till.call('sale.scan', { code: demoEan(1) }, cashier);
    await till.call('sale.cancel', {}, cashier);
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, cashier);
    expect((await refusal(till.raw('sale.voidLine', { lineId: ticket.lines[0]!.lineId }, cashier))).code).toBe('NOT_AUTHORISED');
  });

  it('refuses a price override of a billion euros, and any line over the ceiling, in the core', async () => {
    const settings = await till.call('settings.get', {}, admin);
    expect(settings.maxLineAmountCents).toBe(1_000_000);
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, cashier);
    const lineId = ticket.lines[0]!.lineId;
    const huge = await refusal(
      till.raw('sale.overridePrice', { lineId, unitPriceCents: 100_000_000_000, reason: 'typo', override: marco }, cashier),
    );
    expect(huge).toMatchObject({ code: 'AMOUNT_OVER_LIMIT', details: { ceilingCents: 1_000_000 } });
    // Exactly the ceiling is allowed; a quantity that takes the line over it is not.
    await till.call('sale.overridePrice', { lineId, unitPriceCents: 1_000_000, reason: 'moto usata', override: marco }, cashier);
    expect((await refusal(till.raw('sale.setQuantity', { lineId, quantityMilli: 2000 }, cashier))).code).toBe('AMOUNT_OVER_LIMIT');
    expect((await till.call('sale.current', {}, cashier))?.lines[0]).toMatchObject({ quantityMilli: 1000, totalCents: 1_000_000 });

    // The owner lowers the ceiling to 100 €: a 20 price label of 150 € is refused.
    await till.call('settings.save', { ...settings, maxLineAmountCents: 10_000 }, admin);
    expect((await refusal(till.raw('sale.scan', { code: label('201000215000') }, cashier))).code).toBe('AMOUNT_OVER_LIMIT');
  });
});
