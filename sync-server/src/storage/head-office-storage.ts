/**
 * @module
 * Head office's own tables over SqlDatabase: head-office users and sessions, setup tokens,
 * subscription plans, what registers report about themselves, and the dashboard's reads from
 * the pre-aggregated daily and hourly tables. Every read and write is filtered by organisation.
 */
import { CassaError, vatOverClosures } from '@cassa/shared';
import type { VatCode } from '@cassa/shared';
import type { DashboardView, HeadOfficeRole, RegisterView, StockRowView, StoreTotals, StoreView } from '@cassa/shared';
import { DEFAULT_TIME_ZONE } from '@cassa/shared';
import { toNumber } from './sql-database';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database';

/**
 * The VAT table: each store's business day is one fiscal closure, so VAT is the scorporo of that
 * day's gross per rate (the shared rule, the same as the till's Z), and a day of several stores is
 * the sum of their closures. The stored per-receipt net and VAT columns are not read: adding
 * receipts' VAT drifts from the Z by a cent per receipt.
 */
function vatByDay(rows: readonly Record<string, unknown>[]): DashboardView['vat'][number][] {
  const days = new Map<string, { closure: string; vatCode: VatCode; grossCents: number }[]>();
  for (const r of rows) {
    const day = String(r.business_day);
    const closures = days.get(day) ?? [];
    closures.push({ closure: String(r.store_id), vatCode: String(r.vat_code) as VatCode, grossCents: toNumber(r.gross) });
    days.set(day, closures);
  }
  return [...days].flatMap(([businessDay, closures]) => vatOverClosures(closures).map((g) => ({ businessDay, ...g })));
}

export interface HeadOfficeUserRow {
  readonly organisationId: string;
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly role: HeadOfficeRole;
  readonly storeIds: readonly string[];
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

export interface SessionRow {
  readonly organisationId: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface Plan {
  readonly plan: string;
  readonly maxRegisters: number;
  readonly maxUsers: number;
}

export interface DashboardFilter {
  readonly from: string;
  readonly to: string;
  /** null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
  readonly deviceId?: string;
  readonly cashierId?: string;
}

export type DashboardData = Omit<DashboardView, 'compare' | 'compareFrom' | 'compareTo' | 'categories' | 'registers' | 'cashiers'> & {
  readonly categoryTotals: readonly { categoryId: string; quantityMilli: number; totalCents: number }[];
};

export interface StockQuery {
  /** null: every store of the organisation. */
  readonly storeIds: readonly string[] | null;
  readonly search?: string;
  readonly atMostMilli?: number;
}

export interface HeadOfficeStorage {
  countAllUsers(): Promise<number>;
  /** The organisation's id when the database holds exactly one and it has no head-office user. */
  soleOrganisationWithoutUsers(): Promise<string | null>;
  countUsers(organisationId: string): Promise<number>;
  createUser(user: Omit<HeadOfficeUserRow, 'failedLogins' | 'lockedUntil'>, now: Date): Promise<void>;
  /** The oldest account with this email (an email may have one account per organisation). */
  findUserByEmail(email: string): Promise<HeadOfficeUserRow | null>;
  /** Every account with this email, oldest first (at most `limit`). */
  findUsersByEmail(email: string, limit: number): Promise<HeadOfficeUserRow[]>;
  getUser(organisationId: string, id: string): Promise<HeadOfficeUserRow | null>;
  listUsers(organisationId: string): Promise<HeadOfficeUserRow[]>;
  updateUser(organisationId: string, id: string, patch: { name?: string; role?: HeadOfficeRole; storeIds?: readonly string[]; passwordHash?: string }): Promise<boolean>;
  deleteUser(organisationId: string, id: string): Promise<boolean>;
  /** Failures (wrong passwords) recorded under a key since `since`: how many, and the latest. */
  countFailures(keyHash: string, since: Date): Promise<{ count: number; latest: Date | null }>;
  /** Records one failure under each key and forgets every failure older than `since`. */
  recordFailures(keyHashes: readonly string[], now: Date, since: Date): Promise<void>;
  clearFailures(keyHash: string): Promise<void>;

  createSession(input: { tokenHash: string; organisationId: string; userId: string; csrfToken: string; now: Date; expiresAt: Date }): Promise<void>;
  getSession(tokenHash: string, now: Date): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(organisationId: string, userId: string): Promise<void>;

  createSetupToken(input: { tokenHash: string; email: string; organisationId: string | null; expiresAt: Date }): Promise<void>;
  /** Uses the token once; null when unknown, used or expired. */
  redeemSetupToken(tokenHash: string, now: Date): Promise<{ email: string; organisationId: string | null } | null>;
  peekSetupToken(tokenHash: string, now: Date): Promise<{ email: string } | null>;

  /** A new reset link for a user; any earlier unused one of theirs stops working. */
  createPasswordReset(input: { tokenHash: string; organisationId: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user a live (unused, unexpired) reset link is for; null otherwise. */
  peekPasswordReset(tokenHash: string, now: Date): Promise<HeadOfficeUserRow | null>;
  /** Uses the link once and sets the new password hash; the user, or null when unknown, used or expired. */
  redeemPasswordReset(tokenHash: string, passwordHash: string, now: Date): Promise<HeadOfficeUserRow | null>;

  getPlan(organisationId: string): Promise<Plan | null>;
  setPlan(organisationId: string, plan: Plan): Promise<void>;
  /**
   * The owner's own change of plan: refused (CONFLICT) when the organisation already uses more
   * registers or head-office users than the new plan allows, checked in the same transaction as
   * the change so a pairing cannot slip in between.
   */
  changePlan(organisationId: string, plan: Plan): Promise<void>;
  activeRegisterCount(organisationId: string): Promise<number>;

  listStores(organisationId: string): Promise<StoreView[]>;
  setStoreTimeZone(organisationId: string, storeId: string, timeZone: string): Promise<void>;
  listRegisters(organisationId: string): Promise<RegisterView[]>;
  renameRegister(organisationId: string, deviceId: string, name: string): Promise<boolean>;
  recordDeviceReport(organisationId: string, deviceId: string, report: { clockSkewMs?: number; appVersion?: string; queueLength?: number }): Promise<void>;
  recordDevicePull(organisationId: string, deviceId: string, stream: string, changeNo: number, now: Date): Promise<void>;

  /** Live head-office rows of one entity (products, categories, users, store prices), as stored. */
  readRows(organisationId: string, entity: string): Promise<unknown[]>;
  dashboard(organisationId: string, filter: DashboardFilter): Promise<DashboardData>;
  storeTotals(organisationId: string, filter: DashboardFilter): Promise<StoreTotals[]>;
  /**
   * On hand per variant per store, lowest first (at most 2000 rows). `search` matches a product
   * name, SKU or barcode (case-insensitive); `atMostMilli` keeps the rows at or below it.
   */
  stock(organisationId: string, query: StockQuery): Promise<StockRowView[]>;
}

const planUpsertSql = `INSERT INTO organisation_plans (organisation_id, plan, max_registers, max_users) VALUES (?, ?, ?, ?)
  ON CONFLICT (organisation_id) DO UPDATE SET plan = excluded.plan, max_registers = excluded.max_registers, max_users = excluded.max_users`;

function iso(date: Date): string {
  return date.toISOString();
}

function userOf(row: Record<string, unknown>): HeadOfficeUserRow {
  return {
    organisationId: String(row.organisation_id),
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    passwordHash: String(row.password_hash),
    role: String(row.role) as HeadOfficeRole,
    storeIds: JSON.parse(String(row.store_ids)) as string[],
    failedLogins: toNumber(row.failed_logins),
    lockedUntil: row.locked_until === null || row.locked_until === undefined ? null : String(row.locked_until),
  };
}

/** A variant's product name, SKU and barcodes from its product's stored row; the id when the product is gone. */
export function variantLabel(productData: string | null, variantId: string): { productName: string; sku: string; barcodes: readonly string[] } {
  const product = productData === null ? null : (JSON.parse(productData) as { name: string; variants: { id: string; sku: string; barcodes?: string[] }[] });
  const variant = product?.variants.find((v) => v.id === variantId);
  return { productName: product?.name ?? variantId, sku: variant?.sku ?? '', barcodes: variant?.barcodes ?? [] };
}

/** Seats in use: active registers (all but `except`, a register being paired anew) and head-office users. */
async function countSeats(exec: SqlExecutor, organisationId: string, seat: 'registers' | 'users', except = ''): Promise<number> {
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

function filterSql(filter: DashboardFilter, params: SqlValue[]): string {
  let sql = ' AND business_day >= ? AND business_day <= ?';
  params.push(filter.from, filter.to);
  if (filter.storeIds !== null) {
    if (filter.storeIds.length === 0) return `${sql} AND 1 = 0`;
    sql += ` AND store_id IN (${filter.storeIds.map(() => '?').join(', ')})`;
    params.push(...filter.storeIds);
  }
  if (filter.deviceId !== undefined) {
    sql += ' AND device_id = ?';
    params.push(filter.deviceId);
  }
  if (filter.cashierId !== undefined) {
    sql += ' AND cashier_id = ?';
    params.push(filter.cashierId);
  }
  return sql;
}

export function createHeadOfficeStorage(db: SqlDatabase): HeadOfficeStorage {
  const storage: HeadOfficeStorage = {
    async countAllUsers() {
      const rows = await db.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM ho_users');
      return toNumber(rows[0]?.n);
    },
    async soleOrganisationWithoutUsers() {
      const rows = await db.query<{ id: string }>('SELECT id FROM organisations ORDER BY id LIMIT 2');
      if (rows.length !== 1 || !rows[0]) return null;
      return (await storage.countUsers(rows[0].id)) === 0 ? rows[0].id : null;
    },
    countUsers: (organisationId) => countSeats(db, organisationId, 'users'),
    async createUser(user, now) {
      await db.transaction(async (tx) => {
        const taken = await tx.query('SELECT 1 AS one FROM ho_users WHERE organisation_id = ? AND email = ?', [user.organisationId, user.email]);
        if (taken.length > 0) throw new CassaError('CONFLICT', `${user.email} already has an account`, { reason: 'email-taken', email: user.email });
        await tx.query(
          `INSERT INTO ho_users (organisation_id, id, email, name, password_hash, role, store_ids, failed_logins, locked_until, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)`,
          [user.organisationId, user.id, user.email, user.name, user.passwordHash, user.role, JSON.stringify(user.storeIds), iso(now)],
        );
      });
    },
    async findUserByEmail(email) {
      return (await storage.findUsersByEmail(email, 1))[0] ?? null;
    },
    async findUsersByEmail(email, limit) {
      const rows = await db.query('SELECT * FROM ho_users WHERE email = ? ORDER BY created_at, organisation_id, id LIMIT ?', [email, limit]);
      return rows.map(userOf);
    },
    async getUser(organisationId, id) {
      const rows = await db.query('SELECT * FROM ho_users WHERE organisation_id = ? AND id = ?', [organisationId, id]);
      return rows[0] ? userOf(rows[0]) : null;
    },
    async listUsers(organisationId) {
      const rows = await db.query('SELECT * FROM ho_users WHERE organisation_id = ? ORDER BY email', [organisationId]);
      return rows.map(userOf);
    },
    async updateUser(organisationId, id, patch) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (patch.name !== undefined) {
        sets.push('name = ?');
        params.push(patch.name);
      }
      if (patch.role !== undefined) {
        sets.push('role = ?');
        params.push(patch.role);
      }
      if (patch.storeIds !== undefined) {
        sets.push('store_ids = ?');
        params.push(JSON.stringify(patch.storeIds));
      }
      if (patch.passwordHash !== undefined) {
        sets.push('password_hash = ?');
        params.push(patch.passwordHash);
      }
      if (sets.length === 0) return (await storage.getUser(organisationId, id)) !== null;
      const rows = await db.query(`UPDATE ho_users SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ? RETURNING id`, [
        ...params,
        organisationId,
        id,
      ]);
      return rows.length > 0;
    },
    async deleteUser(organisationId, id) {
      return db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [organisationId, id]);
        const rows = await tx.query('DELETE FROM ho_users WHERE organisation_id = ? AND id = ? RETURNING id', [organisationId, id]);
        return rows.length > 0;
      });
    },
    async createSession(input) {
      await db.query(
        'INSERT INTO ho_sessions (token_hash, organisation_id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        [input.tokenHash, input.organisationId, input.userId, input.csrfToken, iso(input.now), iso(input.expiresAt)],
      );
    },
    async getSession(tokenHash, now) {
      const rows = await db.query<{ organisation_id: string; user_id: string; csrf_token: string; expires_at: string }>(
        'SELECT organisation_id, user_id, csrf_token, expires_at FROM ho_sessions WHERE token_hash = ? AND expires_at > ?',
        [tokenHash, iso(now)],
      );
      const row = rows[0];
      return row ? { organisationId: row.organisation_id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
    },
    async deleteSession(tokenHash) {
      await db.query('DELETE FROM ho_sessions WHERE token_hash = ?', [tokenHash]);
    },
    async deleteUserSessions(organisationId, userId) {
      await db.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [organisationId, userId]);
    },

    async createSetupToken(input) {
      await db.query('INSERT INTO ho_setup_tokens (token_hash, email, organisation_id, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)', [
        input.tokenHash,
        input.email,
        input.organisationId,
        iso(input.expiresAt),
      ]);
    },
    async redeemSetupToken(tokenHash, now) {
      const rows = await db.query<{ email: string; organisation_id: string | null }>(
        'UPDATE ho_setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email, organisation_id',
        [iso(now), tokenHash, iso(now)],
      );
      const row = rows[0];
      return row ? { email: row.email, organisationId: row.organisation_id } : null;
    },
    async peekSetupToken(tokenHash, now) {
      const rows = await db.query<{ email: string }>(
        'SELECT email FROM ho_setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
        [tokenHash, iso(now)],
      );
      return rows[0] ? { email: rows[0].email } : null;
    },

    async createPasswordReset(input) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_password_resets WHERE organisation_id = ? AND user_id = ?', [input.organisationId, input.userId]);
        await tx.query('INSERT INTO ho_password_resets (token_hash, organisation_id, user_id, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)', [
          input.tokenHash,
          input.organisationId,
          input.userId,
          iso(input.expiresAt),
        ]);
      });
    },
    async peekPasswordReset(tokenHash, now) {
      const rows = await db.query(
        `SELECT u.* FROM ho_password_resets r JOIN ho_users u ON u.organisation_id = r.organisation_id AND u.id = r.user_id
         WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?`,
        [tokenHash, iso(now)],
      );
      return rows[0] ? userOf(rows[0]) : null;
    },
    redeemPasswordReset(tokenHash, passwordHash, now) {
      return db.transaction(async (tx) => {
        const used = await tx.query<{ organisation_id: string; user_id: string }>(
          'UPDATE ho_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING organisation_id, user_id',
          [iso(now), tokenHash, iso(now)],
        );
        const link = used[0];
        if (!link) return null;
        const rows = await tx.query('UPDATE ho_users SET password_hash = ? WHERE organisation_id = ? AND id = ? RETURNING *', [passwordHash, link.organisation_id, link.user_id]);
        if (!rows[0]) return null;
        // A reset ends every session: whoever knew the old password is signed out.
        await tx.query('DELETE FROM ho_sessions WHERE organisation_id = ? AND user_id = ?', [link.organisation_id, link.user_id]);
        return userOf(rows[0]);
      });
    },

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
    async countFailures(keyHash, since) {
      const [row] = await db.query<{ n: unknown; latest: string | null }>(
        'SELECT COUNT(*) AS n, MAX(at) AS latest FROM ho_login_attempts WHERE address_hash = ? AND at >= ?',
        [keyHash, iso(since)],
      );
      return { count: toNumber(row?.n), latest: row?.latest ? new Date(row.latest) : null };
    },
    async recordFailures(keyHashes, now, since) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM ho_login_attempts WHERE at < ?', [iso(since)]);
        for (const keyHash of keyHashes) await tx.query('INSERT INTO ho_login_attempts (address_hash, at) VALUES (?, ?)', [keyHash, iso(now)]);
      });
    },
    async clearFailures(keyHash) {
      await db.query('DELETE FROM ho_login_attempts WHERE address_hash = ?', [keyHash]);
    },
    activeRegisterCount: (organisationId) => countSeats(db, organisationId, 'registers'),

    async listStores(organisationId) {
      const rows = await db.query<{ id: string; name: string; time_zone: string; data: string | null }>(
        `SELECT s.id, s.name, s.time_zone, r.data FROM stores s
         LEFT JOIN sync_rows r ON r.organisation_id = s.organisation_id AND r.stream = 'stores' AND r.entity = 'store' AND r.row_key = s.id
         WHERE s.organisation_id = ? ORDER BY s.name, s.id`,
        [organisationId],
      );
      return rows
        .filter((r) => r.data !== null)
        .map((r) => {
          const data = JSON.parse(r.data ?? '{}') as { addressLines?: string[]; vatNumber?: string };
          return { id: r.id, name: r.name, timeZone: r.time_zone ?? DEFAULT_TIME_ZONE, addressLines: data.addressLines ?? [], vatNumber: data.vatNumber ?? '' };
        });
    },
    async setStoreTimeZone(organisationId, storeId, timeZone) {
      await db.query('UPDATE stores SET time_zone = ? WHERE organisation_id = ? AND id = ?', [timeZone, organisationId, storeId]);
    },
    async listRegisters(organisationId) {
      const devices = await db.query<Record<string, unknown>>(
        `SELECT id, store_id, name, high_water_mark, paired_at, revoked_at, last_seen_at, last_pull_at, app_version, queue_length, clock_skew_ms
         FROM devices WHERE organisation_id = ? ORDER BY paired_at, id`,
        [organisationId],
      );
      const positions = await db.query<{ device_id: string; stream: string; change_no: unknown; pulled_at: string }>(
        'SELECT device_id, stream, change_no, pulled_at FROM device_stream_positions WHERE organisation_id = ?',
        [organisationId],
      );
      const heads = await db.query<{ stream: string; head: unknown }>('SELECT stream, head FROM stream_heads WHERE organisation_id = ?', [
        organisationId,
      ]);
      const headOf = new Map(heads.map((h) => [h.stream, toNumber(h.head)]));
      const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));
      return devices.map((d) => ({
        id: String(d.id),
        storeId: String(d.store_id),
        name: String(d.name),
        pairedAt: String(d.paired_at),
        revokedAt: (d.revoked_at as string | null) ?? null,
        lastSeenAt: (d.last_seen_at as string | null) ?? null,
        lastPullAt: (d.last_pull_at as string | null) ?? null,
        appVersion: (d.app_version as string | null) ?? null,
        queueLength: nullableNumber(d.queue_length),
        clockSkewMs: nullableNumber(d.clock_skew_ms),
        highWaterMark: toNumber(d.high_water_mark),
        streams: positions
          .filter((p) => p.device_id === d.id)
          .map((p) => ({ stream: p.stream, position: toNumber(p.change_no), head: headOf.get(p.stream) ?? 0, pulledAt: p.pulled_at }))
          .sort((a, b) => a.stream.localeCompare(b.stream)),
      }));
    },
    async renameRegister(organisationId, deviceId, name) {
      const rows = await db.query('UPDATE devices SET name = ? WHERE organisation_id = ? AND id = ? RETURNING id', [name, organisationId, deviceId]);
      return rows.length > 0;
    },
    async recordDeviceReport(organisationId, deviceId, report) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (report.clockSkewMs !== undefined) {
        sets.push('clock_skew_ms = ?');
        params.push(Math.round(report.clockSkewMs));
      }
      if (report.appVersion !== undefined) {
        sets.push('app_version = ?');
        params.push(report.appVersion.slice(0, 64));
      }
      if (report.queueLength !== undefined) {
        sets.push('queue_length = ?');
        params.push(report.queueLength);
      }
      if (sets.length === 0) return;
      await db.query(`UPDATE devices SET ${sets.join(', ')} WHERE organisation_id = ? AND id = ?`, [...params, organisationId, deviceId]);
    },
    async recordDevicePull(organisationId, deviceId, stream, changeNo, now) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO device_stream_positions (organisation_id, device_id, stream, change_no, pulled_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (organisation_id, device_id, stream) DO UPDATE SET change_no = excluded.change_no, pulled_at = excluded.pulled_at`,
          [organisationId, deviceId, stream, changeNo, iso(now)],
        );
        await tx.query('UPDATE devices SET last_pull_at = ? WHERE organisation_id = ? AND id = ?', [iso(now), organisationId, deviceId]);
      });
    },

    async readRows(organisationId, entity) {
      const rows = await db.query<{ data: string }>(
        'SELECT data FROM sync_rows WHERE organisation_id = ? AND entity = ? AND data IS NOT NULL ORDER BY row_key',
        [organisationId, entity],
      );
      return rows.map((r) => JSON.parse(r.data) as unknown);
    },

    async storeTotals(organisationId, filter) {
      const params: SqlValue[] = [organisationId];
      const where = filterSql(filter, params);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT store_id, SUM(total_cents) AS total, SUM(tickets) AS tickets, SUM(returns) AS returns, SUM(voids) AS voids, SUM(items_milli) AS items
         FROM agg_sales_daily WHERE organisation_id = ?${where} GROUP BY store_id ORDER BY store_id`,
        params,
      );
      return rows.map((r) => ({
        storeId: String(r.store_id),
        takingsCents: toNumber(r.total),
        tickets: toNumber(r.tickets),
        returns: toNumber(r.returns),
        voids: toNumber(r.voids),
        itemsMilli: toNumber(r.items),
      }));
    },

    async dashboard(organisationId, filter) {
      const run = async (sql: (where: string) => string): Promise<Record<string, unknown>[]> => {
        const params: SqlValue[] = [organisationId];
        const where = filterSql(filter, params);
        return db.query<Record<string, unknown>>(sql(where), params);
      };
      // Independent reads: PostgreSQL runs them on separate pooled connections at once (the
      // slowest sets the pace, not their sum); SQLite still runs them one after another.
      const hourlyQuery = run(
        (w) => `SELECT hour, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_sales_hourly WHERE organisation_id = ?${w} GROUP BY hour ORDER BY hour`,
      );
      const dailyQuery = run(
        (w) =>
          `SELECT business_day, SUM(total_cents) AS total, SUM(tickets) AS tickets FROM agg_sales_daily WHERE organisation_id = ?${w} GROUP BY business_day ORDER BY business_day`,
      );
      // Per store is the small table; per register and cashier only when the view is narrowed to one.
      const byRegister = filter.deviceId !== undefined || filter.cashierId !== undefined;
      const productTable = byRegister ? 'agg_products_register_daily' : 'agg_products_daily';
      const productsQuery = run(
        (w) =>
          `SELECT product_id, MAX(description) AS description, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
           FROM ${productTable} WHERE organisation_id = ?${w} GROUP BY product_id ORDER BY total DESC, product_id LIMIT 20`,
      );
      const categoriesQuery = run(
        (w) =>
          `SELECT category_id, SUM(quantity_milli) AS quantity, SUM(total_cents) AS total
           FROM ${productTable} WHERE organisation_id = ?${w} GROUP BY category_id ORDER BY total DESC, category_id LIMIT 50`,
      );
      const paymentsQuery = run(
        (w) =>
          `SELECT method, SUM(payments) AS payments, SUM(amount_cents) AS amount FROM agg_payments_daily WHERE organisation_id = ?${w} GROUP BY method ORDER BY method`,
      );
      const vatQuery = run(
        (w) =>
          `SELECT business_day, store_id, vat_code, SUM(gross_cents) AS gross
           FROM agg_vat_daily WHERE organisation_id = ?${w} GROUP BY business_day, store_id, vat_code ORDER BY business_day, store_id, vat_code`,
      );
      const [stores, hourly, daily, products, categories, payments, vat] = await Promise.all([
        storage.storeTotals(organisationId, filter),
        hourlyQuery,
        dailyQuery,
        productsQuery,
        categoriesQuery,
        paymentsQuery,
        vatQuery,
      ]);
      return {
        from: filter.from,
        to: filter.to,
        stores,
        hourly: hourly.map((r) => ({ hour: toNumber(r.hour), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
        daily: daily.map((r) => ({ businessDay: String(r.business_day), takingsCents: toNumber(r.total), tickets: toNumber(r.tickets) })),
        topProducts: products.map((r) => ({
          productId: String(r.product_id),
          description: String(r.description),
          quantityMilli: toNumber(r.quantity),
          totalCents: toNumber(r.total),
        })),
        categoryTotals: categories.map((r) => ({ categoryId: String(r.category_id), quantityMilli: toNumber(r.quantity), totalCents: toNumber(r.total) })),
        payments: payments.map((r) => ({ method: String(r.method), payments: toNumber(r.payments), amountCents: toNumber(r.amount) })),
        vat: vatByDay(vat),
      };
    },

    async stock(organisationId, query) {
      const params: SqlValue[] = [organisationId];
      let where = '';
      if (query.storeIds !== null) {
        if (query.storeIds.length === 0) return [];
        where += ` AND l.store_id IN (${query.storeIds.map(() => '?').join(', ')})`;
        params.push(...query.storeIds);
      }
      if (query.atMostMilli !== undefined) {
        where += ' AND l.on_hand_milli <= ?';
        params.push(query.atMostMilli);
      }
      const search = query.search?.trim().toLowerCase() ?? '';
      if (search !== '') {
        // A coarse match on the product's stored JSON here (% and _ only widen it; a backslash
        // would be PostgreSQL's escape, so it matches any one character); the exact one (name,
        // this variant's SKU or barcodes) below, so a hit on another field or variant is dropped.
        where += ' AND LOWER(r.data) LIKE ?';
        params.push(`%${search.replace(/\\/g, '_')}%`);
      }
      const rows = await db.query<{ store_id: string; variant_id: string; on_hand_milli: unknown; data: string | null }>(
        `SELECT l.store_id, l.variant_id, l.on_hand_milli, r.data FROM stock_levels l
         LEFT JOIN variants v ON v.organisation_id = l.organisation_id AND v.variant_id = l.variant_id
         LEFT JOIN sync_rows r ON r.organisation_id = l.organisation_id AND r.stream = 'catalogue' AND r.entity = 'product' AND r.row_key = v.product_id
         WHERE l.organisation_id = ?${where} ORDER BY l.on_hand_milli, l.store_id, l.variant_id LIMIT 2000`,
        params,
      );
      const views: StockRowView[] = [];
      for (const r of rows) {
        const { productName, sku, barcodes } = variantLabel(r.data, r.variant_id);
        if (search !== '' && ![productName, sku, ...barcodes].some((text) => text.toLowerCase().includes(search))) continue;
        views.push({ storeId: r.store_id, variantId: r.variant_id, productName, sku, onHandMilli: toNumber(r.on_hand_milli) });
      }
      return views;
    },
  };
  return storage;
}
