import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

describe('enrolling LAN tablets', () => {
  let till: TestTill;
  let manager: string;
  let granted: string[];
  beforeEach(async () => {
    till = createTestTill();
    manager = await till.login('user-marco', '2222');
    granted = [];
  });
  afterEach(() => till.dispose());

  const enrol = (code: string, name = 'Tablet') =>
    till.core.dispatcher.dispatch('lanDevices.enrol', { code, name }, { trustedLocal: false, grantDeviceCredential: (secret) => granted.push(secret) });

  it('takes a code only at the counter and only from a manager', async () => {
    const cashier = await till.login('user-giulia', '1111');
    expect(await till.raw('lanDevices.issueCode', {}, cashier)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    expect(await till.raw('lanDevices.issueCode', {}, manager)).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^\d{6}$/) } });
  });

  it('lets a code expire after ten minutes', async () => {
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    till.clock.advance(10 * 60 * 1000 + 1);
    expect(await enrol(code)).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    expect(granted).toEqual([]);
  });

  it('burns a code after five wrong tries, so it cannot be guessed', async () => {
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    const wrong = (n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 5; i++) expect(await enrol(wrong(i))).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
    expect(await enrol(code)).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });
  });

  it('keeps only a hash of the credential, and a revoked tablet is refused', async () => {
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    expect(await enrol(code, 'Tablet cassa 2')).toMatchObject({ ok: true });
    const [secret] = granted;
    const stored = JSON.stringify(till.core.store.db.prepare('SELECT * FROM lan_devices').all());
    expect(stored).not.toContain(secret);
    const device = till.core.services.lanDevices.resolve(secret);
    expect(device).toMatchObject({ name: 'Tablet cassa 2' });
    expect(till.core.services.lanDevices.resolve(`${secret}x`)).toBeNull();
    await till.call('lanDevices.revoke', { id: device!.id }, manager);
    expect(till.core.services.lanDevices.resolve(secret)).toBeNull();
    expect(await till.call('lanDevices.list', {}, manager)).toEqual([expect.objectContaining({ id: device!.id, revokedAt: expect.any(String) })]);
    expect(await till.raw('lanDevices.revoke', { id: 'someone-elses-device' }, manager)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses to enrol the counter itself', async () => {
    const { code } = await till.call('lanDevices.issueCode', {}, manager);
    expect(await till.raw('lanDevices.enrol', { code, name: 'Counter' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
