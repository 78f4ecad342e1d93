import { CassaError, createHttpClient, eventStream, route } from '@cassa/shared';
import type { HttpHandlers, HttpOutputOf } from '@cassa/shared';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createErrorHandler } from '../http-support';
import { serveContract } from './serve-contract';

const itemSchema = z.object({ id: z.string(), name: z.string(), priceCents: z.number().int() });

const toyContract = {
  'items.list': route({ method: 'GET', path: '/items', summary: 'List', access: 'reader', input: z.object({ limit: z.coerce.number<string | number>().int().min(1).max(50).default(10) }), output: z.array(itemSchema) }),
  'items.get': route({ method: 'GET', path: '/items/:id', summary: 'One', access: 'reader', input: z.object({ id: z.string() }), output: itemSchema }),
  'items.put': route({ method: 'PUT', path: '/items/:id', summary: 'Save', access: 'writer', input: z.object({ id: z.string(), name: z.string().min(1), priceCents: z.number().int() }), output: itemSchema, status: 201 }),
  'items.events': eventStream({ path: '/items/events', summary: 'Live', access: 'reader', input: z.object({}), output: z.object({ id: z.string() }) }),
} as const;

type Ctx = { readonly role: string };

function toyServer(options: { readonly lying?: boolean; readonly checkResponses?: boolean } = {}) {
  const items = new Map<string, z.output<typeof itemSchema>>([['a', { id: 'a', name: 'Pane', priceCents: 150 }]]);
  const app = new Hono();
  app.onError(createErrorHandler(() => {}));
  const handlers = {
    'items.list': ({ limit }) => [...items.values()].slice(0, limit),
    'items.get': ({ id }) => {
      const item = items.get(id);
      if (!item) throw new CassaError('NOT_FOUND');
      return options.lying ? ({ ...item, priceCents: '1,50' } as never) : item;
    },
    'items.put': (input) => {
      items.set(input.id, input);
      return input;
    },
    'items.events': () => new Response('event: hello\ndata: {}\n\n', { headers: { 'content-type': 'text/event-stream' } }),
  } satisfies HttpHandlers<typeof toyContract, Ctx, Response>;
  serveContract(app, toyContract, handlers, {
    authenticate: (c) => {
      if (c.req.header('authorization') !== 'Bearer ok') throw new CassaError('NOT_AUTHENTICATED');
    },
    context: (_c, procedure) => {
      if (procedure.access === 'writer' && procedure.writes !== true) throw new Error('writes derive from the method');
      return { role: 'writer' };
    },
    checkResponses: options.checkResponses ?? true,
  });
  const client = createHttpClient(toyContract, {
    baseUrl: 'http://till.test/',
    fetch: (url, init) => Promise.resolve(app.request(url, init as RequestInit)),
    headers: () => ({ authorization: 'Bearer ok' }),
  });
  return { app, client };
}

describe('an HTTP contract served by one adapter and called by a derived client', () => {
  it('routes path params, query text and JSON bodies into one validated input', async () => {
    const { client } = toyServer();
    expect(await client.call('items.get', { id: 'a' })).toEqual({ id: 'a', name: 'Pane', priceCents: 150 });
    expect(await client.call('items.put', { id: 'b/c', name: 'Latte', priceCents: 99 })).toEqual({ id: 'b/c', name: 'Latte', priceCents: 99 });
    expect(await client.call('items.list', { limit: 1 })).toHaveLength(1);
    expect(await client.call('items.list')).toHaveLength(2);
  });

  it('refuses a caller before reading the input, and bad input with the field named', async () => {
    const { app, client } = toyServer();
    const stranger = await app.request('/items/a');
    expect(stranger.status).toBe(401);
    await expect(client.call('items.list', { limit: 500 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('limit') });
    await expect(client.call('items.get', { id: 'zz' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the URL names what is changed: a body cannot redirect a write to another id', async () => {
    const { app, client } = toyServer();
    const response = await app.request('/items/a', {
      method: 'PUT',
      headers: { authorization: 'Bearer ok', 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'other', name: 'Burro', priceCents: 300 }),
    });
    expect(response.status).toBe(201);
    expect(await client.call('items.get', { id: 'a' })).toMatchObject({ name: 'Burro' });
    await expect(client.call('items.get', { id: 'other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an answer the contract does not allow fails on the server in tests and in the client always', async () => {
    await expect(toyServer({ lying: true }).client.call('items.get', { id: 'a' })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('priceCents') });
    await expect(toyServer({ lying: true, checkResponses: false }).client.call('items.get', { id: 'a' })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('does not match the contract'),
    });
  });

  it('an event-stream procedure answers its own response and has a URL, not a call', async () => {
    const { app, client } = toyServer();
    expect(client.url('items.events')).toBe('http://till.test/items/events');
    const response = await app.request('/items/events', { headers: { authorization: 'Bearer ok' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
  });
});

describe('what the types prove', () => {
  it('a client result is the contract output, and a missing handler does not compile', () => {
    const { client } = toyServer();
    expectTypeOf(client.call<'items.get'>).returns.resolves.toEqualTypeOf<HttpOutputOf<typeof toyContract, 'items.get'>>();
    expectTypeOf<Awaited<ReturnType<typeof client.call<'items.list'>>>>().toEqualTypeOf<{ id: string; name: string; priceCents: number }[]>();
    // @ts-expect-error: items.put has no handler
    const incomplete: HttpHandlers<typeof toyContract, Ctx, Response> = { 'items.list': () => [], 'items.get': () => ({ id: 'a', name: 'x', priceCents: 1 }), 'items.events': () => new Response() };
    expect(incomplete).toBeDefined();
    const neverRun = () => {
      // @ts-expect-error: an event stream is opened by URL, never called for one envelope
      void client.call('items.events');
      // @ts-expect-error: the input's fields are the contract's
      void client.call('items.put', { id: 'a', name: 'x' });
    };
    expect(neverRun).toBeTypeOf('function');
  });
});
