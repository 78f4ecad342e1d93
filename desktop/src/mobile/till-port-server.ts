/**
 * @module
 * The worker's side of the mobile till's transport: serves the page's messages (declared in
 * shared's `worker-protocol.ts`) to a started till core, and forwards the core's events to a page
 * whose session may receive them. Plain message passing: it runs the same in a browser worker and
 * in Node (where the tests drive it over a `MessageChannel`).
 */
import type { ApiResult, PageToWorker, WorkerToPage } from '@cassa/shared';
import { CassaError, pageToWorkerSchema, tillContract } from '@cassa/shared';
import type { CallerInfo, TillCore } from '../core';

/** A worker's global scope or one end of a MessageChannel. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

/** Whether the till is still on its first run: nobody can log in and it has no head office yet. */
export function isFirstRun(core: TillCore): boolean {
  return !core.services.users.hasAny() && !core.services.sync.state().paired;
}

/**
 * The page is the till's own screen, same origin, in the same browser profile: like Electron's
 * window it is the counter itself (`trustedLocal`), and PIN sessions still decide who does what.
 */
const callerOf = (token: string | null): CallerInfo => ({ token: token ?? undefined, trustedLocal: true });

function failure(error: unknown): ApiResult<unknown> {
  if (error instanceof CassaError) return { ok: false, error: error.toApiError() };
  return { ok: false, error: { code: 'INTERNAL', message: 'Internal error: the till logged the details' } };
}

/**
 * First run only: pairing by the QR's content needs no session, because a till with no user has
 * nobody who could log in; holding the one-time code (shown only to head office's owner) is the
 * proof, as on a PC where the owner types it. Once a user exists or the till is paired, refused.
 */
async function firstRunPair(core: TillCore, serverUrl: string, code: string): Promise<ApiResult<unknown>> {
  if (!isFirstRun(core)) return failure(new CassaError('NOT_AUTHORISED', 'This till is already set up: pairing again is for an administrator, from the back office'));
  // The same input rules as `sync.pair` (an http(s) address, a code of sane length).
  const input = tillContract['sync.pair'].input.safeParse({ serverUrl, code });
  if (!input.success) return failure(new CassaError('VALIDATION', 'The pairing QR holds no valid head-office address or code'));
  try {
    return { ok: true, data: await core.services.sync.pair(input.data.serverUrl, input.data.code) };
  } catch (error) {
    return failure(error);
  }
}

/** Serves the page until `stop` is called; returns `stop`. */
export function serveTillOverPort(endpoint: MessageEndpoint, core: TillCore, logger: (message: string, error?: unknown) => void = () => undefined): () => void {
  let subscriber: string | null = null;
  // One first-run pairing at a time: a double tap must not send the one-time code twice.
  let pairing: Promise<ApiResult<unknown>> | null = null;
  const send = (message: WorkerToPage): void => endpoint.postMessage(message);

  const stopEvents = core.events.subscribe((event) => {
    // Checked at each event, so a logout (or an expired session) stops the flow at once.
    if (subscriber === null || !core.dispatcher.canSubscribe(callerOf(subscriber))) return;
    send({ type: 'event', name: event.name, payload: event.payload });
  });

  async function answer(message: PageToWorker): Promise<void> {
    if (message.type === 'subscribe') {
      subscriber = message.token;
      return;
    }
    let result: ApiResult<unknown>;
    if (message.type === 'call') result = await core.dispatcher.dispatch(message.method, message.input, callerOf(message.token));
    else if (pairing) result = failure(new CassaError('CONFLICT', 'Pairing is already under way'));
    else {
      pairing = firstRunPair(core, message.serverUrl, message.code);
      result = await pairing.finally(() => (pairing = null));
    }
    send({ type: 'result', id: message.id, result: structuredCloneable(result) });
  }

  const onMessage = (event: { data: unknown }): void => {
    const parsed = pageToWorkerSchema.safeParse(event.data);
    if (!parsed.success) {
      // Not ours, or malformed: nothing to answer to (no trustworthy id); logged for a developer.
      logger('A message the till does not understand was ignored');
      return;
    }
    answer(parsed.data).catch((error: unknown) => logger('A page message failed', error));
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return () => {
    stopEvents();
    endpoint.removeEventListener('message', onMessage);
  };
}

/**
 * What crosses postMessage must be plain data: a handler's output passed the contract's zod
 * output schema, so it is JSON-like already; the JSON round trip drops anything that would make
 * structured cloning throw (a function) and gives the page exactly what HTTP would.
 */
function structuredCloneable(result: ApiResult<unknown>): ApiResult<unknown> {
  return JSON.parse(JSON.stringify(result)) as ApiResult<unknown>;
}
