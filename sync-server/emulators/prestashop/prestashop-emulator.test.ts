/**
 * The emulated PrestaShop webservice on its own, spoken to with plain fetch as any client would:
 * the quirks the reference lists (key auth and its error codes, the webservice off, XML by
 * default, filters/sort/limit, POST on stock refused, PUT without id_shop breaking stock,
 * PATCH only on 8.x, filter[date_add] failing on 1.7, recreated combinations, one cart in two
 * orders) and the `/__emulator/` control surface.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPrestashopEmulator } from './index';
import type { PrestashopVersion, RunningPrestashopEmulator } from './index';

const running: RunningPrestashopEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((shop) => shop.close()));
});

async function shopOf(version: PrestashopVersion = '8'): Promise<RunningPrestashopEmulator> {
  const shop = await startPrestashopEmulator({ version });
  running.push(shop);
  shop.control.seedItems([
    { sku: 'TS-M', title: 'T-shirt', quantity: 5, priceCents: 1990, group: 'TS', options: { Taglia: 'M' } },
    { sku: 'TS-L', title: 'T-shirt', quantity: 3, priceCents: 1990, group: 'TS', options: { Taglia: 'L' } },
    { sku: 'MUG', barcode: '8009876543210', title: 'Tazza', quantity: 12, priceCents: 890 },
  ]);
  return shop;
}

function call(shop: RunningPrestashopEmulator, method: string, path: string, body?: string, key: string | null = String(shop.credentials['apiKey'])): Promise<Response> {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  return fetch(`${shop.url}/api/${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

function stockXml(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><prestashop><stock_available>${inner}</stock_available></prestashop>`;
}

describe('emulated PrestaShop webservice', () => {
  it('asks for the key, refuses a wrong one with the webservice codes, and answers 503 code 22 when switched off', async () => {
    const shop = await shopOf();
    const none = await call(shop, 'GET', 'products', undefined, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await none.text()).toContain('<code><![CDATA[16]]></code>');
    expect((await call(shop, 'GET', 'products?output_format=JSON', undefined, 'short')).status).toBe(401);
    const wrong = await call(shop, 'GET', 'products?output_format=JSON', undefined, 'Q'.repeat(32));
    expect(await wrong.json()).toEqual({ errors: [{ code: 20, message: 'Authentification key is not active' }] });
    const byQuery = await fetch(`${shop.url}/api/products?output_format=JSON&ws_key=${String(shop.credentials['apiKey'])}`);
    expect(byQuery.status).toBe(200);
    shop.control.setWebserviceEnabled(false);
    const off = await call(shop, 'GET', 'products?output_format=JSON');
    expect(off.status).toBe(503);
    expect(await off.json()).toEqual({ errors: [{ code: 22, message: 'The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office' }] });
  });

  it('answers XML by default and JSON on request, with filters, sort, limit and display', async () => {
    const shop = await shopOf();
    const xml = await call(shop, 'GET', 'products?display=full');
    expect(xml.headers.get('content-type')).toContain('text/xml');
    expect(await xml.text()).toContain('<reference><![CDATA[MUG]]></reference>');
    expect(await (await call(shop, 'GET', 'products')).text()).toMatch(/<product id="2" xlink:href="http:\/\/127\.0\.0\.1:\d+\/api\/products\/2"\/>/);
    const rows = (await (await call(shop, 'GET', 'stock_availables?output_format=JSON&display=[id,quantity]&filter[id_product]=[1]&sort=[quantity_DESC]&limit=0,2')).json()) as { stock_availables: { quantity: string }[] };
    // Product 1's own row holds the sum of its combinations (8), then TS-M (5).
    expect(rows.stock_availables.map((row) => row.quantity)).toEqual(['8', '5']);
    expect(await (await call(shop, 'GET', 'products?output_format=JSON&filter[reference]=[NOPE]')).json()).toEqual([]);
    const minimal = (await (await call(shop, 'GET', 'products?output_format=JSON')).json()) as { products: object[] };
    expect(minimal.products).toEqual([{ id: 1 }, { id: 2 }]);
    const missing = await call(shop, 'GET', 'products/99?output_format=JSON');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ code: 87 }] });
  });

  it('refuses POST on stock_availables (PrestaSharp #214), and a PUT without id_shop stores 0 and takes the stock off the shop (#18953)', async () => {
    const shop = await shopOf('1.7');
    const row = shop.control.stockRow('MUG');
    if (row === null) throw new Error('seed missing');
    const post = await call(shop, 'POST', 'stock_availables?output_format=JSON', stockXml({ id_product: 2, quantity: 1 }));
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ errors: [{ code: 101 }] });
    const partial = await call(shop, 'PUT', `stock_availables/${row.id}?output_format=JSON`, stockXml({ id: row.id, quantity: 3 }));
    expect(partial.status).toBe(400);
    const noShop = await call(shop, 'PUT', `stock_availables/${row.id}?output_format=JSON`, stockXml({ id: row.id, id_product: 2, id_product_attribute: 0, quantity: 30, depends_on_stock: 0, out_of_stock: 2 }));
    expect(noShop.status).toBe(200);
    expect(shop.control.stockRow('MUG')).toMatchObject({ idShop: 0, quantity: 30 });
    expect(shop.control.quantityOf('MUG')).toBe(0);
    const withShop = await call(shop, 'PUT', `stock_availables/${row.id}?output_format=JSON`, stockXml({ id: row.id, id_product: 2, id_product_attribute: 0, id_shop: 1, quantity: 30, depends_on_stock: 0, out_of_stock: 2 }));
    expect(withShop.status).toBe(200);
    expect(shop.control.quantityOf('MUG')).toBe(30);
  });

  it('has PATCH on 8.x only, and on 1.7 fails filter[date_add] on orders with code 32 (#10822)', async () => {
    const eight = await shopOf('8');
    const row = eight.control.stockRow('TS-L');
    if (row === null) throw new Error('seed missing');
    expect((await call(eight, 'PATCH', `stock_availables/${row.id}?output_format=JSON`, stockXml({ id: row.id, quantity: 9 }))).status).toBe(200);
    expect(eight.control.quantityOf('TS-L')).toBe(9);
    expect(eight.control.stockRow('TS-L')?.idShop).toBe(1);
    const old = await shopOf('1.7');
    const patch = await call(old, 'PATCH', `stock_availables/${row.id}?output_format=JSON`, stockXml({ id: row.id, quantity: 9 }));
    expect(patch.status).toBe(405);
    expect(await patch.json()).toMatchObject({ errors: [{ code: 23 }] });
    expect((await call(old, 'GET', 'orders?output_format=JSON&date=1&filter[date_add]=[2026-01-01,2027-01-01]')).status).toBe(400);
    expect((await call(old, 'GET', 'orders?output_format=JSON&filter[date_upd]=>[2026-01-01]')).status).toBe(400);
    expect((await call(old, 'GET', 'orders?output_format=JSON&date=1&filter[date_upd]=>[2026-01-01]')).status).toBe(200);
  });

  it('refuses malformed XML and NUL-laden bodies with a 400, never a crash', async () => {
    const shop = await shopOf('1.7');
    const row = shop.control.stockRow('MUG');
    for (const body of ['<prestashop><stock_available><id>1</id>', 'not xml at all', `<prestashop><stock_available><id><![CDATA[${row?.id ?? 0}\u0000]]></id></stock_available></prestashop>`, `${'<a>'.repeat(100)}`]) {
      const answer = await call(shop, 'PUT', `stock_availables/${row?.id ?? 0}?output_format=JSON`, body);
      expect(answer.status).toBe(400);
    }
    expect(shop.control.quantityOf('MUG')).toBe(12);
  });

  it('refuses a verb or a resource the key was not given', async () => {
    const shop = await shopOf();
    shop.control.setPermissions('stock_availables', ['GET']);
    shop.control.setPermissions('orders', []);
    const row = shop.control.stockRow('MUG');
    const put = await call(shop, 'PUT', `stock_availables/${row?.id ?? 0}?output_format=JSON`, stockXml({ id: row?.id ?? 0, quantity: 1 }));
    expect(put.status).toBe(405);
    expect(await put.json()).toMatchObject({ errors: [{ code: 25 }] });
    const orders = await call(shop, 'GET', 'orders?output_format=JSON');
    expect(orders.status).toBe(401);
    expect(await orders.json()).toMatchObject({ errors: [{ code: 26 }] });
    expect(await (await call(shop, 'GET', '')).text()).toMatch(/<stock_availables [^>]*get="true" post="false" put="false"/);
  });

  it('gives recreated combinations new ids and stock rows at 0 (#12814)', async () => {
    const shop = await shopOf();
    const before = shop.control.stockRow('TS-M');
    shop.control.recreateCombinations('TS');
    const after = shop.control.stockRow('TS-M');
    expect(after?.id).not.toBe(before?.id);
    expect(shop.control.quantityOf('TS-M')).toBe(0);
    expect((await call(shop, 'GET', `stock_availables/${before?.id ?? 0}?output_format=JSON`)).status).toBe(404);
  });

  it('places, ships, cancels (restocking) and duplicates orders; one cart can become two orders (#17266)', async () => {
    const shop = await shopOf();
    const { remoteOrderId } = shop.control.placeOrder({ lines: [{ sku: 'TS-M', quantity: 2 }], buyerName: 'Anna Bianchi' });
    expect(shop.control.quantityOf('TS-M')).toBe(3);
    const twin = shop.control.duplicateOrder(remoteOrderId);
    expect(shop.control.quantityOf('TS-M')).toBe(1);
    const orders = (await (await call(shop, 'GET', 'orders?output_format=JSON&display=[id,id_cart,current_state]')).json()) as { orders: { id: number; id_cart: string }[] };
    expect(orders.orders).toHaveLength(2);
    expect(orders.orders[0]?.id_cart).toBe(orders.orders[1]?.id_cart);
    shop.control.cancelOrder(twin.remoteOrderId);
    expect(shop.control.quantityOf('TS-M')).toBe(3);
    shop.control.shipOrder(remoteOrderId);
    expect(shop.control.orders().map((order) => order.status)).toEqual(['shipped', 'cancelled']);
    const one = (await (await call(shop, 'GET', `orders/${remoteOrderId}?output_format=JSON`)).json()) as { order: { associations: { order_rows: { product_reference: string }[] } } };
    expect(one.order.associations.order_rows[0]?.product_reference).toBe('TS-M');
  });

  it('serves its control surface under /__emulator/ and keeps faults off it', async () => {
    const shop = await shopOf();
    await fetch(`${shop.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', count: 1, status: 503 }) });
    expect((await fetch(`${shop.url}/__emulator/items/MUG`)).status).toBe(200);
    expect((await call(shop, 'GET', 'products?output_format=JSON')).status).toBe(503);
    expect((await call(shop, 'GET', 'products?output_format=JSON')).status).toBe(200);
    const placed = await fetch(`${shop.url}/__emulator/orders`, { method: 'POST', body: JSON.stringify({ lines: [{ sku: 'MUG', quantity: 2 }] }) });
    expect(placed.status).toBe(201);
    expect(await (await fetch(`${shop.url}/__emulator/items/MUG`)).json()).toMatchObject({ quantity: 10 });
    expect(await (await fetch(`${shop.url}/__emulator/requests?pathIncludes=products`)).json()).toEqual({ count: 2 });
    expect((await fetch(`${shop.url}/__emulator/orders`, { method: 'POST', body: '{"lines":[]}' })).status).toBe(400);
  });
});
