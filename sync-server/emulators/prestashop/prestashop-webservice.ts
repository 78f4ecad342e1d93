/**
 * @module
 * The emulated `/api/` of a PrestaShop 1.7 or 8.x shop, in the order the real dispatcher checks a
 * request (classes/webservice/WebserviceRequest.php, read in PrestaShop/PrestaShop):
 * 1. the key: missing → 401 code 16, not 32 characters → 18, unknown or off → 20
 *    (with a `WWW-Authenticate: Basic` header);
 * 2. the webservice switched off → 503 code 22 "The PrestaShop webservice is disabled…";
 * 3. the verb: not one the version knows → 405 code 23 (PATCH on 1.7); forbidden for the resource
 *    → 405 code 101 (POST on stock_availables); not granted to the key → 405 code 25;
 * 4. the resource: unknown → 400 code 27; not granted to the key → 401 code 26;
 * 5. an id that does not exist → 404 code 87.
 * Answers are XML unless `output_format=JSON`; errors too.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { EmulatedShop } from './prestashop-shop';
import { resourceSingular } from './prestashop-shop';
import { QueryError, applyListQuery, project, readListQuery } from './prestashop-query';
import { XmlSyntaxError, child, parseXml, toXml } from './prestashop-xml';
import { create, updateStock } from './prestashop-writes';

export type PrestashopVersion = '1.7' | '8';

export const webserviceMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

export interface WebserviceSettings {
  version: PrestashopVersion;
  apiKey: string;
  enabled: boolean;
  /** Resource → the verbs this key may use (the back office's permission grid). */
  permissions: Map<string, Set<string>>;
  /**
   * PrestaShop #10822, #25334: on some 1.7 releases `filter[date_add]` on orders fails with
   * code 32. On by default for version 1.7.
   */
  dateAddFilterBroken: boolean;
}

const singularOf = (plural: string): string => resourceSingular[plural] ?? plural.replace(/s$/, '');

function wantsJson(url: URL): boolean {
  return (url.searchParams.get('output_format') ?? url.searchParams.get('io_format') ?? '').toUpperCase() === 'JSON';
}

function xmlDocument(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n${body}\n</prestashop>\n`;
}

function errorResponse(url: URL, status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  if (wantsJson(url)) return Response.json({ errors: [{ code, message }] }, { status, headers });
  const body = xmlDocument(`<errors>\n<error>\n<code><![CDATA[${code}]]></code>\n<message><![CDATA[${message}]]></message>\n</error>\n</errors>`);
  return new Response(body, { status, headers: { 'content-type': 'text/xml;charset=utf-8', ...headers } });
}

function recordResponse(url: URL, status: number, resource: string, record: Record<string, unknown>): Response {
  const singular = singularOf(resource);
  if (wantsJson(url)) return Response.json({ [singular]: record }, { status });
  return new Response(xmlDocument(toXml(singular, record, singularOf)), { status, headers: { 'content-type': 'text/xml;charset=utf-8' } });
}

function listResponse(url: URL, resource: string, records: readonly Record<string, unknown>[], origin: string): Response {
  if (wantsJson(url)) {
    // An empty list is a bare `[]` in JSON output, not `{"products": []}` [U: seen in client libraries' workarounds].
    if (records.length === 0) return Response.json([]);
    return Response.json({ [resource]: records });
  }
  if (url.searchParams.get('display') === null) {
    // Without `display`, XML lists are links: `<product id="1" xlink:href="…/api/products/1"/>`.
    const links = records.map((record) => `<${singularOf(resource)} id="${String(record['id'] as number)}" xlink:href="${origin}/api/${resource}/${String(record['id'] as number)}"/>`);
    return new Response(xmlDocument(`<${resource}>\n${links.join('\n')}\n</${resource}>`), { headers: { 'content-type': 'text/xml;charset=utf-8' } });
  }
  return new Response(xmlDocument(toXml(resource, records, singularOf)), { headers: { 'content-type': 'text/xml;charset=utf-8' } });
}

function keyOf(request: Request, url: URL): string | null {
  const header = request.headers.get('authorization');
  if (header !== null && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
  }
  return url.searchParams.get('ws_key');
}

const resources = Object.keys(resourceSingular).filter((name) => name !== 'order_rows');

export function webserviceApp(shop: EmulatedShop, settings: WebserviceSettings, origin: () => string): Hono {
  const app = new Hono();

  app.all('/api/*', async (c: Context) => {
    const url = new URL(c.req.url);
    const override = url.searchParams.get('ps_method');
    const method = (override ?? c.req.method).toUpperCase();
    const key = keyOf(c.req.raw, url);
    const challenge = { 'WWW-Authenticate': 'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."' };
    if (key === null) return errorResponse(url, 401, 16, 'Please enter the authentication key as the login. No password required', challenge);
    if (key.length !== 32) return errorResponse(url, 401, 18, 'Invalid authentication key format', challenge);
    if (key !== settings.apiKey) return errorResponse(url, 401, 20, 'Authentification key is not active', challenge);
    if (!settings.enabled) return errorResponse(url, 503, 22, 'The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office');

    const known = settings.version === '8' ? webserviceMethods : webserviceMethods.filter((verb) => verb !== 'PATCH');
    if (!(known as readonly string[]).includes(method)) return errorResponse(url, 405, 23, `Method ${method} is not valid`);

    const segments = url.pathname.replace(/^\/api\/?/, '').split('/').filter((part) => part !== '');
    const [resource, idSegment, ...extra] = segments;
    if (resource === undefined) return rootResponse(settings, origin());
    if (!resources.includes(resource)) return errorResponse(url, 400, 27, `Resource of type "${resource}" does not exists`);
    const granted = settings.permissions.get(resource);
    if (granted === undefined) return errorResponse(url, 401, 26, `Resource of type "${resource}" is not allowed with this authentication key`);
    if (resource === 'stock_availables' && method === 'POST') return errorResponse(url, 405, 101, 'Method POST is not allowed for the resource stock_availables');
    if (!granted.has(method)) return errorResponse(url, 405, 25, `Method ${method} is not allowed for the resource ${resource} with this authentication key`);
    if (extra.length > 0) return errorResponse(url, 400, 27, 'Unexpected path');

    try {
      if (idSegment === undefined) {
        if (method === 'GET' || method === 'HEAD') return list(url, resource);
        if (method === 'POST') {
          const id = create(shop, resource, await recordOf(c.req.raw, resource));
          return recordResponse(url, 201, resource, shop.render(resource, id) ?? {});
        }
        if (method === 'PUT' || method === 'PATCH') return errorResponse(url, 400, 90, `You have to set the 'id' parameter to ${method} a record`);
        return errorResponse(url, 405, 101, `Method ${method} is not allowed for the resource ${resource} [not emulated]`);
      }
      if (!/^\d{1,10}$/.test(idSegment)) return errorResponse(url, 400, 88, `Invalid id: ${idSegment.slice(0, 20)}`);
      const id = Number(idSegment);
      const existing = shop.render(resource, id);
      if (existing === null) return errorResponse(url, 404, 87, `Id(s) not exists: ${id}`);
      if (method === 'GET' || method === 'HEAD') return recordResponse(url, 200, resource, existing);
      if ((method === 'PUT' || method === 'PATCH') && resource === 'stock_availables') {
        updateStock(shop, id, await recordOf(c.req.raw, resource), method === 'PATCH');
        return recordResponse(url, 200, resource, shop.render(resource, id) ?? {});
      }
      return errorResponse(url, 405, 101, `Method ${method} is not allowed for the resource ${resource} [not emulated]`);
    } catch (error) {
      if (error instanceof QueryError) return errorResponse(url, error.status, error.code, error.message);
      if (error instanceof XmlSyntaxError) return errorResponse(url, 400, 127, `XML error: ${error.message}`);
      throw error;
    }
  });

  function list(url: URL, resource: string): Response {
    const query = readListQuery(url);
    if (settings.dateAddFilterBroken && resource === 'orders' && query.filters.has('date_add')) {
      return errorResponse(url, 400, 32, 'Unable to filter by date_add on this resource');
    }
    // `filter[id_product]=[a|b]` picks rows by index instead of rendering the whole table.
    const byProduct = /^\[(\d+(?:\|\d+)*)\]$/.exec(query.filters.get('id_product') ?? '');
    const candidates = (byProduct === null ? null : shop.idsOfProducts(resource, (byProduct[1] ?? '').split('|').map(Number))?.sort((a, b) => a - b)) ?? shop.ids(resource);
    const render = (ids: readonly number[]): Record<string, unknown>[] =>
      ids.flatMap((id) => {
        const row = shop.render(resource, id);
        return row === null ? [] : [row];
      });
    // A query on ids alone (filter[id], sort=[id_ASC], limit) renders only the page it returns.
    const idsOnly = [...query.filters.keys()].every((field) => field === 'id') && (query.sort === null || /^\[id_(ASC|DESC)\]$/i.test(query.sort));
    const rows = idsOnly ? render(applyListQuery(candidates.map((id) => ({ id })), query).map((row) => Number(row['id']))) : applyListQuery(render(candidates), query);
    const picked = rows.map((row) => project(row, query.display));
    return listResponse(url, resource, picked, origin());
  }

  return app;
}

async function recordOf(request: Request, resource: string): Promise<ReturnType<typeof parseXml>> {
  const body = await request.text();
  if (body.length > 1_000_000) throw new QueryError(413, 999, 'Request body too large');
  const root = parseXml(body);
  if (root.name !== 'prestashop') throw new XmlSyntaxError('the root element must be <prestashop>');
  const record = child(root, singularOf(resource));
  if (record === undefined) throw new XmlSyntaxError(`expected <${singularOf(resource)}> inside <prestashop>`);
  return record;
}

function rootResponse(settings: WebserviceSettings, origin: string): Response {
  // The root lists what the key may do per resource (attributes get/put/post/patch/delete/head) [U: JSON form not emulated].
  const lines = [...settings.permissions.entries()].map(([resource, verbs]) => {
    const rights = webserviceMethods
      .filter((verb) => verb !== 'PATCH' || settings.version === '8')
      .map((verb) => `${verb.toLowerCase()}="${verbs.has(verb) ? 'true' : 'false'}"`)
      .join(' ');
    return `<${resource} xlink:href="${origin}/api/${resource}" ${rights}><description xlink:href="${origin}/api/${resource}"><![CDATA[The ${resource}]]></description></${resource}>`;
  });
  return new Response(xmlDocument(`<api shopName="Cassa emulated shop">\n${lines.join('\n')}\n</api>`), {
    headers: { 'content-type': 'text/xml;charset=utf-8', 'PSWS-Version': settings.version === '8' ? '8.1.0' : '1.7.8.11' },
  });
}
