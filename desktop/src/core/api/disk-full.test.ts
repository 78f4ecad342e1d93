import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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

/** A real, tiny filesystem, where the machine lets us mount one (root on Linux); else the test is skipped. */
function mountTinyDisk(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'cassa-tiny-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

describe('a till on a real disk that fills up', () => {
  const disk = mountTinyDisk();
  afterAll(() => {
    if (!disk) return;
    execFileSync('umount', [disk], { stdio: 'ignore' });
    rmSync(disk, { recursive: true, force: true });
  });

  it.runIf(disk)('answers DISK_FULL, not INTERNAL, and sells again once space is freed', async () => {
    const till = createTestTill({ dir: join(disk!, 'till') });
    try {
      const cashier = await till.login('user-giulia', '1111');
      await till.call('shift.open', { floatCents: 0 }, cashier);
      // Leave the till a few pages: a filler file takes the rest of the disk.
      const free = statfsSync(disk!);
      const filler = join(disk!, 'filler');
      writeFileSync(filler, Buffer.alloc(Math.max(0, Number(free.bavail * free.bsize) - 16 * 1024)));
      let result: Awaited<ReturnType<TestTill['raw']>> = { ok: true, data: null };
      for (let i = 0; i < 200 && result.ok; i++) {
        result = await till.raw('sale.scan', { code: demoEan(1 + (i % 3)) }, cashier);
        if (result.ok) result = await till.raw('sale.addPayment', { method: 'cash', amountCents: 100_000 }, cashier);
        if (result.ok) result = await till.raw('sale.complete', { printReceipt: false }, cashier);
      }
      expect(result).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
      expect(await till.raw('session.login', { userId: 'user-marco', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'INVALID_PIN' } });

      rmSync(filler);
      const ticket = await till.call('sale.current', {}, cashier);
      if (ticket && ticket.remainingCents > 0) await till.call('sale.addPayment', { method: 'cash', amountCents: 100_000 }, cashier);
      if (ticket) await till.call('sale.complete', { printReceipt: false }, cashier);
      await till.call('sale.scan', { code: demoEan(1) }, cashier);
    } finally {
      await till.dispose();
    }
  });
});
