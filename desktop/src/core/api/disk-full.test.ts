import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { storageFailureOf } from './dispatcher';

/** Caps the database at the pages it has now: SQLite's own SQLITE_FULL, as on a full disk. */
function fillTheDisk(till: TestTill): () => void {
  const db = till.core.store.db;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  return () => db.pragma('max_page_count = 4294967294');
}

describe('a till whose disk is full', () => {
  let till: TestTill;
  let cashier: string;
  beforeEach(async () => {
    till = createTestTill();
    cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 10_000 }, cashier);
  });
  afterEach(() => till.dispose());

  it('tells the cashier the disk is full, keeps the ticket, and completes once space is back', async () => {
    const freeSpace = fillTheDisk(till);
    // Pages have some slack, so a sale or two may still fit: sell until the disk refuses one.
    let result: Awaited<ReturnType<TestTill['raw']>> = { ok: true, data: null };
    for (let i = 0; i < 50 && result.ok; i++) {
      result = await till.raw('sale.scan', { code: demoEan(1 + (i % 3)) }, cashier);
      if (result.ok) result = await till.raw('sale.addPayment', { method: 'cash', amountCents: 100_000 }, cashier);
      if (result.ok) result = await till.raw('sale.complete', { printReceipt: true }, cashier);
    }
    expect(result).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(result.ok === false && result.error.message).toMatch(/Disk full/);

    freeSpace();
    const ticket = await till.call('sale.current', {}, cashier);
    if (ticket && ticket.remainingCents > 0) await till.call('sale.addPayment', { method: 'cash', amountCents: 100_000 }, cashier);
    if (ticket) expect(await till.call('sale.complete', { printReceipt: true }, cashier)).toMatchObject({ receiptNumber: expect.stringMatching(/^0001-/) });
  });

  it('answers a wrong PIN with INVALID_PIN, never INTERNAL, while the disk is full', async () => {
    fillTheDisk(till);
    for (let i = 0; i < 8; i++) {
      const result = await till.raw('session.login', { userId: 'user-marco', pin: '0000' });
      expect(result.ok === false && result.error.code).toMatch(/^(INVALID_PIN|LOCKED_OUT)$/);
    }
  });

  it('maps I/O and permission failures to STORAGE_FAILED and leaves bugs alone', () => {
    expect(storageFailureOf(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))?.code).toBe('STORAGE_FAILED');
    expect(storageFailureOf(Object.assign(new Error('readonly'), { code: 'SQLITE_READONLY' }))?.code).toBe('STORAGE_FAILED');
    expect(storageFailureOf(Object.assign(new Error('denied'), { code: 'EACCES' }))?.code).toBe('STORAGE_FAILED');
    expect(storageFailureOf(Object.assign(new Error('full'), { code: 'ENOSPC' }))?.code).toBe('DISK_FULL');
    expect(storageFailureOf(new TypeError('x is undefined'))).toBeNull();
  });
});
