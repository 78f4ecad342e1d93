/**
 * @module
 * Subscription plans and the seats they allow (active registers, head-office users).
 */
import { CassaError } from '@cassa/shared';
import type { HeadOfficeStorage } from '../head-office-storage';
import type { SqlDatabase, SqlExecutor } from '../sql-database';
import { toNumber } from '../sql-database';

const planUpsertSql = `INSERT INTO organisation_plans (organisation_id, plan, max_registers, max_users) VALUES (?, ?, ?, ?)
  ON CONFLICT (organisation_id) DO UPDATE SET plan = excluded.plan, max_registers = excluded.max_registers, max_users = excluded.max_users`;

/** Seats in use: active registers (all but `except`, a register being paired anew) and head-office users. */
export async function countSeats(exec: SqlExecutor, organisationId: string, seat: 'registers' | 'users', except = ''): Promise<number> {
  const sql =
    seat === 'registers'
      ? 'SELECT COUNT(*) AS n FROM devices WHERE organisation_id = ? AND revoked_at IS NULL AND id <> ?'
      : 'SELECT COUNT(*) AS n FROM ho_users WHERE organisation_id = ?';
  const rows = await exec.query<{ n: unknown }>(sql, seat === 'registers' ? [organisationId, except] : [organisationId]);
  return toNumber(rows[0]?.n);
}

/** Refuses a pairing that would take an organisation past its plan's registers (no plan: no limit). */
export async function assertRegisterSeat(tx: SqlExecutor, organisationId: string, deviceId: string): Promise<void> {
  const plans = await tx.query<{ plan: string; max_registers: unknown }>(
    'SELECT plan, max_registers FROM organisation_plans WHERE organisation_id = ?',
    [organisationId],
  );
  const plan = plans[0];
  if (!plan) return;
  const max = toNumber(plan.max_registers);
  if ((await countSeats(tx, organisationId, 'registers', deviceId)) >= max) {
    throw new CassaError('CONFLICT', `The ${plan.plan} plan allows ${max} registers: revoke one or change plan`, {
      limit: 'registers',
      max,
    });
  }
}

export type PlanStorage = Pick<HeadOfficeStorage, 'getPlan' | 'setPlan' | 'changePlan' | 'activeRegisterCount'>;

export function createPlanStorage(db: SqlDatabase): PlanStorage {
  const plans: PlanStorage = {
    async getPlan(organisationId) {
      const rows = await db.query<{ plan: string; max_registers: unknown; max_users: unknown }>(
        'SELECT plan, max_registers, max_users FROM organisation_plans WHERE organisation_id = ?',
        [organisationId],
      );
      const row = rows[0];
      return row ? { plan: row.plan, maxRegisters: toNumber(row.max_registers), maxUsers: toNumber(row.max_users) } : null;
    },
    async setPlan(organisationId, plan) {
      await db.query(planUpsertSql, [organisationId, plan.plan, plan.maxRegisters, plan.maxUsers]);
    },
    async changePlan(organisationId, plan) {
      await db.transaction(async (tx) => {
        const seats = [
          { limit: 'registers', max: plan.maxRegisters, inUse: await countSeats(tx, organisationId, 'registers'), what: 'registers are active', undo: 'revoke' },
          { limit: 'users', max: plan.maxUsers, inUse: await countSeats(tx, organisationId, 'users'), what: 'head-office users exist', undo: 'remove' },
        ];
        for (const { limit, max, inUse, what, undo } of seats) {
          if (inUse > max) {
            throw new CassaError('CONFLICT', `${inUse} ${what} and the ${plan.plan} plan allows ${max}: ${undo} ${inUse - max} first`, { limit, max, inUse });
          }
        }
        await tx.query(planUpsertSql, [organisationId, plan.plan, plan.maxRegisters, plan.maxUsers]);
      });
    },
    activeRegisterCount: (organisationId) => countSeats(db, organisationId, 'registers'),
  };
  return plans;
}
