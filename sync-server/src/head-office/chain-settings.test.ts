import type { ChainSettingsView, SyncChange } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, serverPerTest, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

describe.each(engines)('chain till settings on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  const chain = {
    scaleLayouts: [
      { prefix: '27', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
      { prefix: '28', itemDigits: 5, value: 'price', valueDigits: 4, decimals: 2, priceCheckDigit: true },
    ],
    approvals: { cancelTicket: true, voidLine: false },
    maxLineAmountCents: 250_000,
  };

  it('starts from the documented default and sends what the owner saves down every till\'s settings stream', async () => {
    const s = await start();
    const anna = await setUp(s);
    const before = (await anna.get('/api/ho/chain-settings')).data as ChainSettingsView;
    expect(before).toMatchObject({ scaleLayoutsAreDefault: true, approvals: { cancelTicket: true, voidLine: true }, maxLineAmountCents: 1_000_000 });
    expect(before.scaleLayouts.map((l) => l.prefix)).toEqual(['20', '21', '22', '23', '24']);

    const saved = await anna.post('/api/ho/chain-settings', chain);
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ ...chain, scaleLayoutsAreDefault: false });

    const milano = ((await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string }).id;
    const { code } = (await anna.post(`/api/ho/stores/${milano}/pairing-codes`)).data as { code: string };
    const till = await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'dev-1' });
    const pulled = await s.service.pull(
      { organisationId: till.organisationId, storeId: milano, deviceId: 'dev-1' },
      { ...versions, stream: 'settings', cursor: null },
    );
    expect(pulled.kind).toBe('changes');
    const settings = Object.fromEntries(
      (pulled.kind === 'changes' ? (pulled.changes as SyncChange[]) : []).flatMap((c) => (c.entity === 'setting' && c.data ? [[c.key, c.data.value]] : [])),
    );
    expect(settings).toMatchObject({
      'scan.layouts': chain.scaleLayouts,
      'approval.cancelTicket': 'true',
      'approval.voidLine': 'false',
      'sale.maxLineAmountCents': '250000',
    });
  });

  it('refuses layouts that do not add up, naming each problem, and anyone but the owner', async () => {
    const s = await start();
    const anna = await setUp(s);
    const bad = await anna.post('/api/ho/chain-settings', {
      ...chain,
      scaleLayouts: [chain.scaleLayouts[0], { ...chain.scaleLayouts[0], value: 'price', decimals: 2, itemDigits: 6 }],
    });
    expect(bad.status).toBe(400);
    expect((bad.json.error as { details?: unknown } | undefined)?.details).toEqual({
      scaleLayoutProblems: [
        { code: 'digits', prefix: '27', total: 13 },
        { code: 'overlap', prefix: '27', other: '27' },
      ],
    });
    expect(((await anna.get('/api/ho/chain-settings')).data as ChainSettingsView).scaleLayoutsAreDefault).toBe(true);

    const email = 'marta@example.it';
    const password = 'a long enough password';
    expect((await anna.post('/api/ho/users', { email, name: 'Marta', role: 'manager', storeIds: [], password })).status).toBe(201);
    const marta = browser(s);
    await marta.get('/api/ho/session');
    await marta.post('/api/ho/login', { email, password });
    expect((await marta.get('/api/ho/chain-settings')).status).toBe(200);
    expect((await marta.post('/api/ho/chain-settings', chain)).status).toBe(403);
  });
});
