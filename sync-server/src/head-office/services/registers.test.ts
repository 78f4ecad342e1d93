import { AUDIT_GENESIS_HASH, CassaError } from '@cassa/shared';
import type { AuditRecord, HeadOfficeRole } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { jsonRequest, op, pairTill, sale, seedTenant, serverPerTest, sqliteEngine, versions } from '../../../test/fixtures';
import { auditEntryHash } from '../../audit-chain';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import { issuePairingCode, issueRepairCode, listAuditHeads, listProblems, listRegisters, renameRegister, revokeRegister, withQr } from './registers';

// The rules are the service's, not the database's: one engine is enough (the storage tests run both).
const start = serverPerTest(sqliteEngine);
const origin = 'https://cassa.example.it';

function person(organisationId: string, role: HeadOfficeRole, storeIds: readonly string[] = []): HeadOfficeUserRow {
  return { organisationId, id: `hou-${role}-${storeIds.join('-')}`, email: `${role}@example.it`, name: role, passwordHash: '', role, storeIds, failedLogins: 0, lockedUntil: null };
}

async function refusal(work: Promise<unknown>): Promise<CassaError> {
  const error: unknown = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CassaError)) throw new Error(`expected a CassaError, got ${String(error)}`);
  return error;
}

describe('registers service', () => {
  it('issues pairing codes while the plan has a register seat, refuses the next with the limit, and again after a revoke', async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId, till } = await seedTenant(s);
    await s.storage.headOffice.setPlan(organisationId, { plan: 'tiny', maxRegisters: 2, maxUsers: 1 });
    const deps = { storage: s.storage, admin: s.admin };
    const owner = person(organisationId, 'owner');
    const code = await issuePairingCode(deps, owner, otherStoreId, origin);
    expect(code).toMatchObject({ organisationId, storeId: otherStoreId, serverUrl: origin });
    await s.service.pair({ ...versions, code: code.code, deviceName: 'Cassa 2', deviceId: 'dev-2' });
    const full = await refusal(issuePairingCode(deps, owner, storeId, origin));
    expect(full.code).toBe('CONFLICT');
    expect(full.message).toBe('Your tiny plan allows 2 registers and all are in use: revoke one or change plan');
    expect(full.details).toEqual({ limit: 'registers', max: 2 });
    expect(await revokeRegister(deps, owner, till.deviceId)).toEqual({ revoked: true });
    expect((await issuePairingCode(deps, owner, storeId, origin)).storeId).toBe(storeId);
  });

  it('puts the public address and the code in the QR code', async () => {
    const view = await withQr({ code: 'ABCD-EFGH-JK', organisationId: 'o', storeId: 's', expiresAt: '2026-12-03T10:00:00.000Z' }, origin);
    expect(view.qrText).toBe('cassa://pair?server=https%3A%2F%2Fcassa.example.it&code=ABCD-EFGH-JK');
    expect(view.qrSvg).toMatch(/^<svg/);
    expect(view).toMatchObject({ code: 'ABCD-EFGH-JK', serverUrl: origin });
  });

  it("a manager of store B neither sees nor changes store A's register, nor pairs a till to A", async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId, till } = await seedTenant(s);
    const deps = { storage: s.storage, admin: s.admin };
    const bea = person(organisationId, 'manager', [otherStoreId]);
    expect(await listRegisters(deps, bea, new Date())).toEqual([]);
    expect((await refusal(renameRegister(deps, bea, till.deviceId, 'Mine now'))).code).toBe('NOT_AUTHORISED');
    expect((await refusal(revokeRegister(deps, bea, till.deviceId))).code).toBe('NOT_AUTHORISED');
    expect((await refusal(issueRepairCode(deps, bea, till.deviceId, origin))).code).toBe('NOT_AUTHORISED');
    expect((await refusal(issuePairingCode(deps, bea, storeId, origin))).code).toBe('NOT_AUTHORISED');
    const [register] = await s.storage.headOffice.listRegisters(organisationId);
    expect(register).toMatchObject({ id: till.deviceId, name: 'Cassa 1', revokedAt: null });
    expect(await s.service.authenticate(till.deviceToken)).not.toBeNull();
    // The manager of A may.
    const anna = person(organisationId, 'manager', [storeId]);
    expect(await renameRegister(deps, anna, till.deviceId, 'Banco')).toEqual({ renamed: true });
    expect((await listRegisters(deps, anna, new Date())).map((r) => [r.id, r.name])).toEqual([[till.deviceId, 'Banco']]);
    expect((await issueRepairCode(deps, anna, till.deviceId, origin)).storeId).toBe(storeId);
  });

  it("another organisation's register id is unknown, whatever the role", async () => {
    const s = await start();
    const acme = await seedTenant(s, 'acme');
    const beta = await seedTenant(s, 'beta');
    const deps = { storage: s.storage, admin: s.admin };
    const intruder = person(beta.organisationId, 'owner');
    for (const attempt of [
      renameRegister(deps, intruder, acme.till.deviceId, 'Mine now'),
      revokeRegister(deps, intruder, acme.till.deviceId),
      issueRepairCode(deps, intruder, acme.till.deviceId, origin),
    ]) {
      const refused = await refusal(attempt);
      expect(refused.code).toBe('NOT_FOUND');
      expect(refused.message).toBe(`No register ${acme.till.deviceId}`);
    }
    expect((await refusal(issuePairingCode(deps, intruder, acme.storeId, origin))).code).toBe('NOT_FOUND');
    expect(await s.service.authenticate(acme.till.deviceToken)).not.toBeNull();
    expect((await s.storage.headOffice.listRegisters(acme.organisationId))[0]?.name).toBe('Cassa 1');
    expect((await listRegisters(deps, intruder, new Date())).map((r) => r.id)).toEqual([beta.till.deviceId]);
  });

  it("shows flagged records and audit heads of the user's registers only", async () => {
    const s = await start();
    const { organisationId, storeId, otherStoreId, till } = await seedTenant(s);
    const other = await pairTill(s, organisationId, otherStoreId, 'Cassa B');
    for (const [register, store] of [
      [till, storeId],
      [other, otherStoreId],
    ] as const) {
      const flagged = sale({ id: `s-${register.deviceId}`, storeId: store, deviceId: register.deviceId, variantId: 'nope', completedAt: new Date().toISOString() });
      const entry: AuditRecord = { id: `a-${register.deviceId}`, deviceId: register.deviceId, sequence: 1, at: new Date().toISOString(), userId: null, role: null, action: 'login', details: {}, previousHash: AUDIT_GENESIS_HASH, hash: '' };
      const audit = { ...entry, hash: auditEntryHash(register.deviceId, entry) };
      const ops = [op(1, flagged), op(2, { type: 'audit', record: audit })];
      const pushed = await s.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: register.deviceId, ops }, register.authorization));
      expect(pushed.status).toBe(200);
    }
    const deps = { storage: s.storage, admin: s.admin };
    const owner = person(organisationId, 'owner');
    expect((await listProblems(deps, owner)).map((p) => p.deviceId).sort()).toEqual([till.deviceId, other.deviceId].sort());
    const bea = person(organisationId, 'manager', [otherStoreId]);
    const problems = await listProblems(deps, bea);
    expect(problems.map((p) => [p.deviceId, p.problems])).toEqual([[other.deviceId, ['unknown-variant:nope']]]);
    expect((await listAuditHeads(deps, owner)).map((h) => h.deviceId).sort()).toEqual([till.deviceId, other.deviceId].sort());
    expect((await listAuditHeads(deps, bea)).map((h) => [h.deviceId, h.entries])).toEqual([[other.deviceId, 1]]);
    expect(await listProblems(deps, person('nobody-org', 'owner'))).toEqual([]);
  });
});
