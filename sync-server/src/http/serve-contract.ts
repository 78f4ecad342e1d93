/**
 * @module
 * The one adapter from an HTTP contract to Hono routes: for each declared procedure it assembles
 * the input (path params, then query or JSON body), validates it, asks the caller's `context` to
 * check access and build the handler's context, runs the handler and answers the success
 * envelope. With `checkResponses` (on in tests) every answer is checked against the declared
 * output, so a handler cannot drift from the contract unnoticed.
 */
import { CassaError, inputInQuery, pathParams } from '@cassa/shared';
import type { HttpContract, HttpHandlers, HttpProcedure } from '@cassa/shared';
import type { Context, Env, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readJson, validate } from '../http-support';

export interface ServeContractOptions<C extends HttpContract, Ctx, E extends Env> {
  /** Runs before the input is read: who is calling (a session, a token), refusing strangers early. */
  readonly authenticate?: (c: Context<E>, procedure: C[keyof C]) => void | Promise<void>;
  /**
   * Checks that this caller may call this procedure with this input (throwing a CassaError if
   * not) and builds the handler's context. Runs after validation, so it can check a `storeId`.
   */
  readonly context: (c: Context<E>, procedure: C[keyof C], input: unknown) => Ctx | Promise<Ctx>;
  /** Reads a JSON body; default `readJson`. Head office passes one that refuses unstorable text. */
  readonly readBody?: (c: Context<E>, procedure: C[keyof C], name: keyof C & string) => Promise<unknown>;
  /** Checks each answer against the procedure's output (default: `CASSA_CHECK_RESPONSES=1`). */
  readonly checkResponses?: boolean;
}

export const checkResponsesByDefault = (): boolean => process.env['CASSA_CHECK_RESPONSES'] === '1';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function rawInput<E extends Env>(c: Context<E>, procedure: HttpProcedure, readBody: (c: Context<E>) => Promise<unknown>): Promise<Record<string, unknown>> {
  let fields: Record<string, unknown>;
  if (inputInQuery(procedure.method)) fields = { ...c.req.query() };
  else if ((await c.req.text()).length === 0) fields = {};
  else {
    const body = await readBody(c);
    if (!isPlainObject(body)) throw new CassaError('VALIDATION', 'The body must be a JSON object');
    fields = body;
  }
  // Path params win over a body field of the same name: the URL says what is being changed.
  for (const param of pathParams(procedure.path)) fields[param] = c.req.param(param);
  return fields;
}

function checkedOutput(name: string, procedure: HttpProcedure, data: unknown): void {
  const result = procedure.output.safeParse(data);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new CassaError('INTERNAL', `Answer to ${name} breaks the contract at ${issue?.path.join('.') || 'data'}: ${issue?.message ?? ''}`);
}

/** Mounts every procedure of `contract` on `app`, each served by its handler. */
export function serveContract<C extends HttpContract, Ctx, E extends Env>(
  app: Hono<E>,
  contract: C,
  handlers: HttpHandlers<C, Ctx, Response>,
  options: ServeContractOptions<C, Ctx, E>,
): void {
  const readBody = options.readBody ?? ((c: Context<E>) => readJson(c));
  const checkResponses = options.checkResponses ?? checkResponsesByDefault();
  // Literal paths first: `/stock/stores` must not be taken for `/stock/:id`, whatever the order
  // the contract lists them in (sort is stable, so equal counts keep the contract's order).
  const names = (Object.keys(contract) as (keyof C & string)[]).sort((a, b) => pathParams(contract[a]!.path).length - pathParams(contract[b]!.path).length);
  for (const name of names) {
    const procedure = contract[name] as C[keyof C];
    const handler = handlers[name] as (input: unknown, ctx: Ctx) => unknown;
    app.on(procedure.method, procedure.path, async (c) => {
      await options.authenticate?.(c, procedure);
      const input = validate(procedure.input, await rawInput(c, procedure, (context) => readBody(context, procedure, name)));
      const ctx = await options.context(c, procedure, input);
      const result = await handler(input, ctx);
      if (procedure.stream) return result as Response;
      if (checkResponses) checkedOutput(name, procedure, result);
      return c.json({ ok: true as const, data: result }, procedure.status as ContentfulStatusCode);
    });
  }
}
