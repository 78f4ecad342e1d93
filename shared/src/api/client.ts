/**
 * @module
 * A typed client over any transport: Electron IPC in the till window, HTTP + SSE in a browser.
 * The renderer never knows which one it has.
 */
import { CassaError, errorDetailsFromWire, isErrorCode } from '../errors';
import type { ApiResult, ContractMap, EventEnvelope, EventMap, EventPayload, InputOf, OutputOf } from './define';

export interface ClientTransport {
  call(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Delivers every event; returns an unsubscribe function. */
  subscribe(listener: (event: EventEnvelope) => void): () => void;
}

export interface ContractClient<C extends ContractMap, E extends EventMap> {
  /** Resolves with the procedure's output, or rejects with a CassaError carrying the server's code. */
  call<N extends keyof C & string>(name: N, input: InputOf<C, N>): Promise<OutputOf<C, N>>;
  on<N extends keyof E & string>(name: N, listener: (payload: EventPayload<E, N>) => void): () => void;
}

export function createContractClient<C extends ContractMap, E extends EventMap>(
  transport: ClientTransport,
): ContractClient<C, E> {
  return {
    async call(name, input) {
      const result = await transport.call(name, input);
      if (result.ok) return result.data as never;
      const code = isErrorCode(result.error.code) ? result.error.code : 'INTERNAL';
      throw new CassaError(code, result.error.message, errorDetailsFromWire(result.error.details));
    },
    on(name, listener) {
      return transport.subscribe((event) => {
        if (event.name === name) listener(event.payload as never);
      });
    },
  };
}
