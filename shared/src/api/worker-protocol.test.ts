import { describe, expect, it } from 'vitest';
import { pageToWorkerSchema, workerStartProblemText, workerStartProblems, workerToPageSchema } from './worker-protocol';

describe('the page↔worker messages', () => {
  it('accepts a call, a first-run pairing and a subscription', () => {
    expect(pageToWorkerSchema.parse({ type: 'call', id: 1, method: 'sale.current', input: {}, token: 'abc' }).type).toBe('call');
    expect(pageToWorkerSchema.parse({ type: 'firstRunPair', id: 2, serverUrl: 'https://a.example', code: 'ABCD-EFGH-JK' }).type).toBe('firstRunPair');
    expect(pageToWorkerSchema.parse({ type: 'subscribe', token: null }).type).toBe('subscribe');
  });

  it.each([
    ['an unknown type', { type: 'exec', sql: 'DROP TABLE sales' }],
    ['a call without an id', { type: 'call', method: 'sale.current', input: {}, token: null }],
    ['a fractional id', { type: 'call', id: 1.5, method: 'sale.current', input: {}, token: null }],
    ['a huge token', { type: 'call', id: 1, method: 'x', input: {}, token: 'x'.repeat(201) }],
    ['an extra key', { type: 'subscribe', token: null, role: 'admin' }],
    ['a string', 'call'],
    ['null', null],
  ])('refuses %s', (_label, message) => {
    expect(pageToWorkerSchema.safeParse(message).success).toBe(false);
  });

  it('checks what the worker answers', () => {
    expect(workerToPageSchema.parse({ type: 'result', id: 3, result: { ok: false, error: { code: 'VALIDATION', message: 'no' } } }).type).toBe('result');
    expect(workerToPageSchema.safeParse({ type: 'result', id: 3, result: { ok: 'yes' } }).success).toBe(false);
    expect(workerToPageSchema.safeParse({ type: 'failed', problem: 'disk-on-fire', detail: '' }).success).toBe(false);
  });

  it('words every start failure in Italian and English', () => {
    for (const problem of workerStartProblems) {
      expect(workerStartProblemText(problem, 'it')).not.toBe(workerStartProblemText(problem, 'en'));
      expect(workerStartProblemText(problem, 'it').length).toBeGreaterThan(20);
    }
  });
});
