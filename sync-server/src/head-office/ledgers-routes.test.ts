/**
 * The ledgers area of `/api/ho` (issue 17) on both engines, as the web page calls it: a voucher
 * issued and found by its code with the page's empty filters, its offline limit set to zero, the
 * chain's rules saved, and a viewer who reads but may not write.
 */
import type { HeadOfficeLedgerAccount, LedgerAccountSummary, LedgerSettingsView } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

describe.each(engines)('head-office ledgers routes on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('issues, finds, limits and sets the rules for owners; viewers read only', async () => {
    const s = await start();
    const anna = await setUp(s);
    const issued = await anna.post('/api/ho/ledgers/vouchers', { amount: 5_000 });
    expect(issued.status).toBe(201);
    const voucher = issued.data as HeadOfficeLedgerAccount;
    expect(voucher).toMatchObject({ kind: 'voucher', balance: 5_000, entries: [expect.objectContaining({ approvedBy: 'Anna Rossi', reason: 'issue' })] });

    const found = await anna.get(`/api/ho/ledgers?kind=&only=&q=${encodeURIComponent(voucher.account.slice(2, 6).toLowerCase())}`);
    expect(found.status).toBe(200);
    expect((found.data as LedgerAccountSummary[]).map((a) => a.account)).toEqual([voucher.account]);
    expect(((await anna.get('/api/ho/ledgers?only=negative')).data as LedgerAccountSummary[])).toEqual([]);
    expect((await anna.get('/api/ho/ledgers?kind=cash')).status).toBe(400);

    const limited = await anna.post(`/api/ho/ledgers/accounts/voucher/${voucher.account}/offline-limit`, { offlineLimit: 0 });
    expect(limited.data).toMatchObject({ offlineLimit: 0, ownOfflineLimit: 0 });
    expect((await anna.post(`/api/ho/ledgers/accounts/voucher/${voucher.account}/offline-limit`, { offlineLimit: -1 })).status).toBe(400);
    expect((await anna.get('/api/ho/ledgers/accounts/voucher/V-NONE-0000')).status).toBe(404);

    const rules = { offlineLimits: { voucher: 1_000, 'store-credit': 0, points: 100 }, loyalty: { pointsPerEuro: 2, centsPerPoint: 1, minimumRedeem: 50 } };
    const saved = await anna.post('/api/ho/ledgers/settings', rules);
    expect(saved.data).toEqual({ ...rules, offlineLimitsAreDefault: false });

    const email = 'vera@example.it';
    const password = 'a long enough password';
    expect((await anna.post('/api/ho/users', { email, name: 'Vera', role: 'viewer', storeIds: [], password })).status).toBe(201);
    const vera = browser(s);
    await vera.get('/api/ho/session');
    await vera.post('/api/ho/login', { email, password });
    expect(((await vera.get('/api/ho/ledgers/settings')).data as LedgerSettingsView).loyalty.pointsPerEuro).toBe(2);
    expect((await vera.get(`/api/ho/ledgers/accounts/voucher/${voucher.account}`)).status).toBe(200);
    expect((await vera.post('/api/ho/ledgers/vouchers', { amount: 100 })).status).toBe(403);
    expect((await vera.post('/api/ho/ledgers/settings', rules)).status).toBe(403);
    expect((await vera.post(`/api/ho/ledgers/accounts/voucher/${voucher.account}/offline-limit`, { offlineLimit: null })).status).toBe(403);
  });
});
