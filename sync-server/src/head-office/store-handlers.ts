/**
 * @module
 * The dashboard, stores and registers procedures of the head-office contract: each handler adapts
 * one call to its service (the rules live in `services/`); only the live event stream speaks HTTP
 * itself, since it holds the connection open.
 */
import type { dashboardContract, salesContract, storesContract } from '@cassa/shared';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { HeadOfficeDeps } from './routes';
import type { HeadOfficeEnv } from './auth';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { dashboardView, subscribeToSales } from './services/dashboard';
import { getSale, listFiscalClosures, listSales } from './services/fiscal';
import { issuePairingCode, issueRepairCode, listAuditHeads, listProblems, listRegisters, renameRegister, revokeRegister } from './services/registers';
import { listStores, saveStore } from './services/stores';
import type { HeadOfficeUserRow } from '../storage/head-office-storage';

export type StoreHandlerDeps = Pick<HeadOfficeDeps, 'storage' | 'admin' | 'now' | 'salesEvents' | 'defaultPlan' | 'sseHeartbeatMs' | 'onEventStream' | 'publicUrl'>;

/** The address tills are given: the public one when configured (behind a proxy the request's URL is internal). */
function publicOrigin(deps: StoreHandlerDeps, c: Context): string {
  return new URL(deps.publicUrl ?? c.req.url).origin;
}

/** Sale events of the user's stores until the browser goes away, with a heartbeat so proxies keep the stream open. */
function saleStream(deps: StoreHandlerDeps, c: Context<HeadOfficeEnv>, user: HeadOfficeUserRow): Response {
  return streamSSE(c, async (stream) => {
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const unsubscribe = subscribeToSales(deps.salesEvents, user, (event) => {
      stream.writeSSE({ event: 'sale', data: JSON.stringify(event) }).catch(finish);
    });
    const unregister = deps.onEventStream?.(finish) ?? (() => undefined);
    const heartbeat = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(finish);
    }, deps.sseHeartbeatMs ?? 20_000);
    stream.onAbort(finish);
    await stream.writeSSE({ event: 'hello', data: '{}' });
    await finished;
    clearInterval(heartbeat);
    unsubscribe();
    unregister();
  });
}

export function storeHandlers(deps: StoreHandlerDeps): HeadOfficeHandlers<typeof dashboardContract & typeof storesContract & typeof salesContract> {
  const ho = deps.storage.headOffice;
  return {
    'dashboard.get': (query, call) => dashboardView(ho, userOf(call), query, deps.now(), deps.storage.channelOrders),
    'dashboard.events': (_input, call) => saleStream(deps, call.http, userOf(call)),
    'stores.list': (_input, call) => listStores(ho, userOf(call)),
    'stores.save': (input, call) => saveStore({ ho, admin: deps.admin }, userOf(call), input),
    'registers.list': (_input, call) => listRegisters(deps, userOf(call), deps.now()),
    'registers.issuePairingCode': ({ storeId }, call) => issuePairingCode(deps, userOf(call), storeId, publicOrigin(deps, call.http)),
    'registers.rename': ({ id, name }, call) => renameRegister(deps, userOf(call), id, name),
    'registers.issueRepairCode': ({ id }, call) => issueRepairCode(deps, userOf(call), id, publicOrigin(deps, call.http)),
    'registers.revoke': ({ id }, call) => revokeRegister(deps, userOf(call), id),
    'problems.list': (_input, call) => listProblems(deps, userOf(call)),
    'auditHeads.list': (_input, call) => listAuditHeads(deps, userOf(call)),
    'sales.list': (query, call) => listSales(ho, userOf(call), query, deps.now()),
    'sales.get': ({ id }, call) => getSale(ho, userOf(call), id),
    'fiscalClosures.list': ({ register }, call) => listFiscalClosures(ho, userOf(call), register),
  };
}
