/**
 * The mobile kill test's file check must see what it is there to see: a till file with whole sales
 * passes; a sale missing a line, a receipt number gap or an outbox row without its sale fails.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill } from '@cassa/desktop/testing';
import { demoEan } from '@cassa/desktop/core';
import { checkTillFile } from './check-till-file';

describe("the mobile kill test's file check", () => {
  let dir = '';
  let image = '';

  beforeAll(async () => {
    // Our own folder: dispose() keeps a folder it was given, so the closed file can be read.
    dir = mkdtempSync(join(tmpdir(), 'cassa-check-file-'));
    const till = createTestTill({ dir });
    const cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    for (let sale = 1; sale <= 3; sale++) {
      for (let line = 0; line < sale; line++) await till.call('sale.scan', { code: demoEan(1 + line) }, cashier);
      const ticket = await till.call('sale.current', {}, cashier);
      await till.call('sale.addPayment', { method: 'card', amountCents: ticket!.remainingCents }, cashier);
      await till.call('sale.complete', { printReceipt: false }, cashier);
    }
    await till.dispose();
    image = readFileSync(join(dir, 'till.db')).toString('base64');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The file after `damage`, as the pool would hand it over. */
  function damaged(damage: string): Record<string, string> {
    const path = join(dir, 'damaged.db');
    checkTillFile({ '/till.db': image }, path);
    const db = new Database(path);
    db.pragma('foreign_keys = OFF');
    // The till's own triggers refuse edits of a completed sale; a damaged file knows no such rule.
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${name}"`);
    db.exec(damage);
    db.close();
    return { '/till.db': readFileSync(path).toString('base64') };
  }

  it('passes a file of whole sales', () => {
    expect(checkTillFile({ '/till.db': image }, join(dir, 'copy.db')).sales.size).toBe(3);
  });

  it('fails a sale without one of its lines', () => {
    expect(() => checkTillFile(damaged('DELETE FROM sale_lines WHERE rowid = (SELECT max(rowid) FROM sale_lines)'), join(dir, 'check.db'))).toThrow(/lines stored/);
  });

  it('fails a gap in the receipt numbers', () => {
    expect(() => checkTillFile(damaged('UPDATE sales SET document_number = document_number + 1 WHERE document_number = 3'), join(dir, 'check.db'))).toThrow(/receipt numbers/);
  });

  it('fails a sale whose outbox row is missing', () => {
    expect(() => checkTillFile(damaged("DELETE FROM outbox WHERE type = 'sale' AND seq = (SELECT max(seq) FROM outbox WHERE type = 'sale')"), join(dir, 'check.db'))).toThrow(/outbox/);
  });

  it('fails a file with no till database in the pool', () => {
    expect(() => checkTillFile({}, join(dir, 'none.db'))).toThrow(/No \/till.db/);
  });
});
