/**
 * @module
 * Reads the pairing QR's content, `cassa://pair?server=<origin>&code=<code>`, exactly as head
 * office writes it (`sync-server/src/head-office/services/registers.ts`, `withQr`). Anything else
 * (a product barcode, a web link, another app's QR, a code cut by a bad scan) is refused with a
 * worded reason, so a phone never pairs with a server it was not shown.
 */
import type { ErrorLocale } from '../error-reasons';

export type PairingUriProblem = 'not-cassa' | 'not-pairing' | 'no-server' | 'bad-server' | 'no-code' | 'bad-code' | 'too-long';

export type PairingUriResult =
  | { readonly ok: true; readonly serverUrl: string; readonly code: string }
  | { readonly ok: false; readonly problem: PairingUriProblem };

/** Head office's alphabet (credentials.ts) without the letters it leaves out; case and dashes are how people type. */
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{2}$/i;
/** A QR holds a few hundred characters at most; text beyond that is not ours. */
const MAX_LENGTH = 600;

export function parsePairingUri(text: string): PairingUriResult {
  const trimmed = text.trim();
  if (trimmed.length > MAX_LENGTH) return { ok: false, problem: 'too-long' };
  const prefix = /^cassa:\/\/([^?#]*)(\?[^#]*)?$/i.exec(trimmed);
  if (!prefix) return { ok: false, problem: 'not-cassa' };
  if ((prefix[1] ?? '').toLowerCase() !== 'pair') return { ok: false, problem: 'not-pairing' };
  const params = queryParams(prefix[2] ?? '');
  if (!params) return { ok: false, problem: 'not-cassa' };
  const server = params.getAll('server');
  if (server.length !== 1 || server[0] === '') return { ok: false, problem: 'no-server' };
  const serverUrl = originOf(server[0] as string);
  if (!serverUrl) return { ok: false, problem: 'bad-server' };
  const codes = params.getAll('code');
  if (codes.length !== 1 || codes[0] === '') return { ok: false, problem: 'no-code' };
  const code = (codes[0] as string).toUpperCase();
  if (!CODE_PATTERN.test(code)) return { ok: false, problem: 'bad-code' };
  return { ok: true, serverUrl, code };
}

/** `?a=1&b=2` → its values by name; null for a malformed %-escape. (Shared runs without URL's DOM types.) */
function queryParams(query: string): { getAll(name: string): string[] } | null {
  const pairs: [string, string][] = [];
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const [name, value] = at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    try {
      pairs.push([decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))]);
    } catch {
      return null;
    }
  }
  return { getAll: (wanted) => pairs.filter(([name]) => name === wanted).map(([, value]) => value) };
}

/**
 * An http(s) origin with nothing after it (head office writes its public origin), lower-cased
 * scheme and host, without a trailing slash; else null. No user info, path, query or fragment.
 */
function originOf(value: string): string | null {
  const match = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i.exec(value);
  if (!match) return null;
  const [, scheme, host, port] = match as unknown as [string, string, string, string | undefined];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  const lowerScheme = scheme.toLowerCase();
  const defaultPort = (lowerScheme === 'https' && port === '443') || (lowerScheme === 'http' && port === '80');
  return `${lowerScheme}://${host.toLowerCase()}${port !== undefined && !defaultPort ? `:${port}` : ''}`;
}

const problemTexts: Record<PairingUriProblem, Record<ErrorLocale, string>> = {
  'not-cassa': {
    it: 'Questo non è un QR di abbinamento di Cassa: inquadra il QR che la sede mostra quando crei il codice di abbinamento della cassa.',
    en: "This is not a Cassa pairing QR: scan the QR head office shows when you create the register's pairing code.",
  },
  'not-pairing': {
    it: 'Questo QR di Cassa non serve ad abbinare una cassa.',
    en: 'This Cassa QR is not for pairing a register.',
  },
  'no-server': { it: "Nel QR manca l'indirizzo della sede.", en: "The QR lacks head office's address." },
  'bad-server': {
    it: "L'indirizzo della sede nel QR non è valido (serve http o https, senza altro dopo).",
    en: "The head-office address in the QR is not valid (it must be http or https with nothing after it).",
  },
  'no-code': { it: 'Nel QR manca il codice di abbinamento.', en: 'The QR lacks the pairing code.' },
  'bad-code': {
    it: 'Il codice di abbinamento nel QR non è completo o non è valido: inquadra di nuovo il QR.',
    en: 'The pairing code in the QR is incomplete or not valid: scan the QR again.',
  },
  'too-long': { it: 'Questo testo è troppo lungo per essere un QR di abbinamento.', en: 'This text is too long to be a pairing QR.' },
};

export function pairingUriProblemText(problem: PairingUriProblem, locale: ErrorLocale): string {
  return problemTexts[problem][locale];
}
