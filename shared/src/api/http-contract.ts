/**
 * @module
 * An HTTP contract: each procedure declared once with its method, path, zod input and output,
 * who may call it and whether it writes. The server mounts it with one adapter, clients are
 * derived from it (`createHttpClient`), and the OpenAPI document is generated from it, so a route
 * cannot exist in one place and not another.
 *
 * Input is one object: the path's `:params`, then the query string (GET and DELETE) or the JSON
 * body (POST, PUT, PATCH). Query values arrive as text, so a GET input declares numbers with
 * `z.coerce`, and a query value is scalar (a repeated key keeps its first value).
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpProcedure<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType, A = unknown, S extends boolean = boolean> {
  readonly method: HttpMethod;
  /** Hono-style path relative to the contract's base, e.g. `/stores/:storeId/pairing-codes`. */
  readonly path: string;
  /** One line for people reading the OpenAPI document. */
  readonly summary: string;
  readonly input: I;
  /** The `data` of a success envelope; for a `stream` procedure, the data of each event. */
  readonly output: O;
  readonly access: A;
  /** Derived from the method: GET never changes state. */
  readonly writes: boolean;
  readonly status: 200 | 201;
  /** Answers with server-sent events (`text/event-stream`) instead of one JSON envelope. */
  readonly stream: S;
}

export type HttpContract<A = unknown> = Readonly<Record<string, HttpProcedure<z.ZodObject, z.ZodType, A>>>;

interface RouteSpec<I extends z.ZodObject, O extends z.ZodType, A> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly access: A;
  readonly input: I;
  readonly output: O;
  readonly status?: 200 | 201;
}

/** Declares one procedure answering one JSON envelope; the path's params must be input keys. */
export function route<I extends z.ZodObject, O extends z.ZodType, A>(spec: RouteSpec<I, O, A>): HttpProcedure<I, O, A, false> {
  return declare(spec, false);
}

/** Declares a GET answering server-sent events; `output` is the data of each event. */
export function eventStream<I extends z.ZodObject, O extends z.ZodType, A>(spec: Omit<RouteSpec<I, O, A>, 'method' | 'status'>): HttpProcedure<I, O, A, true> {
  return declare({ ...spec, method: 'GET' }, true);
}

function declare<I extends z.ZodObject, O extends z.ZodType, A, S extends boolean>(spec: RouteSpec<I, O, A>, stream: S): HttpProcedure<I, O, A, S> {
  for (const param of pathParams(spec.path)) {
    if (!(param in spec.input.shape)) throw new Error(`${spec.method} ${spec.path}: input lacks the path param "${param}"`);
  }
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    access: spec.access,
    input: spec.input,
    output: spec.output,
    writes: spec.method !== 'GET',
    status: spec.status ?? 200,
    stream,
  };
}

/** `/a/:b/c/:d` → `['b', 'd']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
}

/** Whether the method's input travels in the query string (else in a JSON body). */
export function inputInQuery(method: HttpMethod): boolean {
  return method === 'GET' || method === 'DELETE';
}

export type HttpInputOf<C extends HttpContract, N extends keyof C> = z.input<C[N]['input']>;
export type HttpParsedInputOf<C extends HttpContract, N extends keyof C> = z.output<C[N]['input']>;
export type HttpOutputOf<C extends HttpContract, N extends keyof C> = z.output<C[N]['output']>;

/**
 * One handler per procedure; `satisfies HttpHandlers<…>` makes a missing handler a compile error.
 * An event-stream procedure's handler answers the HTTP response itself (it needs the connection):
 * the server names its response type as `Answer`.
 */
export type HttpHandlers<C extends HttpContract, Ctx, Answer = object> = {
  readonly [N in keyof C]: C[N]['stream'] extends true
    ? (input: HttpParsedInputOf<C, N>, ctx: Ctx) => Answer | Promise<Answer>
    : (input: HttpParsedInputOf<C, N>, ctx: Ctx) => HttpOutputOf<C, N> | Promise<HttpOutputOf<C, N>>;
};

/** The names of the procedures that answer one JSON envelope (the ones `createHttpClient` calls). */
export type JsonProcedureName<C extends HttpContract> = {
  [N in keyof C & string]: C[N]['stream'] extends true ? never : N;
}[keyof C & string];

