import { channelConnectInputSchema, channelKinds, channelSecretFields } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { blankCredentials, credentialFields, credentialsFromForm } from './channels-credentials';
import { channelsEn, channelsIt } from './channels-texts';

describe('the channel credentials form, built from the schemas', () => {
  it('PrestaShop asks for an address and a key (a password), and offers the shop id and version with their defaults', () => {
    expect(credentialFields('prestashop')).toEqual([
      { name: 'baseUrl', input: 'url', secret: false, required: true, initial: '', options: [] },
      { name: 'apiKey', input: 'password', secret: true, required: true, initial: '', options: [] },
      { name: 'shopId', input: 'number', secret: false, required: false, initial: '1', options: [] },
      { name: 'version', input: 'select', secret: false, required: false, initial: '8', options: ['1.7', '8'] },
    ]);
  });

  it('every secret of every kind is a password input that starts empty, and every field has a label and help in both languages', () => {
    for (const kind of channelKinds) {
      const fields = credentialFields(kind);
      expect(fields.filter((f) => f.secret).map((f) => f.name)).toEqual([...channelSecretFields[kind]]);
      for (const f of fields.filter((f) => f.secret)) expect(f).toMatchObject({ input: 'password', initial: '' });
      expect(Object.keys(channelsIt.fields[kind]).sort()).toEqual(fields.map((f) => f.name).sort());
      for (const texts of [channelsIt.fields[kind], channelsEn.fields[kind]]) {
        for (const f of fields) {
          const text = (texts as Record<string, { label: string; help: string }>)[f.name];
          expect(text?.label.trim()).not.toBe('');
          expect(text?.help.trim()).not.toBe('');
        }
      }
    }
  });

  it('the help says where the owner finds each credential', () => {
    expect(channelsIt.fields.prestashop.apiKey.help).toContain('Parametri avanzati → Webservice');
    expect(channelsEn.fields.prestashop.apiKey.help).toContain('Advanced parameters → Webservice');
    expect(channelsIt.fields.amazon.clientSecret.help).toContain('Seller Central');
    expect(channelsEn.fields.ebay.clientId.help).toContain('developer.ebay.com');
  });

  it('a filled Amazon form becomes credentials the connect call accepts, defaults kept, pasted keys trimmed', () => {
    const values = {
      ...blankCredentials('amazon'),
      endpoint: 'https://sellingpartnerapi-eu.amazon.com',
      tokenUrl: 'https://api.amazon.com/auth/o2/token',
      clientId: 'amzn1.application-oa2-client.abc',
      clientSecret: '  s3cr3t-value\n',
      refreshToken: 'Atzr|IwEBI',
      sellerId: 'A2EUQ1WTGCTBG2',
    };
    const check = credentialsFromForm('amazon', values);
    expect(check).toEqual({
      ok: true,
      credentials: { kind: 'amazon', ...values, clientSecret: 's3cr3t-value', marketplaceId: 'APJ6JRA9NG5V4', productType: 'PRODUCT' },
    });
    if (check.ok) expect(channelConnectInputSchema.safeParse({ name: 'Amazon.it', storeIds: ['milano'], safetyBuffer: 0, credentials: check.credentials }).success).toBe(true);
  });

  it('names each wrong field: missing, not an address, not a whole number, and an optional field left empty takes its default', () => {
    expect(credentialsFromForm('prestashop', { baseUrl: 'negozio.example.it', apiKey: '', shopId: '1e3', version: '8' })).toEqual({
      ok: false,
      problems: [
        { field: 'baseUrl', missing: false },
        { field: 'apiKey', missing: true },
        { field: 'shopId', missing: false },
      ],
    });
    expect(credentialsFromForm('prestashop', { baseUrl: 'https://negozio.example.it', apiKey: 'K'.repeat(32), shopId: '', version: '' })).toEqual({
      ok: true,
      credentials: { kind: 'prestashop', baseUrl: 'https://negozio.example.it', apiKey: 'K'.repeat(32), shopId: 1, version: '8' },
    });
    // A version the schema does not know, a shop id of 0 and a NUL in a key are refused before any call.
    const wrong = credentialsFromForm('prestashop', { baseUrl: 'https://negozio.example.it', apiKey: 'AB\u0000CD', shopId: '0', version: '9' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems.map((p) => p.field).sort()).toEqual(['apiKey', 'shopId', 'version']);
  });

  it('eBay: a form of only blanks lists every required field once', () => {
    const check = credentialsFromForm('ebay', {});
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toEqual(['apiBaseUrl', 'clientId', 'clientSecret', 'refreshToken', 'merchantLocationKey'].map((field) => ({ field, missing: true })));
  });
});
