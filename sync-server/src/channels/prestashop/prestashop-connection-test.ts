/**
 * @module
 * "Test connection" for a PrestaShop shop: one GET of the webservice's root, which answers (in
 * XML) every resource the key may use with its verbs as attributes (`get="true" put="false"…`).
 * That single answer tells apart the address being wrong (no webservice there), the key refused,
 * the webservice switched off (503 code 22), and a key missing a permission Cassa needs.
 */
import type { ChannelProblem, PrestashopCredentials } from '@cassa/shared';
import { ChannelCallError } from '../connector';
import type { ConnectionTest } from '../connector';
import { classifyAnswer } from './prestashop-http';
import type { PrestashopHttp } from './prestashop-http';
import { cleanText } from './prestashop-values';

/** What Cassa does with each resource: stock needs writing, orders and the rest reading. */
function needed(): readonly { readonly resource: string; readonly verbs: readonly string[] }[] {
  return [
    { resource: 'products', verbs: ['get'] },
    { resource: 'combinations', verbs: ['get'] },
    // PATCH (8.x) is used when granted; PUT always works.
    { resource: 'stock_availables', verbs: ['get', 'put'] },
    { resource: 'orders', verbs: ['get'] },
    { resource: 'currencies', verbs: ['get'] },
  ];
}

/** The key's rights per resource, from the root's XML. */
export function rightsOf(xml: string): Map<string, Set<string>> {
  const rights = new Map<string, Set<string>>();
  const api = /<api\b[^>]*>([\s\S]*)<\/api>/.exec(xml)?.[1] ?? '';
  for (const match of api.matchAll(/<([a-z_]+)\s+([^>]*\bxlink:href="[^"]*"[^>]*)>/g)) {
    const verbs = new Set<string>();
    for (const verb of (match[2] ?? '').matchAll(/\b(get|put|post|patch|delete|head)="true"/g)) verbs.add(verb[1] ?? '');
    rights.set(match[1] ?? '', verbs);
  }
  return rights;
}

function failed(problem: ChannelProblem, detail: string): ConnectionTest {
  return { ok: false, problem, detail: cleanText(detail).slice(0, 500), summary: '' };
}

export async function testConnection(http: PrestashopHttp, credentials: PrestashopCredentials, now: () => Date): Promise<ConnectionTest> {
  let answer;
  try {
    answer = await http.raw('GET', http.url('', {}, false));
  } catch (error) {
    if (error instanceof ChannelCallError) return failed(error.problem, error.detail);
    throw error;
  }
  if (answer.status < 200 || answer.status >= 300) {
    const error = classifyAnswer(answer, now());
    return failed(error.problem, error.detail);
  }
  if (!/<prestashop\b/.test(answer.text) || !/<api\b/.test(answer.text)) {
    return failed('not-found', `the address answers, but not with PrestaShop's webservice: ${answer.text.slice(0, 120).replace(/\s+/g, ' ')}`);
  }
  const rights = rightsOf(answer.text);
  const missing = needed().flatMap(({ resource, verbs }) => {
    const granted = rights.get(resource);
    const lacking = verbs.filter((verb) => granted?.has(verb) !== true);
    return lacking.length === 0 ? [] : [`${resource} (${lacking.map((verb) => verb.toUpperCase()).join(', ')})`];
  });
  if (missing.length > 0) return failed('permission-missing', `the key lacks: ${missing.join('; ')}`);
  const shopVersion = cleanText(answer.headers.get('psws-version') ?? '').slice(0, 20);
  const mismatch = shopVersion !== '' && !shopVersion.startsWith(credentials.version === '8' ? '8.' : '1.7') ? ` (the shop says ${shopVersion}: check the version chosen)` : '';
  const shopName = cleanText(/<api\b[^>]*\bshopName="([^"]*)"/.exec(answer.text)?.[1] ?? '').slice(0, 120);
  const publishing = ['product_options', 'product_option_values'].every((resource) => rights.get(resource)?.has('post') === true) && rights.get('products')?.has('post') === true && rights.get('combinations')?.has('post') === true;
  return {
    ok: true,
    problem: null,
    detail: '',
    summary: `PrestaShop ${shopVersion || credentials.version}${mismatch}${shopName === '' ? '' : `, ${shopName}`}${publishing ? '' : '; publishing products needs POST on products, combinations, product_options, product_option_values'}${rights.get('configurations')?.has('get') === true ? '' : '; without GET on configurations order times are read as UTC'}`,
  };
}
