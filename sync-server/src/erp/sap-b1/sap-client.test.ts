/**
 * The Service Layer session against the emulator: the case-sensitive sign-in path, both cookies,
 * the 30-minute expiry mid-run, paging over several pages, faults retried, wrong credentials
 * worded without the password, and the outbound guard in front of every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Emulator } from '../../../emulators';
import type { RunningSapB1Emulator } from '../../../emulators';
import { guardOutboundFetch } from '../../channels/outbound-guard';
import { SapCallError, SapClient } from './sap-client';

let sap: RunningSapB1Emulator;
const open = guardOutboundFetch(globalThis.fetch.bind(globalThis), { allowPrivate: true });
const noWait = () => Promise.resolve();
const client = (overrides: Partial<RunningSapB1Emulator['credentials']> = {}, timeoutMs = 2_000) =>
  new SapClient({ ...sap.credentials, ...overrides }, { fetch: open, wait: noWait, pageSize: 3, timeoutMs });
const failureOf = async (work: Promise<unknown>): Promise<SapCallError> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SapCallError)) throw new Error(`expected a SapCallError, got ${String(error)}`);
  return error;
};

beforeAll(async () => {
  sap = await startSapB1Emulator({ password: 'S3cret-Pa55word' });
  sap.control.seedItems(Array.from({ length: 8 }, (_, i) => ({ ItemCode: `A${i}`, ItemName: `Articolo ${i}`, SalesVATGroup: 'C22', prices: { 1: 1 + i } })));
});
afterAll(() => sap.close());

describe('SAP B1 Service Layer emulator', () => {
  it('answers /login (lower case) with 401 "Invalid session", and /Login with both cookies', async () => {
    const body = JSON.stringify({ CompanyDB: sap.credentials.companyDb, UserName: sap.credentials.userName, Password: sap.credentials.password });
    const lower = await fetch(`${sap.url}/b1s/v1/login`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(lower.status).toBe(401);
    expect(((await lower.json()) as { error: { message: { value: string } } }).error.message.value).toMatch(/Invalid session or session already timeout/);
    const right = await fetch(`${sap.url}/b1s/v1/Login`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { SessionTimeout: number }).SessionTimeout).toBe(30);
    const cookies = right.headers.getSetCookie().map((c) => c.split(';')[0]!);
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['B1SESSION', 'ROUTEID']);
    const onlySession = await fetch(`${sap.url}/b1s/v1/Items`, { headers: { cookie: cookies[0]! } });
    expect(onlySession.status).toBe(401);
    const both = await fetch(`${sap.url}/b1s/v1/Items?$top=1`, { headers: { cookie: cookies.join('; ') } });
    expect(both.status).toBe(200);
  });

  it('filters, selects and pages with odata.nextLink under Prefer: odata.maxpagesize', async () => {
    const login = await fetch(`${sap.url}/b1s/v1/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: sap.credentials.companyDb, UserName: sap.credentials.userName, Password: sap.credentials.password }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    const first = await fetch(`${sap.url}/b1s/v1/Items?$select=ItemCode&$filter=${encodeURIComponent("ItemCode ge 'A2' and (ItemName ne 'x' or ItemCode eq 'A0')")}`, { headers: { cookie, prefer: 'odata.maxpagesize=4' } });
    const page = (await first.json()) as { value: { ItemCode: string }[]; 'odata.nextLink'?: string };
    expect(page.value).toEqual([{ ItemCode: 'A2' }, { ItemCode: 'A3' }, { ItemCode: 'A4' }, { ItemCode: 'A5' }]);
    expect(page['odata.nextLink']).toMatch(/^Items\?.*\$skip=4/);
    const bad = await fetch(`${sap.url}/b1s/v1/Items?$filter=${encodeURIComponent("Nope eq 'x'")}`, { headers: { cookie } });
    expect(bad.status).toBe(400);
  });
});

describe('SAP B1 emulator control surface', () => {
  it('seeds items and lists documents over HTTP, and faults never reach /__emulator/', async () => {
    sap.control.injectFault({ kind: 'status', status: 500, count: 1 });
    const seeded = await fetch(`${sap.url}/__emulator/items`, { method: 'POST', body: JSON.stringify([{ ItemCode: 'Z9', ItemName: 'Zeta', prices: { 1: 1 } }]) });
    expect(seeded.status).toBe(200);
    expect((await fetch(`${sap.url}/__emulator/items`, { method: 'POST', body: JSON.stringify({ ItemCode: 1 }) })).status).toBe(400);
    expect(await (await fetch(`${sap.url}/__emulator/documents/Invoices`)).json()).toEqual([]);
    expect((await fetch(`${sap.url}/__emulator/documents/Orders`)).status).toBe(404);
    sap.control.clearFaults();
    const items = await client().readAll<{ ItemCode: string }>(`Items?$select=ItemCode&$filter=${encodeURIComponent("ItemCode eq 'Z9'")}`);
    expect(items).toEqual([{ ItemCode: 'Z9' }]);
  });
});

describe('SapClient', () => {
  it('reads every page by its next link', async () => {
    const session = client();
    const before = sap.control.requestCount({ pathIncludes: '/Items' });
    const items = await session.readAll<{ ItemCode: string }>('Items?$select=ItemCode');
    expect(items.map((item) => item.ItemCode)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'Z9']);
    expect(sap.control.requestCount({ pathIncludes: '/Items' }) - before).toBe(3);
  });

  it('signs in again once when the session expires mid-run (30 minutes idle), and carries on', async () => {
    const session = client();
    await session.readAll('Items?$top=1');
    const logins = sap.control.requestCount({ pathIncludes: '/Login' });
    sap.control.advanceClock(30 * 60_000);
    const items = await session.readAll<{ ItemCode: string }>('Items?$select=ItemCode');
    expect(items).toHaveLength(9);
    expect(sap.control.requestCount({ pathIncludes: '/Login' }) - logins).toBe(1);
  });

  it('retries reads after a 502, a dropped connection and a slow answer', async () => {
    const session = client({}, 300);
    await session.login();
    sap.control.injectFault({ kind: 'status', status: 502, count: 1, pathIncludes: '/Items' });
    expect(await session.readAll('Items?$top=1')).toHaveLength(1);
    sap.control.injectFault({ kind: 'drop', count: 1, pathIncludes: '/Items' });
    expect(await session.readAll('Items?$top=1')).toHaveLength(1);
    sap.control.injectFault({ kind: 'timeout', delayMs: 2_000, count: 1, pathIncludes: '/Items' });
    expect(await session.readAll('Items?$top=1')).toHaveLength(1);
    sap.control.injectFault({ kind: 'status', status: 503, count: 5, pathIncludes: '/Items' });
    const failure = await failureOf(session.readAll('Items?$top=1'));
    expect([failure.problem, failure.retryable, failure.status]).toEqual(['server-error', true, 503]);
    sap.control.clearFaults();
  });

  it('words wrong credentials and an unknown company without ever echoing the password', async () => {
    const wrong = await failureOf(client({ password: 'Wrong-Password-123' }).login());
    expect(wrong.problem).toBe('sign-in-refused');
    expect(wrong.detail).toMatch(/Login failed/);
    const company = await failureOf(client({ companyDb: 'S3cret-Pa55word' }).login());
    expect(company.problem).toBe('sign-in-refused');
    expect(company.detail).not.toContain('S3cret-Pa55word');
  });

  it('refuses private addresses unless allowed, before sending anything', async () => {
    const guarded = new SapClient(sap.credentials, { fetch: guardOutboundFetch(globalThis.fetch.bind(globalThis), { allowPrivate: false }), wait: noWait });
    const before = sap.control.requestCount();
    const failure = await failureOf(guarded.login());
    expect(failure.problem).toBe('address-not-allowed');
    expect(sap.control.requestCount()).toBe(before);
  });

  it('refuses a next link to another address', async () => {
    const evil: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/Login')) return new Response('{}', { headers: { 'set-cookie': 'B1SESSION=x' } });
      return new Response(JSON.stringify({ value: [], 'odata.nextLink': 'http://169.254.169.254/latest' }), { status: 200 });
    };
    const failure = await failureOf(new SapClient(sap.credentials, { fetch: evil, wait: noWait }).readAll('Items'));
    expect(failure.problem).toBe('refused');
  });
});
