import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

describe('the dispatcher', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill();
  });
  afterEach(() => till.dispose());

  it('answers public procedures to anyone and refuses the rest without a session', async () => {
    expect(await till.raw('app.info', {})).toMatchObject({ ok: true, data: { shopName: 'Bottega Demo', exposure: 'local' } });
    expect(await till.raw('sale.current', {})).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'Please log in' } });
  });

  it('tells the register id only to a caller with a session', async () => {
    for (const trustedLocal of [true, false]) {
      const anonymous = await till.core.dispatcher.dispatch('app.info', {}, { trustedLocal });
      expect(anonymous.ok && anonymous.data).toMatchObject({ shopName: 'Bottega Demo' });
      expect(anonymous.ok && Object.keys(anonymous.data as object)).not.toContain('deviceId');
      expect(JSON.stringify(anonymous)).not.toContain(till.core.services.context.deviceId);
    }
    const token = await till.login('user-giulia', '1111');
    expect(await till.raw('app.info', {}, token)).toMatchObject({ ok: true, data: { deviceId: till.core.services.context.deviceId } });
  });

  it('serves local procedures without a session only to a trusted local caller', async () => {
    const local = await till.core.dispatcher.dispatch('session.users', {}, { trustedLocal: true });
    expect(local.ok).toBe(true);
    const lan = await till.core.dispatcher.dispatch('session.users', {}, { trustedLocal: false });
    expect(lan).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_ENROLLED' } });
    const tablet = await till.core.dispatcher.dispatch('session.users', {}, { trustedLocal: false, device: { id: 'd1', name: 'Tablet' } });
    expect(tablet.ok).toBe(true);
  });

  it('rejects unknown procedures and malformed input with clear messages', async () => {
    expect(await till.raw('sale.steal', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Unknown procedure sale.steal' } });
    const token = await till.login('user-giulia', '1111');
    const bad = await till.raw('sale.addPayment', { method: 'gold', amountCents: 1.5 }, token);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.ok === false && bad.error.message).toMatch(/method/);
    expect(bad.ok === false && bad.error.message).toMatch(/amountCents/);
  });

  it('enforces roles', async () => {
    const token = await till.login('user-giulia', '1111');
    expect(await till.raw('session.me', {}, token)).toMatchObject({ ok: true, data: { name: 'Giulia', role: 'cashier' } });
    expect(await till.raw('session.me', {}, 'forged-token')).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('locks a user out after repeated wrong PINs, and audits the lockout once', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await till.raw('session.login', { userId: 'user-giulia', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    }
    expect(await till.raw('session.login', { userId: 'user-giulia', pin: '1111' })).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } });
    till.clock.advance(61_000);
    expect(await till.raw('session.login', { userId: 'user-giulia', pin: '1111' })).toMatchObject({ ok: true });
    const lockouts = till.core.store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'login.lockedOut'").get() as { n: number };
    expect(lockouts.n).toBe(1);
  });

  it('turns an unexpected exception into INTERNAL without leaking it', async () => {
    const token = await till.login('user-giulia', '1111');
    till.core.store.db.exec('DROP TABLE shifts');
    const result = await till.raw('shift.current', {}, token);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error: the till logged the details' } });
  });

  it('runs commands one at a time, in arrival order', async () => {
    const token = await till.login('user-giulia', '1111');
    const { demoEan } = await import('../demo/demo-shop');
    const scans = Array.from({ length: 20 }, (_, i) => till.raw('sale.scan', { code: demoEan(1 + (i % 3)) }, token));
    const results = await Promise.all(scans);
    expect(results.every((r) => r.ok)).toBe(true);
    const ticket = await till.call('sale.current', {}, token);
    expect(ticket!.lines.reduce((a, l) => a + l.quantityMilli, 0)).toBe(20_000);
  });
});
