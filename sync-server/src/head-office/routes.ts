/**
 * @module
 * The head-office API under `/api/ho`: every procedure of `headOfficeContract`
 * (shared/src/head-office/contract), served by one adapter that checks each procedure's declared
 * roles and store scope on the server. Handlers (`*-handlers.ts`) only adapt; the rules live in
 * `services/`, tested without HTTP.
 */
import { headOfficeContract } from '@cassa/shared';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AdminApi } from '../admin-api';
import type { Logger } from '../http-support';
import type { Mailer } from './smtp';
import type { Plan } from '../storage/head-office-storage';
import type { SyncStorage } from '../storage/storage';
import { cookiePolicy, csrfCheck, sessionAuth } from './auth';
import type { HeadOfficeEnv } from './auth';
import type { SalesEvents } from './sales-events';
import { accountHandlers, accountServices, usersHandlers } from './account-handlers';
import { catalogueHandlers, tillUserHandlers } from './catalogue-handlers';
import { planHandlers } from './plans';
import { serveHeadOffice } from './serve-head-office';
import { chainSettingsHandlers, stockHandlers } from './stock-handlers';
import { storeHandlers } from './store-handlers';
// Issue 17, ledger area.
import { ledgersHandlers } from './ledgers-handlers';
// Issue 17, customers everywhere
import { customerHandlers } from './customer-handlers';
// Issue 18, sales channels
import { channelsHandlers } from './channels-handlers';
import type { HeadOfficeChannels } from './channels-handlers';
import { channelOrdersHandlers } from './channel-orders-handlers';
// Issue 19, ERP links and the open API
import { apiKeysHandlers } from './api-keys-handlers';
import { webhooksHandlers } from './webhooks-handlers';
import type { HeadOfficeWebhooks } from './webhooks-handlers';
import { erpExportsHandlers } from './erp-exports-handlers';
import { erpImportsHandlers } from './erp-imports-handlers';
import { sapHandlers } from './sap-handlers';
import type { SapService } from './services/sap';

export interface HeadOfficeDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly salesEvents: SalesEvents;
  readonly now: () => Date;
  readonly defaultPlan?: Plan;
  readonly sseHeartbeatMs?: number;
  readonly onEventStream?: (close: () => void) => () => void;
  /** Wrong passwords allowed per client address per 15 minutes (right ones are not counted). */
  readonly loginAttemptsPerWindow?: number;
  /** The request's client address (trusting the configured proxies); default: the socket's peer. */
  readonly clientAddress?: (c: Context) => string;
  /** `CASSA_PUBLIC_URL`: the address people and tills use; https makes every cookie Secure and `__Host-`. */
  readonly publicUrl?: string;
  /** Sends mail (CASSA_SMTP_URL); with it, people who forgot their password get a link by email. */
  readonly mailer?: Mailer;
  readonly log?: Logger;
  /** Issue 18: the channel worker's runtime (vault, connectors) and its wake-up. */
  readonly channels?: HeadOfficeChannels;
  /** Issue 19: the webhook worker's sender (address rule, timeout) and its wake-up. */
  readonly webhooks?: HeadOfficeWebhooks;
  /** Issue 19: the SAP Business One link's service (its vault and guarded network); absent: keyless and closed to private addresses. */
  readonly sap?: SapService;
}

export function createHeadOfficeRoutes(deps: HeadOfficeDeps): Hono<HeadOfficeEnv> {
  const app = new Hono<HeadOfficeEnv>();
  const cookies = cookiePolicy(deps.publicUrl);
  const auth = sessionAuth(deps.storage, deps.now, cookies);

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', csrfCheck(cookies));

  const account = accountServices(deps);
  serveHeadOffice(
    app,
    headOfficeContract,
    {
      ...planHandlers(account.plans),
      ...accountHandlers(deps, account, cookies),
      ...usersHandlers(deps, account),
      ...storeHandlers(deps),
      ...catalogueHandlers(deps),
      ...tillUserHandlers(deps),
      ...stockHandlers(deps),
      ...chainSettingsHandlers(deps),
      // Issue 17, ledger area.
      ...ledgersHandlers(deps),
      // Issue 17, customers everywhere
      ...customerHandlers(deps),
      // Issue 18, sales channels
      ...channelsHandlers(deps),
      ...channelOrdersHandlers(deps),
      // Issue 19, ERP links and the open API
      ...apiKeysHandlers(deps),
      ...webhooksHandlers(deps),
      ...erpExportsHandlers(deps),
      ...erpImportsHandlers(deps),
      ...sapHandlers(deps),
    },
    auth,
  );
  return app;
}
