import { describe, expect, it } from 'vitest';
import { isRecordSpecificFailure } from './op-failures';

const failure = (code: unknown) => Object.assign(new Error('x'), { code });

describe('which database errors set one op aside', () => {
  it('the record caused it: values out of range, bytes the engine cannot store, constraints, triggers', () => {
    for (const code of ['22021', '22003', '22P05', '23505', '54000', 'P0001', 'SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_TOOBIG', 'SQLITE_MISMATCH']) {
      expect(isRecordSpecificFailure(failure(code)), code).toBe(true);
    }
    expect(isRecordSpecificFailure(Object.assign(new Error('integer overflow'), { code: 'SQLITE_ERROR' }))).toBe(true);
  });

  it('the database is in trouble or our statement is wrong: the whole push fails, to be retried, and nothing is set aside', () => {
    for (const code of ['08006', '40001', '40P01', '53100', '57P01', '55P03', 'XX000', '42P01', '42703', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'ECONNREFUSED', 'ECONNRESET', undefined, 42]) {
      expect(isRecordSpecificFailure(failure(code)), String(code)).toBe(false);
    }
    expect(isRecordSpecificFailure(new Error('no code'))).toBe(false);
    // A bug in a statement (no such table, a syntax error) is not the record's fault.
    expect(isRecordSpecificFailure(Object.assign(new Error('no such table: sales'), { code: 'SQLITE_ERROR' }))).toBe(false);
    expect(isRecordSpecificFailure(null)).toBe(false);
  });
});
