import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoEan } from '../core';
import { devicesFor } from '../host';
import type { DemoRuntime } from './demo-runtime';
import { startDemoRuntime } from './demo-runtime';
import { demoOrganisationId, demoStoreId } from './embedded-head-office';
import { until } from '../../../test-support/until';


describe('the demo runtime with its embedded head office', () => {
  const dirs: string[] = [];
  let runtime: DemoRuntime | null = null;
  afterEach(async () => {
    await runtime?.close();
    runtime = null;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string): Promise<DemoRuntime> {
    return startDemoRuntime({ dataDir, printerConnection: 'virtual:printer', demo: true, embeddedHeadOffice: { port: 0 }, logger: { error: () => undefined } });
  }

  it('pairs the till, sends its sales up and takes price changes down, never rewriting a past sale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    dirs.push(dir);
    runtime = await start(dir);
    const { core, headOffice } = runtime;
    const call = async (name: string, input: unknown, token?: string) => {
      const result = await core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.data as never;
    };
    expect(core.services.context.storeId).toBe(demoStoreId);
    const token = (await call('session.login', { userId: 'user-giulia', pin: '1111' }) as { token: string }).token;
    await call('shift.open', { floatCents: 5000 }, token);
    await call('sale.scan', { code: demoEan(1) }, token);
    await call('sale.addPayment', { method: 'cash', amountCents: 449 }, token);
    const sale = (await call('sale.complete', { printReceipt: true }, token)) as { saleId: string };

    // The sale reaches head office within seconds, and the till's outbox empties.
    const totals = await until(
      () => headOffice!.server.admin.dailySalesTotals(demoOrganisationId, { from: '2000-01-01', to: '2100-01-01' }),
      (rows) => rows.some((r) => r.salesCount >= 1),
    );
    expect(totals[0]).toMatchObject({ storeId: demoStoreId, salesCount: 1, totalCents: 449 });
    await until(() => core.services.sync.state(), (s) => s.pending === 0 && s.online);

    // Head office changes the coffee's price for this store; the next scan uses it.
    await headOffice!.server.admin.upsertStorePrices(demoOrganisationId, [{ storeId: demoStoreId, variantId: 'v-caf250', priceCents: 399 }]);
    await until(() => core.services.catalogue.findVariant('v-caf250')?.priceCents, (price) => price === 399);
    const ticket = (await call('sale.scan', { code: demoEan(1) }, token)) as { totalCents: number };
    expect(ticket.totalCents).toBe(399);

    // The completed sale still says what the customer paid.
    const receipt = (await call('sale.findReceipt', { query: '0001-0001' }, token)) as { saleId: string; totalCents: number };
    expect(receipt).toMatchObject({ saleId: sale.saleId, totalCents: 449 });
  });

  it('keeps selling with head office down and catches up when it is back, each sale once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    dirs.push(dir);
    runtime = await start(dir);
    const port = Number(new URL(runtime.headOffice!.url).port);
    const first = runtime;
    await until(() => first.core.services.sync.state(), (s) => s.pending === 0 && s.online);
    await first.headOffice!.close();

    const call = async (name: string, input: unknown, token?: string) => {
      const result = await first.core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.data as never;
    };
    const token = (await call('session.login', { userId: 'user-giulia', pin: '1111' }) as { token: string }).token;
    await call('shift.open', { floatCents: 0 }, token);
    for (let i = 0; i < 5; i++) {
      await call('sale.scan', { code: demoEan(2) }, token);
      await call('sale.addPayment', { method: 'card', amountCents: 129 }, token);
      await call('sale.complete', { printReceipt: false }, token);
    }
    await first.core.services.sync.syncNow();
    expect(first.core.services.sync.state()).toMatchObject({ online: false });
    expect(first.core.services.sync.state().pending).toBeGreaterThan(0);

    // Restart the whole runtime: the embedded head office comes back (on whatever port), the till catches up.
    await first.core.close();
    runtime = await startDemoRuntime({ dataDir: dir, printerConnection: 'virtual:printer', demo: true, embeddedHeadOffice: { port }, logger: { error: () => undefined } });
    const second = runtime;
    await until(() => second.core.services.sync.state(), (s) => s.pending === 0 && s.online, 15_000);
    const totals = await second.headOffice!.server.admin.dailySalesTotals(demoOrganisationId, { from: '2000-01-01', to: '2100-01-01' });
    expect(totals.reduce((a, r) => a + r.salesCount, 0)).toBe(5);
    expect(totals.reduce((a, r) => a + r.totalCents, 0)).toBe(5 * 129);
  });
});

describe('the demo head office', () => {
  it('lets the demo owner sign in to the web app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    const runtime = await startDemoRuntime({ dataDir: dir, printerConnection: 'virtual:printer', demo: true, embeddedHeadOffice: { port: 0 }, logger: { error: () => undefined } });
    try {
      const { demoOwner } = await import('./embedded-head-office');
      // As the web app does: the first request hands out a CSRF token, sign-in echoes it.
      const app = runtime.headOffice!.server.app;
      const first = await app.request('/api/ho/session');
      const csrf = /cassa_csrf=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1] ?? '';
      expect(csrf.length).toBeGreaterThanOrEqual(32);
      const login = await app.request('/api/ho/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `cassa_csrf=${csrf}`, 'x-csrf-token': csrf },
        body: JSON.stringify({ email: demoOwner.email, password: demoOwner.password }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(/cassa_ho=/);
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what a till tells head office about itself', () => {
  it('reports its app version and backlog with each push', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    const runtime = await startDemoRuntime({ dataDir: dir, printerConnection: 'virtual:printer', demo: true, embeddedHeadOffice: { port: 0 }, logger: { error: () => undefined } });
    try {
      const devices = await until(
        () => runtime.headOffice!.server.storage.headOffice.listRegisters(demoOrganisationId),
        (list) => list.some((d) => d.appVersion !== null && d.queueLength === 0),
      );
      expect(devices[0]).toMatchObject({ appVersion: '0.1.0', queueLength: 0 });
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unsent records saved to a file', () => {
  it('export from a till that cannot reach head office, import on the server once, and nothing doubles when the till comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-runtime-'));
    let runtime = await startDemoRuntime({ dataDir: dir, ...devicesFor(dir, {}), demo: true, embeddedHeadOffice: { port: 0 }, logger: { error: () => undefined } });
    const port = Number(new URL(runtime.headOffice!.url).port);
    try {
      await until(() => runtime.core.services.sync.state(), (s) => s.pending === 0 && s.online);
      await runtime.headOffice!.close();
      const call = async (name: string, input: unknown, token?: string) => {
        const result = await runtime.core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
        return result.data as never;
      };
      const cashier = ((await call('session.login', { userId: 'user-giulia', pin: '1111' })) as { token: string }).token;
      await call('shift.open', { floatCents: 0 }, cashier);
      for (let i = 0; i < 3; i++) {
        await call('sale.scan', { code: demoEan(1) }, cashier);
        await call('sale.addPayment', { method: 'cash', amountCents: 449 }, cashier);
        await call('sale.complete', { printReceipt: false }, cashier);
      }
      const admin = ((await call('session.login', { userId: 'user-admin', pin: '9999' })) as { token: string }).token;
      await expect(call('sync.unpair', {}, admin)).rejects.toThrow(/SYNC_UNSENT_RECORDS/);
      const exported = (await call('sync.exportUnsent', {}, admin)) as { fileName: string; content: string; records: number };
      expect(exported.records).toBeGreaterThanOrEqual(3 * 2); // each one-line sale: the sale and its stock movement
      expect(exported.fileName).toMatch(/^cassa-unsent-.*\.json$/);

      // Head office imports the file (twice: the second changes nothing).
      const { createSyncServer, importOutbox } = await import('@cassa/sync-server');
      const server = await createSyncServer({ sqlitePath: join(dir, 'head-office.sqlite') });
      const file = (await import('@cassa/shared')).outboxExportSchema.parse(JSON.parse(exported.content));
      const first = await importOutbox(server, demoOrganisationId, file);
      expect(first.applied).toBe(exported.records);
      expect(await importOutbox(server, demoOrganisationId, file)).toMatchObject({ applied: 0, duplicate: exported.records });
      const totals = await server.admin.dailySalesTotals(demoOrganisationId, { from: '2000-01-01', to: '2100-01-01' });
      expect(totals.reduce((a, r) => a + r.salesCount, 0)).toBe(3);
      await server.close();

      // The till comes back: its push finds everything there already, and its outbox empties.
      await runtime.core.close();
      runtime = await startDemoRuntime({ dataDir: dir, ...devicesFor(dir, {}), demo: true, embeddedHeadOffice: { port }, logger: { error: () => undefined } });
      const back = runtime;
      await until(() => back.core.services.sync.state(), (s) => s.pending === 0 && s.online, 15_000);
      const after = await back.headOffice!.server.admin.dailySalesTotals(demoOrganisationId, { from: '2000-01-01', to: '2100-01-01' });
      expect(after.reduce((a, r) => a + r.salesCount, 0)).toBe(3);
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
