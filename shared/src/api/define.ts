/**
 * @module
 * The building blocks of an API contract: a procedure is an input schema, an output schema, who
 * may call it and whether it changes state. Hosts and clients are derived from a contract map,
 * never written per call.
 */
import type { z } from 'zod';
import type { ApiError } from '../errors';

/**
 * Who may call a procedure.
 * - `public`: anyone who can reach the till (login, app info).
 * - `local`: anyone on the till itself (Electron, or a host bound to loopback); on a host open to
 *   the LAN it needs a logged-in session like `cashier`.
 * - `cashier` | `manager` | `admin`: a logged-in session of at least that role. Manager-gated
 *   actions also accept a cashier session plus a manager override in the input.
 */
export type Access = 'public' | 'local' | 'cashier' | 'manager' | 'admin';

/**
 * Queries may run alongside each other; commands run one at a time, in arrival order; actions
 * wait on something outside the till (the network) and so run outside that queue, making their
 * own short transactions: a sale must never wait for a server.
 */
export type ProcedureKind = 'query' | 'command' | 'action';

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  readonly kind: ProcedureKind;
}

function procedureOf(kind: ProcedureKind) {
  return <I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O): ProcedureDef<I, O> => ({
    input,
    output,
    access,
    kind,
  });
}

export const query = procedureOf('query');
export const command = procedureOf('command');
export const action = procedureOf('action');

export type ContractMap = Readonly<Record<string, ProcedureDef>>;
export type EventMap = Readonly<Record<string, z.ZodType>>;

export type ProcedureName<C extends ContractMap> = keyof C & string;
export type InputOf<C extends ContractMap, N extends keyof C> = z.input<C[N]['input']>;
export type ParsedInputOf<C extends ContractMap, N extends keyof C> = z.output<C[N]['input']>;
export type OutputOf<C extends ContractMap, N extends keyof C> = z.output<C[N]['output']>;
export type EventPayload<E extends EventMap, N extends keyof E> = z.output<E[N]>;

/** One handler per procedure; `satisfies Handlers<…>` makes a missing procedure a compile error. */
export type Handlers<C extends ContractMap, Ctx> = {
  readonly [N in keyof C]: (input: ParsedInputOf<C, N>, ctx: Ctx) => OutputOf<C, N> | Promise<OutputOf<C, N>>;
};

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

/** An event as it crosses a transport. */
export interface EventEnvelope {
  readonly name: string;
  readonly payload: unknown;
}
