import { afterEach, describe, expect, it } from 'vitest';
import { createTestTill } from '../testing/test-till';
import { hashPin, setPinHashCostForTests, unsealPinHash, verifyPin } from './pin-hash';

const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

// The test till hashes new PINs cheaply (testing/test-till.ts); a real till must not.
describe('PIN hashing cost', () => {
  afterEach(() => setPinHashCostForTests(environment?.['CASSA_FULL_HASH_COST'] === '1' ? 'production' : 'cheap'));

  it('hashes new PINs at N = 16384 on a till, whatever the tests use', async () => {
    setPinHashCostForTests('production');
    const till = createTestTill();
    try {
      const stored = till.core.services.users.exportAll().map((u) => u.pinHash);
      expect(stored.length).toBeGreaterThan(0);
      for (const hash of stored) expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(hashPin('2580')).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(await till.login('user-giulia', '1111')).toBeTruthy();
    } finally {
      await till.dispose();
    }
  });

  it('verifies a PIN hashed at either cost by the cost written in the hash', () => {
    setPinHashCostForTests('cheap');
    const cheap = hashPin('1234');
    expect(cheap).toMatch(/^scrypt\$1024\$/);
    setPinHashCostForTests('production');
    const full = hashPin('1234');
    expect(unsealPinHash(full, null)).toBe(full);
    for (const hash of [cheap, full]) {
      expect(verifyPin('1234', hash)).toBe(true);
      expect(verifyPin('4321', hash)).toBe(false);
    }
  });
});
