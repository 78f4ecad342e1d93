/**
 * @module
 * The SAP Business One link as head office runs it (issue 19), apart from HTTP: save a link's
 * credentials (sealed with issue 18's vault; the organisation and link id are the associated
 * data) and mappings, test a sign-in, import items now, send a store's day now, the status page,
 * and the schedule's round. Every SAP call goes through the outbound guard the server gives
 * (`fetch`), and a link of another organisation is NOT_FOUND like one that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { addDays, businessDay, CassaError, sapCredentialsSchema, sapProblemText } from '@cassa/shared';
import type { Product, SapCredentialsInput, SapLinkView, SapRunView, SapSettings, SapTestResult } from '@cassa/shared';
import type { CredentialsVault } from '../../channels/credentials-vault';
import type { AdminApi } from '../../admin-api';
import { readDayTakings } from '../../erp/day-takings';
import type { RegisterDayTakings } from '../../erp/day-takings';
import { SapCallError, SapClient } from '../../erp/sap-b1/sap-client';
import type { SapCredentials } from '../../erp/sap-b1/sap-client';
import { sendDayToSap } from '../../erp/sap-b1/sap-day-sender';
import { importSapItems } from '../../erp/sap-b1/sap-item-import';
import type { SapLinkRow, SapRunProblem, SapRunRow, SapStorage } from '../../storage/sap/sap-storage';
import type { SyncStorage } from '../../storage/storage';
import { createCatalogueService } from './catalogue';

/** The vault purpose of SAP credentials (never opens as a channel's). */
const VAULT_PURPOSE = 'sap-b1';
/** Days sent by the schedule start after this hour of the store's next morning (the stores have closed). */
export const SEND_AFTER_HOUR = 4;

export interface SapServiceDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly vault: CredentialsVault;
  /** The guarded fetch (`guardOutboundFetch`). */
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly timeoutMs?: number;
  /** Pauses between retries; tests give a no-op. */
  readonly wait?: (ms: number) => Promise<void>;
  /** The day's takings (default: `readDayTakings`); tests give values. */
  readonly readTakings?: (organisationId: string, storeId: string, businessDay: string) => Promise<RegisterDayTakings[]>;
}

export interface SapService {
  list(organisationId: string): Promise<SapLinkView[]>;
  test(organisationId: string, input: { credentials?: SapCredentialsInput | undefined; linkId?: string | undefined }): Promise<SapTestResult>;
  save(organisationId: string, input: { linkId?: string | undefined; credentials?: SapCredentialsInput | undefined; settings: SapSettings }): Promise<SapLinkView>;
  remove(organisationId: string, linkId: string): Promise<void>;
  importItems(organisationId: string, linkId: string): Promise<SapRunView>;
  sendDay(organisationId: string, linkId: string, storeId: string, businessDay: string): Promise<SapRunView>;
  /** One round of the schedule: items where due, yesterday's days where due. */
  runDue(): Promise<void>;
}

const notFound = () => new CassaError('NOT_FOUND', 'No such SAP link');

const hints = (credentials: SapCredentialsInput): Record<string, string> => ({
  serviceLayerUrl: credentials.serviceLayerUrl,
  companyDb: credentials.companyDb,
  userName: credentials.userName,
  password: `••••${credentials.password.slice(-2)}`,
});

/** Days are tried once a day after the stores' close, and again at most hourly while the last try failed. */
function daysDue(link: SapLinkRow, now: Date): boolean {
  if (link.lastDaysRunAt === null) return true;
  const last = new Date(link.lastDaysRunAt);
  if (now.getTime() - last.getTime() < 60 * 60_000) return false;
  const sameNight = businessDay(last, 'UTC', { dayStartHour: SEND_AFTER_HOUR }) === businessDay(now, 'UTC', { dayStartHour: SEND_AFTER_HOUR });
  return !sameNight || link.lastProblem !== null;
}

const runView = (run: SapRunRow): SapRunView => ({ id: run.id, kind: run.kind, startedAt: run.startedAt, finishedAt: run.finishedAt, outcome: run.outcome, written: run.written, problems: [...run.problems] });

/** A link as the status page shows it: settings, hints, the last runs and days. */
async function linkView(sap: SapStorage, link: SapLinkRow): Promise<SapLinkView> {
  return {
    id: link.id,
    settings: link.settings,
    credentialHints: { ...link.credentialHints },
    lastItemsRunAt: link.lastItemsRunAt,
    lastProblem: link.lastProblem,
    lastProblemDetail: link.lastProblemDetail,
    runs: (await sap.listRuns(link.organisationId, link.id, 20)).map(runView),
    days: (await sap.listDays(link.organisationId, link.id, 60)).map((day) => ({
      storeId: day.storeId,
      businessDay: day.businessDay,
      reference: day.reference,
      state: day.state,
      invoiceDocEntry: day.invoiceDocEntry,
      creditNoteDocEntry: day.creditNoteDocEntry,
      paymentDocEntries: Object.values(day.paymentDocEntries),
      grossCents: day.grossCents,
      sentAt: day.sentAt,
    })),
    createdAt: link.createdAt,
  };
}

export function createSapService(deps: SapServiceDeps): SapService {
  const sap = deps.storage.sap;
  const stamp = () => deps.now().toISOString();
  const clientFor = (credentials: SapCredentials) => new SapClient(credentials, { fetch: deps.fetch, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}), ...(deps.wait ? { wait: deps.wait } : {}) });
  const credentialsOf = (link: SapLinkRow): SapCredentials =>
    sapCredentialsSchema.parse(JSON.parse(deps.vault.openText(VAULT_PURPOSE, link.organisationId, link.id, { sealed: link.credentials, keyId: link.credentialsKeyId })));
  const linkOf = async (organisationId: string, linkId: string) => {
    const link = await sap.getLink(organisationId, linkId);
    if (link === null) throw notFound();
    return link;
  };
  const viewOf = (link: SapLinkRow) => linkView(sap, link);

  /** Runs `work` as a recorded run; a failure of SAP as a whole becomes the run's problem and the link's last problem. */
  const recorded = async (link: SapLinkRow, kind: 'items' | 'day', subject: string, work: () => Promise<{ written: number; problems: readonly SapRunProblem[] }>): Promise<SapRunView> => {
    const id = `sr-${randomUUID()}`;
    const startedAt = stamp();
    await sap.startRun(link.organisationId, { id, linkId: link.id, kind, startedAt });
    let written = 0;
    let problems: readonly SapRunProblem[] = [];
    let failed: SapCallError | null = null;
    try {
      ({ written, problems } = await work());
    } catch (error) {
      if (!(error instanceof SapCallError)) {
        // Not SAP's doing (our storage, the takings read): the run ends as failed, and the error goes on to the log.
        await sap.finishRun(link.organisationId, id, { finishedAt: stamp(), outcome: 'failed', written, problems: [] });
        throw error;
      }
      failed = error;
      problems = [{ subject, problem: error.problem, detail: error.detail }];
    }
    const outcome = failed !== null || (written === 0 && problems.length > 0) ? 'failed' : problems.length > 0 ? 'partial' : 'ok';
    const finishedAt = stamp();
    await sap.finishRun(link.organisationId, id, { finishedAt, outcome, written, problems });
    await sap.updateLink(link.organisationId, link.id, { lastProblem: failed?.problem ?? null, lastProblemDetail: failed?.detail ?? null }, finishedAt);
    return { id, kind, startedAt, finishedAt, outcome, written, problems: [...problems] };
  };

  const service: SapService = {
    async list(organisationId) {
      return Promise.all((await sap.listLinks(organisationId)).map(viewOf));
    },
    async test(organisationId, input) {
      const credentials = input.credentials ?? (input.linkId !== undefined ? credentialsOf(await linkOf(organisationId, input.linkId)) : null);
      if (credentials === null) throw new CassaError('VALIDATION', 'Give credentials or a link to test', { reason: 'sap-credentials-needed' });
      const client = clientFor(credentials);
      try {
        await client.login();
        await client.logout();
        return { ok: true, problem: null, detail: null, message: null };
      } catch (error) {
        if (!(error instanceof SapCallError)) throw error;
        return { ok: false, problem: error.problem, detail: error.detail, message: sapProblemText[error.problem] };
      }
    },
    async save(organisationId, input) {
      const now = stamp();
      for (const warehouse of input.settings.warehouses) {
        if (!(await deps.storage.storeExists(organisationId, warehouse.storeId))) throw new CassaError('NOT_FOUND', `No such store: ${warehouse.storeId}`);
      }
      if (input.linkId === undefined) {
        if (input.credentials === undefined) throw new CassaError('VALIDATION', 'A new SAP link needs its credentials', { reason: 'sap-credentials-needed' });
        const id = `sap-${randomUUID()}`;
        const sealed = deps.vault.sealText(VAULT_PURPOSE, organisationId, id, JSON.stringify(input.credentials));
        await sap.createLink({
          organisationId,
          id,
          settings: input.settings,
          credentials: sealed.sealed,
          credentialsKeyId: sealed.keyId,
          credentialHints: hints(input.credentials),
          itemsCursor: null,
          lastItemsRunAt: null,
          lastDaysRunAt: null,
          lastProblem: null,
          lastProblemDetail: null,
          createdAt: now,
          updatedAt: now,
        });
        return viewOf(await linkOf(organisationId, id));
      }
      const link = await linkOf(organisationId, input.linkId);
      const sealed = input.credentials === undefined ? null : deps.vault.sealText(VAULT_PURPOSE, organisationId, link.id, JSON.stringify(input.credentials));
      await sap.updateLink(
        organisationId,
        link.id,
        { settings: input.settings, ...(sealed && input.credentials ? { credentials: sealed.sealed, credentialsKeyId: sealed.keyId, credentialHints: hints(input.credentials) } : {}) },
        now,
      );
      return viewOf(await linkOf(organisationId, link.id));
    },
    async remove(organisationId, linkId) {
      if (!(await sap.removeLink(organisationId, linkId))) throw notFound();
    },
    async importItems(organisationId, linkId) {
      const link = await linkOf(organisationId, linkId);
      const client = clientFor(credentialsOf(link));
      const catalogue = createCatalogueService({ storage: deps.storage, admin: deps.admin });
      const run = await recorded(link, 'items', 'Items', async () => {
        const products = (await deps.storage.headOffice.readRows(organisationId, 'product')) as Product[];
        const result = await importSapItems({ client, settings: link.settings, catalogue, products, organisationId, cursor: link.itemsCursor });
        await sap.updateLink(organisationId, link.id, { itemsCursor: result.cursor, lastItemsRunAt: stamp() }, stamp());
        return result;
      });
      await client.logout();
      return run;
    },
    async sendDay(organisationId, linkId, storeId, day) {
      const link = await linkOf(organisationId, linkId);
      if (!(await deps.storage.storeExists(organisationId, storeId))) throw new CassaError('NOT_FOUND', `No such store: ${storeId}`);
      const client = clientFor(credentialsOf(link));
      const run = await recorded(link, 'day', `${storeId} ${day}`, async () => {
        const takings = deps.readTakings
          ? await deps.readTakings(organisationId, storeId, day)
          : await readDayTakings(deps.storage, organisationId, { from: day, to: day, storeIds: [storeId] });
        const result = await sendDayToSap({ storage: sap, client, settings: link.settings, organisationId, linkId: link.id, storeId, businessDay: day, takings, now: deps.now, ...(deps.wait ? { wait: deps.wait } : {}) });
        if (result.outcome === 'busy') throw new SapCallError('server-error', 'another send of this day is running', true);
        return { written: result.created, problems: result.problems };
      });
      await client.logout();
      return run;
    },
    async runDue() {
      const now = deps.now();
      const failures: unknown[] = [];
      for (const link of await sap.allLinks()) {
        // One link that cannot run (credentials unreadable, a store's takings failing) holds back no other.
        await runLink(link, now).catch((error: unknown) => failures.push(error));
      }
      if (failures.length > 0) throw new AggregateError(failures, `SAP link: ${failures.length} link(s) failed this round`);
    },
  };
  const runLink = async (link: SapLinkRow, now: Date): Promise<void> => {
    const { itemsEveryMinutes, sendDaysDaily } = link.settings;
    if (itemsEveryMinutes > 0 && (link.lastItemsRunAt === null || now.getTime() - Date.parse(link.lastItemsRunAt) >= itemsEveryMinutes * 60_000)) {
      await service.importItems(link.organisationId, link.id);
    }
    if (!sendDaysDaily || !daysDue(link, now)) return;
    const stores = await deps.storage.headOffice.listStores(link.organisationId);
    for (const { storeId } of link.settings.warehouses) {
      const store = stores.find((candidate) => candidate.id === storeId);
      if (store === undefined) continue;
      // Yesterday in the store's zone, once its night has begun: the day is closed.
      const yesterday = addDays(businessDay(now, store.timeZone, { dayStartHour: SEND_AFTER_HOUR }), -1);
      const sent = await sap.getDay(link.organisationId, link.id, storeId, yesterday);
      if (sent?.state === 'sent') continue;
      await service.sendDay(link.organisationId, link.id, storeId, yesterday);
    }
    await sap.updateLink(link.organisationId, link.id, { lastDaysRunAt: now.toISOString() }, now.toISOString());
  };
  return service;
}
