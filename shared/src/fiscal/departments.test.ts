import { describe, expect, it } from 'vitest';
import { reasonText, VAT_CODES } from '../domain';
import { DEFAULT_DEPARTMENTS, departmentFor, departmentTableSchema } from './departments';
import { fiscalRequestReasons } from './fiscal-request-problems';

describe('departments', () => {
  it('the default table gives every VAT code its own department, 1–4 for 22, 10, 5 and 4 %', () => {
    expect(departmentTableSchema.safeParse(DEFAULT_DEPARTMENTS).success).toBe(true);
    expect(VAT_CODES.map((code) => departmentFor(code, DEFAULT_DEPARTMENTS)).every((found) => found.ok)).toBe(true);
    expect(['22', '10', '5', '4'].map((code) => DEFAULT_DEPARTMENTS.find((d) => d.vatCode === code)?.department)).toEqual([1, 2, 3, 4]);
    expect(new Set(DEFAULT_DEPARTMENTS.map((d) => d.department)).size).toBe(VAT_CODES.length);
  });

  it('finds the first department of a code and says clearly when there is none', () => {
    const table = [
      { department: 11, vatCode: '22' as const, description: 'Accessori' },
      { department: 1, vatCode: '22' as const, description: 'Abbigliamento' },
    ];
    expect(departmentFor('22', table)).toEqual({ ok: true, department: table[0] });
    const missing = departmentFor('N3', table);
    expect(missing).toEqual({ ok: false, problem: 'no-department', details: { vatCode: 'N3' } });
    if (missing.ok) return;
    expect(reasonText(fiscalRequestReasons, missing.problem, missing.details, 'en')).toMatch(/^No department for VAT N3: /);
    expect(reasonText(fiscalRequestReasons, missing.problem, missing.details, 'it')).toMatch(/^Nessun reparto per IVA N3: /);
  });

  it('refuses a table with a department twice, an unknown VAT code, a number out of 1–99 or an unstorable description', () => {
    const twice = departmentTableSchema.safeParse([...DEFAULT_DEPARTMENTS, { department: 3, vatCode: '22', description: 'x' }]);
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]).toMatchObject({ path: [10, 'department'], message: 'Department 3 appears more than once' });
    expect(departmentTableSchema.safeParse([{ department: 1, vatCode: '21', description: 'x' }]).success).toBe(false);
    expect(departmentTableSchema.safeParse([{ department: 1, vatCode: 'N7', description: 'x' }]).success).toBe(false);
    expect(departmentTableSchema.safeParse([{ department: 0, vatCode: '22', description: 'x' }]).success).toBe(false);
    expect(departmentTableSchema.safeParse([{ department: 100, vatCode: '22', description: 'x' }]).success).toBe(false);
    expect(departmentTableSchema.safeParse([{ department: 1.5, vatCode: '22', description: 'x' }]).success).toBe(false);
    expect(departmentTableSchema.safeParse([{ department: 1, vatCode: '22', description: 'a\u0000b' }]).success).toBe(false);
  });
});
