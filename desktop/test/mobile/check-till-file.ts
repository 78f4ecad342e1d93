/**
 * @module
 * Checks a copy of a till's database file the way the desktop kill test does: the file passes
 * integrity_check, no sale lacks its lines, stock movements, payments or outbox row, receipt and
 * outbox numbers have no gaps, and the audit chain verifies. Run on a copy (with its rollback
 * journal beside it, so SQLite recovers the copy exactly as the till will recover the original).
 */
import Database from 'better-sqlite3';
import { writeFileSync, rmSync } from 'node:fs';
import type { SaleRecord } from '@cassa/shared';
import { verifyAuditChain } from '../../src/core';

export interface TillFileFacts {
  /** Sale id → receipt total, for every sale in the file. */
  readonly sales: Map<string, { totalCents: number; z: number; number: number }>;
}

/** Writes the pool's files (name → base64) to `path` (+ `-journal`) and checks them; throws on any fault. */
export function checkTillFile(files: Record<string, string>, path: string): TillFileFacts {
  rmSync(path, { force: true });
  rmSync(`${path}-journal`, { force: true });
  const main = files['/till.db'];
  if (!main) throw new Error(`No /till.db in the OPFS pool (files: ${Object.keys(files).join(', ')})`);
  writeFileSync(path, Buffer.from(main, 'base64'));
  const journal = files['/till.db-journal'];
  if (journal) writeFileSync(`${path}-journal`, Buffer.from(journal, 'base64'));
  // Read-write on the copy: a hot journal is rolled back here exactly as at the till's next start.
  const db = new Database(path);
  try {
    return checkOpenDatabase(db);
  } finally {
    db.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function checkOpenDatabase(db: Database.Database): TillFileFacts {
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') fail(`integrity_check: ${String(integrity)}`);
  const foreign = db.pragma('foreign_key_check') as unknown[];
  if (foreign.length > 0) fail(`foreign_key_check: ${JSON.stringify(foreign).slice(0, 500)}`);

  const rows = db.prepare('SELECT id, z_number, document_number, record FROM sales ORDER BY z_number, document_number').all() as { id: string; z_number: number; document_number: number; record: string }[];
  const countBy = (sql: string): Map<string, number> => new Map((db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const lines = countBy('SELECT sale_id AS k, count(*) AS n FROM sale_lines GROUP BY sale_id');
  const movements = countBy("SELECT reference_id AS k, count(*) AS n FROM stock_movements WHERE reason = 'sale' GROUP BY reference_id");
  const outboxSales = new Set((db.prepare("SELECT payload FROM outbox WHERE type = 'sale'").all() as { payload: string }[]).map((r) => (JSON.parse(r.payload) as { record: SaleRecord }).record.id));

  const sales = new Map<string, { totalCents: number; z: number; number: number }>();
  for (const row of rows) {
    const record = JSON.parse(row.record) as SaleRecord;
    if (lines.get(row.id) !== record.lines.length) fail(`sale ${row.id}: ${lines.get(row.id) ?? 0} lines stored, its record has ${record.lines.length}`);
    if (movements.get(row.id) !== record.lines.length) fail(`sale ${row.id}: ${movements.get(row.id) ?? 0} stock movements for ${record.lines.length} lines`);
    if (!outboxSales.has(row.id)) fail(`sale ${row.id} has no outbox row`);
    if (record.payments.length === 0) fail(`sale ${row.id} has no payment`);
    const paid = record.payments.reduce((sum, p) => sum + p.amountCents, 0) - record.changeCents;
    if (paid !== record.totalCents) fail(`sale ${row.id}: paid ${paid} for a total of ${record.totalCents}`);
    sales.set(row.id, { totalCents: record.totalCents, z: row.z_number, number: row.document_number });
  }
  if (outboxSales.size !== rows.length) fail(`${outboxSales.size} sale outbox rows for ${rows.length} sales`);

  const byZ = new Map<number, number[]>();
  for (const row of rows) byZ.set(row.z_number, [...(byZ.get(row.z_number) ?? []), row.document_number]);
  for (const [z, numbers] of byZ) if (numbers.some((n, i) => n !== i + 1)) fail(`receipt numbers of Z ${z} have a gap: ${numbers.join(',')}`);

  const seqs = (db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  if (seqs.some((n, i) => n !== i + 1)) fail(`outbox numbers have a gap: ${seqs.slice(0, 50).join(',')}`);

  const deviceId = (db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string }).value;
  if (!verifyAuditChain(db, deviceId).ok) fail('the audit chain does not verify');
  return { sales };
}
