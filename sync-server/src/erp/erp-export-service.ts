/**
 * @module
 * ERP exports (issue 19): profiles checked and saved, an export run for a range of business days
 * (rows from the day of takings, rendered by the profile's column map, kept whole with its SHA-256
 * checksum), the exports listed and downloaded, and the daily schedule: each scheduled profile
 * exports yesterday, once, after its time in its first store's zone.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CassaError, ExportRenderError, MAX_EXPORT_DAYS, businessDay, exportFileType, layoutProblems, localDayAndHour, renderExport } from '@cassa/shared';
import type { ErpExportFile, ErpExportProfileInput, ErpExportProfileView, ErpExportView, ExportDataset, ExportFormat, ExportLayout } from '@cassa/shared';
import type { ErpExportProfileRow, ErpExportRow } from '../storage/erp/erp-export-storage';
import type { SyncStorage } from '../storage/storage';
import { exportRows } from './export-rows';

export interface ErpExportDeps {
  readonly storage: SyncStorage;
  readonly now: () => Date;
  /** Where the schedule reports a profile it could not export. */
  readonly log?: (line: string) => void;
}

type ProfileInput = Omit<ErpExportProfileInput, 'layout'> & { readonly layout: ExportLayout };

function profileView(row: ErpExportProfileRow): ErpExportProfileView {
  return {
    id: row.id,
    name: row.name,
    layout: row.layout,
    storeIds: row.storeIds === null ? null : [...row.storeIds],
    scheduleTime: row.scheduleTime,
    lastScheduledDay: row.lastScheduledDay,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function exportView(row: ErpExportRow): ErpExportView {
  return {
    id: row.id,
    profileId: row.profileId,
    profileName: row.profileName,
    dataset: row.dataset as ExportDataset,
    format: row.format as ExportFormat,
    from: row.fromDay,
    to: row.toDay,
    storeIds: row.storeIds === null ? null : [...row.storeIds],
    fileName: row.fileName,
    checksum: row.checksum,
    rows: row.rowCount,
    bytes: row.byteCount,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The file's name from what it holds, never from the moment it was made: a re-export is named the same. */
function fileNameOf(profile: ErpExportProfileRow, from: string, to: string): string {
  const slug =
    profile.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .toLowerCase() || 'export';
  return `${slug}_${from}${from === to ? '' : `_${to}`}.${exportFileType(profile.layout.format).extension}`;
}

export interface ErpExportService {
  profiles(organisationId: string): Promise<ErpExportProfileView[]>;
  createProfile(organisationId: string, input: ProfileInput): Promise<ErpExportProfileView>;
  updateProfile(organisationId: string, id: string, input: ProfileInput): Promise<ErpExportProfileView>;
  deleteProfile(organisationId: string, id: string): Promise<void>;
  run(organisationId: string, input: { profileId: string; from: string; to: string }, createdBy: string): Promise<ErpExportView>;
  /** `storeIds`: only exports wholly within these stores (a store-limited API key); null: all. */
  list(organisationId: string, query: { limit: number; after?: string | undefined; profileId?: string | undefined }, storeIds?: readonly string[] | null): Promise<{ exports: ErpExportView[]; next: string | null }>;
  file(organisationId: string, id: string, storeIds?: readonly string[] | null): Promise<ErpExportFile>;
  /** Runs the exports the schedule owes at `now`; how many were made. */
  runScheduled(now: Date): Promise<number>;
}

/** Whether an export's stores lie within a key's stores. */
function within(exportStores: readonly string[] | null, allowed: readonly string[] | null | undefined): boolean {
  if (allowed === null || allowed === undefined) return true;
  return exportStores !== null && exportStores.every((s) => allowed.includes(s));
}

export function createErpExportService(deps: ErpExportDeps): ErpExportService {
  const { storage } = deps;

  async function checked(organisationId: string, input: ProfileInput): Promise<void> {
    const [problem] = layoutProblems(input.layout);
    if (problem) throw new CassaError('VALIDATION', `Column ${problem.column}: ${problem.reason}`, { ...problem });
    for (const storeId of input.storeIds ?? []) {
      if (!(await storage.storeExists(organisationId, storeId))) throw new CassaError('NOT_FOUND', `No such store ${storeId}`);
    }
  }

  async function profileOf(organisationId: string, id: string): Promise<ErpExportProfileRow> {
    const profile = await storage.erpExports.profile(organisationId, id);
    if (!profile) throw new CassaError('NOT_FOUND', 'No such export profile');
    return profile;
  }

  async function exportDays(profile: ErpExportProfileRow, from: string, to: string, createdBy: string, now: Date): Promise<ErpExportView> {
    const days = dayNumber(to) - dayNumber(from) + 1;
    if (days < 1) throw new CassaError('VALIDATION', 'The range ends before it starts');
    if (days > MAX_EXPORT_DAYS) throw new CassaError('VALIDATION', `At most ${MAX_EXPORT_DAYS} days can be exported at once`, { reason: 'erp-export-range-too-long', days: MAX_EXPORT_DAYS });
    const rows = await exportRows(storage, profile.organisationId, profile.layout.dataset, { from, to, storeIds: profile.storeIds });
    let content: string;
    try {
      content = renderExport(profile.layout, rows);
    } catch (error) {
      if (!(error instanceof ExportRenderError)) throw error;
      const p = error.problem;
      throw new CassaError('VALIDATION', error.message, { ...p });
    }
    const bytes = Buffer.from(content, 'utf8');
    const row: ErpExportRow = {
      id: `erpx-${randomUUID()}`,
      profileId: profile.id,
      profileName: profile.name,
      dataset: profile.layout.dataset,
      format: profile.layout.format,
      fromDay: from,
      toDay: to,
      storeIds: profile.storeIds,
      fileName: fileNameOf(profile, from, to),
      checksum: createHash('sha256').update(bytes).digest('hex'),
      rowCount: rows.length,
      byteCount: bytes.length,
      createdBy,
      createdAt: now.toISOString(),
    };
    await storage.erpExports.recordExport(profile.organisationId, row, content);
    return exportView(row);
  }

  /** The zone the schedule reads its time in: the profile's first store's, else the organisation's first store's. */
  async function zoneOf(profile: ErpExportProfileRow): Promise<string> {
    const stores = await storage.headOffice.listStores(profile.organisationId);
    const first = profile.storeIds?.[0];
    const store = first === undefined ? [...stores].sort((a, b) => (a.id < b.id ? -1 : 1))[0] : stores.find((s) => s.id === first);
    return store?.timeZone ?? 'Europe/Rome';
  }

  return {
    async profiles(organisationId) {
      return (await storage.erpExports.profiles(organisationId)).map(profileView);
    },
    async createProfile(organisationId, input) {
      await checked(organisationId, input);
      const at = deps.now().toISOString();
      const row: ErpExportProfileRow = { organisationId, id: `erpp-${randomUUID()}`, ...input, storeIds: input.storeIds ?? null, scheduleTime: input.scheduleTime ?? null, lastScheduledDay: null, createdAt: at, updatedAt: at };
      await storage.erpExports.saveProfile(row);
      return profileView(row);
    },
    async updateProfile(organisationId, id, input) {
      const held = await profileOf(organisationId, id);
      await checked(organisationId, input);
      const row: ErpExportProfileRow = { ...held, name: input.name, layout: input.layout, storeIds: input.storeIds ?? null, scheduleTime: input.scheduleTime ?? null, updatedAt: deps.now().toISOString() };
      await storage.erpExports.saveProfile(row);
      return profileView(row);
    },
    async deleteProfile(organisationId, id) {
      if (!(await storage.erpExports.deleteProfile(organisationId, id))) throw new CassaError('NOT_FOUND', 'No such export profile');
    },
    async run(organisationId, input, createdBy) {
      return exportDays(await profileOf(organisationId, input.profileId), input.from, input.to, createdBy, deps.now());
    },
    async list(organisationId, query, storeIds) {
      const page = await storage.erpExports.exports(organisationId, { limit: query.limit, after: query.after ?? null, ...(query.profileId === undefined ? {} : { profileId: query.profileId }) });
      // A store-limited key's page may hold fewer than `limit`: the cursor still walks every export.
      return { exports: page.exports.filter((e) => within(e.storeIds, storeIds)).map(exportView), next: page.next };
    },
    async file(organisationId, id, storeIds) {
      const held = await storage.erpExports.exportFile(organisationId, id);
      if (!held || !within(held.row.storeIds, storeIds)) throw new CassaError('NOT_FOUND', 'No such export');
      return { fileName: held.row.fileName, mediaType: exportFileType(held.row.format as ExportFormat).mediaType, checksum: held.row.checksum, content: held.content };
    },
    async runScheduled(now) {
      let made = 0;
      for (const profile of await storage.erpExports.scheduledProfiles()) {
        const zone = await zoneOf(profile);
        const today = businessDay(now, zone);
        const { hour } = localDayAndHour(now, zone);
        const minute = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, minute: 'numeric' }).format(now));
        const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        if (profile.scheduleTime === null || clock < profile.scheduleTime) continue;
        const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        if (profile.lastScheduledDay !== null && profile.lastScheduledDay >= yesterday) continue;
        // Claimed before running: two servers, or a tick that overlaps the last, export the day once.
        if (!(await storage.erpExports.claimScheduledDay(profile.organisationId, profile.id, yesterday))) continue;
        try {
          await exportDays(profile, yesterday, yesterday, 'schedule', now);
          made += 1;
        } catch (error) {
          // A profile whose file cannot be written (a value it refuses) must not stop the others;
          // the day stays claimed (no retry storm), and the owner runs it by hand after fixing the map.
          deps.log?.(`erp export ${profile.organisationId}/${profile.id} for ${yesterday} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return made;
    },
  };
}
