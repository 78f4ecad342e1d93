import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { lockoutDelayMs, maxDelayMs } from './login-throttle';

const count = (till: TestTill, sql: string) => (till.core.store.db.prepare(sql).get() as { n: number }).n;

describe('wrong PINs', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill();
  });
  afterEach(() => till.dispose());

  const tablet = (id: string) => ({ trustedLocal: false, device: { id, name: id } });
  const loginFrom = (device: string, userId: string, pin: string) => till.core.dispatcher.dispatch('session.login', { userId, pin }, tablet(device));

  it('wait longer after each failure past the free ones, up to an hour', () => {
    expect([1, 2, 3, 4].map(lockoutDelayMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockoutDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockoutDelayMs(40)).toBe(maxDelayMs);
    expect(lockoutDelayMs(Number.MAX_SAFE_INTEGER)).toBe(maxDelayMs);
  });

  it('lock a user out for longer each time, even across a restart', async () => {
    for (let i = 0; i < 5; i++) await loginFrom('tablet-a', 'user-giulia', '0000');
    // Another tablet: the user's own counter still holds.
    expect(await loginFrom('tablet-b', 'user-giulia', '1111')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT', details: { retryAfterSeconds: 30 } } });
    till.clock.advance(31_000);
    expect(await loginFrom('tablet-b', 'user-giulia', '0000')).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    const reopened = till.reopen();
    try {
      // The sixth failure doubled the wait, and the restart did not forget it.
      const result = await reopened.core.dispatcher.dispatch('session.login', { userId: 'user-giulia', pin: '1111' }, tablet('tablet-c'));
      expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT', details: { retryAfterSeconds: 60 } } });
      reopened.clock.advance(61_000);
      expect(await reopened.core.dispatcher.dispatch('session.login', { userId: 'user-giulia', pin: '1111' }, tablet('tablet-c'))).toMatchObject({ ok: true });
    } finally {
      await reopened.core.close();
    }
  });

  it('slow down a guessing tablet whatever user ids it tries, and leave the counter alone', async () => {
    for (let i = 0; i < 5; i++) await loginFrom('tablet-a', `invented-${i}`, '0000');
    expect(await loginFrom('tablet-a', 'user-marco', '2222')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } });
    expect(await till.raw('session.login', { userId: 'user-marco', pin: '2222' })).toMatchObject({ ok: true });
    expect(await loginFrom('tablet-b', 'user-giulia', '1111')).toMatchObject({ ok: true });
  });

  it('keep the database bounded: a counter row per real user, one audit entry per lockout, nothing for invented ids', async () => {
    const outboxBefore = count(till, 'SELECT count(*) AS n FROM outbox');
    for (let i = 0; i < 40; i++) {
      await loginFrom(`tablet-${i}`, i % 2 === 0 ? 'user-giulia' : `invented-${i}`, '0000');
      till.clock.advance(maxDelayMs);
    }
    expect(count(till, 'SELECT count(*) AS n FROM login_failures')).toBe(1);
    expect(count(till, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'login.%'")).toBe(1);
    expect(count(till, 'SELECT count(*) AS n FROM outbox') - outboxBefore).toBeLessThanOrEqual(1);
  });

  it('limit manager override attempts per till with growing delays', async () => {
    const cashier = await till.login('user-giulia', '1111');
    const { demoEan } = await import('../demo/demo-shop');
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, cashier);
    const discount = (pin: string, userId = 'user-marco') =>
      till.raw('sale.discountLine', { lineId: ticket.lines[0]!.lineId, discount: { kind: 'percent', basisPoints: 5000, reason: 'x' }, override: { userId, pin } }, cashier);
    // Guessing across managers' ids does not reset the till's override counter.
    for (let i = 0; i < 5; i++) await discount('0000', i % 2 === 0 ? 'user-marco' : 'user-admin');
    expect(await discount('2222')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } });
    till.clock.advance(31_000);
    expect(await discount('0000', 'user-admin')).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    expect(await discount('2222')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT', details: { retryAfterSeconds: 60 } } });
    till.clock.advance(61_000);
    expect(await discount('2222')).toMatchObject({ ok: true });
  });
});
