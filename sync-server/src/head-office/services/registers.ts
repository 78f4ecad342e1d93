/**
 * @module
 * Registers: pairing a new one (only while the plan has a register seat left), pairing one again,
 * renaming and revoking, and what registers pushed that head office must look at. A register is
 * looked up in the user's own organisation, then its store is checked against the user's stores,
 * so a manager of one store never sees or changes another's registers, nor another
 * organisation's.
 */
import { CassaError } from '@cassa/shared';
import type { AuditHeadView, PairingCodeResponse, PairingCodeView, ProblemRecordView, RegisterView } from '@cassa/shared';
import QRCode from 'qrcode';
import type { AdminApi } from '../../admin-api';
import type { HeadOfficeUserRow, Plan, RegisterRow } from '../../storage/head-office-storage';
import type { SyncStorage } from '../../storage/storage';
import { requireStore } from '../auth';
import { fiscalViewsOf } from './fiscal';
import { createPlans } from './plans';
import { seesStore } from './stores';

export interface RegisterServiceDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly defaultPlan?: Plan;
}

/** A pairing code lives an hour: long enough to walk to the till, short enough not to linger. */
const PAIRING_CODE_MINUTES = 60;
/** The most flagged records shown at once. */
const PROBLEMS_SHOWN = 500;

async function visibleRegisters(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow): Promise<RegisterRow[]> {
  return (await deps.storage.headOffice.listRegisters(user.organisationId)).filter((r) => seesStore(user, r.storeId));
}

/** The user's registers with their health and, for one with a fiscal device, its status and warnings on `now`. */
export async function listRegisters(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow, now: Date): Promise<RegisterView[]> {
  const registers = await visibleRegisters(deps, user);
  const fiscal = await fiscalViewsOf(deps.storage.headOffice, user.organisationId, registers, now);
  return registers.map((r) => ({ ...r, fiscal: fiscal.get(r.id) ?? null }));
}

/** The register with this id in the user's organisation, if it is in one of the user's stores. */
export async function requireRegister(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow, deviceId: string): Promise<RegisterRow> {
  const register = (await deps.storage.headOffice.listRegisters(user.organisationId)).find((r) => r.id === deviceId);
  if (!register) throw new CassaError('NOT_FOUND', `No register ${deviceId}`);
  requireStore(user, register.storeId);
  return register;
}

/** Refuses a new register when every register seat of the plan is taken (the plans service's one rule). */
export async function assertRegisterSeat(deps: RegisterServiceDeps, organisationId: string): Promise<void> {
  await createPlans({ ho: deps.storage.headOffice, defaultPlan: deps.defaultPlan }).requireFreeSeat(organisationId, 'registers');
}

/**
 * The code with what a till needs to use it. `origin` is the server's public address (behind a
 * proxy the request's own URL is the internal one: tills must get the public one).
 */
export async function withQr(code: PairingCodeResponse, origin: string): Promise<PairingCodeView> {
  const qrText = `cassa://pair?server=${encodeURIComponent(origin)}&code=${code.code}`;
  const qrSvg = await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { ...code, serverUrl: origin, qrText, qrSvg };
}

/** A code pairing a new register to one of the user's stores, while the plan has a register seat left. */
export async function issuePairingCode(deps: RegisterServiceDeps, user: HeadOfficeUserRow, storeId: string, origin: string): Promise<PairingCodeView> {
  // The adapter checked this already (the declaration's store scope); the rule holds here on its own too.
  requireStore(user, storeId);
  await assertRegisterSeat(deps, user.organisationId);
  const code = await deps.admin.createPairingCode(user.organisationId, storeId, { ttlMinutes: PAIRING_CODE_MINUTES });
  return withQr(code, origin);
}

/** Pairs this register again when its till lost its token (reinstalled, restored from an old backup). */
export async function issueRepairCode(deps: RegisterServiceDeps, user: HeadOfficeUserRow, deviceId: string, origin: string): Promise<PairingCodeView> {
  await requireRegister(deps, user, deviceId);
  const code = await deps.admin.createRegisterPairingCode(user.organisationId, deviceId, { ttlMinutes: PAIRING_CODE_MINUTES });
  return withQr(code, origin);
}

export async function renameRegister(deps: RegisterServiceDeps, user: HeadOfficeUserRow, deviceId: string, name: string): Promise<{ renamed: true }> {
  await requireRegister(deps, user, deviceId);
  await deps.storage.headOffice.renameRegister(user.organisationId, deviceId, name);
  return { renamed: true };
}

export async function revokeRegister(deps: RegisterServiceDeps, user: HeadOfficeUserRow, deviceId: string): Promise<{ revoked: true }> {
  await requireRegister(deps, user, deviceId);
  await deps.admin.revokeDevice(user.organisationId, deviceId);
  return { revoked: true };
}

/** Device ids of the registers the user may see. */
async function visibleRegisterIds(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow): Promise<Set<string>> {
  return new Set((await visibleRegisters(deps, user)).map((r) => r.id));
}

/** Records the user's registers pushed that were flagged or set aside: what head office must look at. */
export async function listProblems(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow): Promise<ProblemRecordView[]> {
  const visible = await visibleRegisterIds(deps, user);
  return (await deps.storage.listProblems(user.organisationId, PROBLEMS_SHOWN)).filter((p) => visible.has(p.deviceId));
}

/** Each of the user's registers' audit chain as pushed: compare with `npm run verify-audit` at the till. */
export async function listAuditHeads(deps: Pick<RegisterServiceDeps, 'storage'>, user: HeadOfficeUserRow): Promise<AuditHeadView[]> {
  const visible = await visibleRegisterIds(deps, user);
  return (await deps.storage.auditHeads(user.organisationId)).filter((h) => visible.has(h.deviceId));
}
