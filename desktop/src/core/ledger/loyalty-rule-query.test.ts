import { afterEach, describe, expect, it } from 'vitest';
import { LOYALTY_RULE_SETTING, NO_LOYALTY } from '@cassa/shared';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

describe('the loyalty rule the points dialog shows (loyalty.rule)', () => {
  let till: TestTill | null = null;
  afterEach(async () => {
    await till?.dispose();
    till = null;
  });

  function setRule(t: TestTill, value: string): void {
    const { settings } = t.core.services.context;
    t.core.store.write(() => settings.set(LOYALTY_RULE_SETTING, value));
  }

  it("is the owner's rule as head office sent it, off while none came", async () => {
    till = createTestTill();
    const token = await till.login('user-giulia', '1111');
    expect(await till.call('loyalty.rule', {}, token)).toEqual(NO_LOYALTY);
    setRule(till, JSON.stringify({ pointsPerEuro: 2, centsPerPoint: 5, minimumRedeem: 100 }));
    expect(await till.call('loyalty.rule', {}, token)).toEqual({ pointsPerEuro: 2, centsPerPoint: 5, minimumRedeem: 100 });
  });

  it('reads an unreadable or out-of-range setting as off, never as a made-up rate', async () => {
    till = createTestTill();
    const token = await till.login('user-giulia', '1111');
    for (const value of ['{"pointsPerEuro":', JSON.stringify({ pointsPerEuro: 1e9, centsPerPoint: 1, minimumRedeem: 0 }), JSON.stringify({ pointsPerEuro: -1, centsPerPoint: 1, minimumRedeem: 0 }), '"\u0000"']) {
      setRule(till, value);
      expect(await till.call('loyalty.rule', {}, token)).toEqual(NO_LOYALTY);
    }
  });

  it('is not for anyone without a session', async () => {
    till = createTestTill();
    const answer = await till.raw('loyalty.rule', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });
});
