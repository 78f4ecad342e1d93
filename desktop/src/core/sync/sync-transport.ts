/**
 * @module
 * The till's requests to the sync server, derived from the sync contract (`syncContract` in
 * shared): every call carries the device token (and the app version), is cut off after a
 * timeout, and fails with a SyncClientError that says whether retrying can help.
 */
import { HttpCallError, PROTOCOL_VERSION, SCHEMA_VERSION, createHttpClient, syncContract } from '@cassa/shared';
import type { FetchLike, HttpInputOf, HttpOutputOf, JsonProcedureName, SyncContract } from '@cassa/shared';
import { SyncClientError } from './sync-client-error';
import type { Timers } from './sync-client-error';

export interface SyncTransportOptions {
  /** e.g. `https://sync.example.it`; the contract's paths are appended. */
  readonly serverUrl: string;
  readonly deviceToken: string;
  readonly appVersion?: string | undefined;
  readonly fetch: typeof fetch;
  readonly timers: Timers;
  readonly requestTimeoutMs: number;
}

export interface SyncTransport {
  call<N extends JsonProcedureName<SyncContract>>(
    name: N,
    input: HttpInputOf<SyncContract, N>,
    headers?: Record<string, string>,
  ): Promise<HttpOutputOf<SyncContract, N>>;
  /** Opens the event stream; the caller reads the body. */
  openEvents(signal: AbortSignal): Promise<Response>;
  /** Cuts every request in flight short (stop()). */
  abortAll(): void;
}

/** An answer the shared client refused, named the way the sync client's retry rules read it. */
function syncErrorOf(error: unknown): unknown {
  if (!(error instanceof HttpCallError)) return error;
  switch (error.kind) {
    case 'error':
      return new SyncClientError(error.code, error.message, error.status, error.details);
    case 'unreadable':
      return new SyncClientError(error.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', `Unreadable answer (HTTP ${error.status})`, error.status);
    case 'mismatch':
      return new SyncClientError('BAD_RESPONSE', 'The server answered in an unexpected shape', error.status);
  }
}

export function createSyncTransport(options: SyncTransportOptions): SyncTransport {
  const { timers } = options;
  const inFlight = new Set<AbortController>();
  const authorization = `Bearer ${options.deviceToken}`;

  /** Until the answer's headers arrive: a slow body is the server's to finish, as before. */
  const fetchWithTimeout: FetchLike = async (url, init) => {
    const abort = new AbortController();
    inFlight.add(abort);
    const timeout = timers.setTimeout(() => abort.abort(), options.requestTimeoutMs);
    try {
      return await options.fetch(url, { ...init, signal: abort.signal } as RequestInit);
    } catch (error) {
      throw new SyncClientError('NETWORK', `Server unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    } finally {
      timers.clearTimeout(timeout);
      inFlight.delete(abort);
    }
  };

  const client = createHttpClient(syncContract, {
    baseUrl: options.serverUrl.replace(/\/+$/, ''),
    fetch: fetchWithTimeout,
    headers: () => ({ authorization, ...(options.appVersion ? { 'cassa-app-version': options.appVersion } : {}) }),
  });

  return {
    async call(name, input, headers) {
      try {
        // `call`'s argument list depends on N, which TypeScript cannot resolve for a generic N;
        // the signature above already ties `input` to the procedure.
        return await client.call(name, ...([input, headers ? { headers } : {}] as never));
      } catch (error) {
        throw syncErrorOf(error);
      }
    },
    openEvents(signal) {
      const url = client.url('events.stream', { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION });
      return options.fetch(url, { headers: { authorization, accept: 'text/event-stream' }, signal });
    },
    abortAll() {
      for (const abort of inFlight) abort.abort();
    },
  };
}
