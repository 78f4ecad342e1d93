import { describe, expect, it } from 'vitest';
import { channelCredentialsSchema } from '@cassa/shared';
import { fakeCredentials, newKey, SECRET } from '../../test/channel-world';
import { channelWorldPerTest } from '../../test/channel-world';
import { engines } from '../../test/fixtures';
import { FakeRemote } from './testing/fake-connector';
import { createCredentialsVault, credentialHints, parseChannelKeys } from './credentials-vault';

const reason = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return (error as { code?: string; details?: { reason?: string } }).details?.reason ?? (error as Error).message;
  }
  return 'no error';
};

describe('credentials vault', () => {
  const credentials = channelCredentialsSchema.parse(fakeCredentials('amazon'));

  it('seals with the first key and opens with any; the sealed text holds no secret', () => {
    const [k1, k2] = [newKey(), newKey()];
    const before = createCredentialsVault(`k1:${k1}`);
    const sealed = before.seal('org-a', 'acct-1', credentials);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed).not.toContain(SECRET);
    expect(Buffer.from(sealed.sealed, 'base64').toString('latin1')).not.toContain(SECRET);
    const rotated = createCredentialsVault(`k2:${k2}, k1:${k1}`);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.open('org-a', 'acct-1', sealed)).toEqual(credentials);
    expect(rotated.seal('org-a', 'acct-1', credentials).keyId).toBe('k2');
    // Two seals of one value differ (fresh IV each time).
    expect(rotated.seal('org-a', 'acct-1', credentials).sealed).not.toBe(rotated.seal('org-a', 'acct-1', credentials).sealed);
  });

  it('a row copied to another organisation or account, tampered with, or under a removed key does not open', () => {
    const k1 = newKey();
    const vault = createCredentialsVault(`k1:${k1}`);
    const sealed = vault.seal('org-a', 'acct-1', credentials);
    expect(reason(() => vault.open('org-b', 'acct-1', sealed))).toBe('channel-credentials-unreadable');
    expect(reason(() => vault.open('org-a', 'acct-2', sealed))).toBe('channel-credentials-unreadable');
    const bytes = Buffer.from(sealed.sealed, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(reason(() => vault.open('org-a', 'acct-1', { ...sealed, sealed: bytes.toString('base64') }))).toBe('channel-credentials-unreadable');
    expect(reason(() => vault.open('org-a', 'acct-1', { ...sealed, sealed: 'AAAA' }))).toBe('channel-credentials-unreadable');
    expect(reason(() => createCredentialsVault(`k2:${newKey()}`).open('org-a', 'acct-1', sealed))).toBe('channel-credentials-unreadable');
  });

  it('without keys, sealing is refused with a declared reason, never a crash; bad key text stops the server', () => {
    expect(reason(() => createCredentialsVault(undefined).seal('o', 'a', credentials))).toBe('channel-keys-missing');
    expect(reason(() => createCredentialsVault('  ').seal('o', 'a', credentials))).toBe('channel-keys-missing');
    expect(() => parseChannelKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseChannelKeys(`nokey${newKey()}`)).toThrow(/id:base64/);
    const k = newKey();
    expect(() => parseChannelKeys(`k1:${k},k1:${k}`)).toThrow(/twice/);
  });

  it('hints show the non-secret fields and only the tail of each secret', () => {
    const hints = credentialHints(credentials);
    expect(hints).toMatchObject({ clientId: 'amzn-client', sellerId: 'SELLER', clientSecret: '••••LEAK', refreshToken: '••••resh' });
    expect(JSON.stringify(hints)).not.toContain(SECRET);
  });
});

describe.each(engines)('key rotation on $name', (engine) => {
  const start = channelWorldPerTest(engine, (kind) => new FakeRemote(kind));

  it('rows under the old key still open after the new key is added, and the background pass re-seals them', async () => {
    const world = await start();
    const k1 = newKey();
    world.vault = createCredentialsVault(`k1:${k1}`);
    const account = await world.connect();
    world.vault = createCredentialsVault(`k2:${newKey()},k1:${k1}`);
    const worker = world.worker();
    expect(world.runtime().credentials((await world.storage.channels.getAccount(world.organisationId, account.id))!)).toMatchObject({ apiKey: SECRET });
    expect(await worker.resealPass()).toBe(1);
    const after = (await world.storage.channels.getAccount(world.organisationId, account.id))!;
    expect(after.credentialsKeyId).toBe('k2');
    expect(after.credentials).not.toBe(account.credentials);
    expect(world.runtime().credentials(after)).toMatchObject({ apiKey: SECRET });
    expect(await worker.resealPass()).toBe(0);
    // Once re-sealed, the old key can go.
    expect(reason(() => createCredentialsVault(`k1:${k1}`).open(world.organisationId, account.id, { sealed: after.credentials, keyId: after.credentialsKeyId }))).toBe(
      'channel-credentials-unreadable',
    );
  });

  it('a row copied into another organisation does not open there', async () => {
    const world = await start();
    const account = await world.connect();
    const other = await world.admin.createOrganisation({ name: 'Altro srl' });
    await world.storage.channels.createAccount({ ...account, organisationId: other.id });
    const copied = (await world.storage.channels.getAccount(other.id, account.id))!;
    expect(reason(() => world.runtime().credentials(copied))).toBe('channel-credentials-unreadable');
  });
});
