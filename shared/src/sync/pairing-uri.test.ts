import { describe, expect, it } from 'vitest';
import { pairingUriProblemText, parsePairingUri } from './pairing-uri';

/** Exactly what head office's `withQr` writes (registers.ts). */
const headOfficeQr = (origin: string, code: string) => `cassa://pair?server=${encodeURIComponent(origin)}&code=${code}`;

describe('parsePairingUri', () => {
  it('reads the QR head office writes', () => {
    expect(parsePairingUri(headOfficeQr('https://cassa.example.it', 'ABCD-EFGH-JK'))).toEqual({ ok: true, serverUrl: 'https://cassa.example.it', code: 'ABCD-EFGH-JK' });
    expect(parsePairingUri(headOfficeQr('http://192.168.1.20:8787', '0123-4567-89'))).toEqual({ ok: true, serverUrl: 'http://192.168.1.20:8787', code: '0123-4567-89' });
  });

  it('takes the code as people type it and trims what a scanner adds', () => {
    expect(parsePairingUri(`  ${headOfficeQr('https://a.example', 'abcdefghjk')}\n`)).toEqual({ ok: true, serverUrl: 'https://a.example', code: 'ABCDEFGHJK' });
  });

  it.each([
    ['8001234567895', 'not-cassa'],
    ['https://cassa.example.it/?code=ABCD-EFGH-JK', 'not-cassa'],
    ['', 'not-cassa'],
    ['cassa://enrol?server=https%3A%2F%2Fa.example&code=ABCD-EFGH-JK', 'not-pairing'],
    ['cassa://pair?code=ABCD-EFGH-JK', 'no-server'],
    ['cassa://pair?server=https%3A%2F%2Fa.example&server=https%3A%2F%2Fb.example&code=ABCD-EFGH-JK', 'no-server'],
    ['cassa://pair?server=javascript%3Aalert(1)&code=ABCD-EFGH-JK', 'bad-server'],
    ['cassa://pair?server=ftp%3A%2F%2Fa.example&code=ABCD-EFGH-JK', 'bad-server'],
    ['cassa://pair?server=https%3A%2F%2Fa.example%2Fphish&code=ABCD-EFGH-JK', 'bad-server'],
    ['cassa://pair?server=https%3A%2F%2Fuser%3Apw%40a.example&code=ABCD-EFGH-JK', 'bad-server'],
    ['cassa://pair?server=https%3A%2F%2Fa.example%00.evil&code=ABCD-EFGH-JK', 'bad-server'],
    ['cassa://pair?server=https%3A%2F%2Fa.example', 'no-code'],
    ['cassa://pair?server=https%3A%2F%2Fa.example&code=ABCD-EF', 'bad-code'],
    ['cassa://pair?server=https%3A%2F%2Fa.example&code=ABCD-EFGH-JI', 'bad-code'],
    ['cassa://pair?server=https%3A%2F%2Fa.example&code=ABCD-EFGH-JK%00', 'bad-code'],
    [`cassa://pair?server=https%3A%2F%2Fa.example&code=ABCD-EFGH-JK&x=${'a'.repeat(700)}`, 'too-long'],
  ])('refuses %s with %s, worded in both languages', (text, problem) => {
    const result = parsePairingUri(text);
    expect(result).toEqual({ ok: false, problem });
    if (result.ok) return;
    expect(pairingUriProblemText(result.problem, 'it')).toMatch(/QR|testo/);
    expect(pairingUriProblemText(result.problem, 'en')).toMatch(/QR|text/);
  });
});
