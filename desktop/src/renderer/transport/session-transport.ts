import type { ClientTransport } from '@cassa/shared';

/** A transport that carries the logged-in session's token with every call. */
export interface SessionTransport extends ClientTransport {
  setToken(token: string | null): void;
}

/** What the Electron preload exposes as `window.cassa`: the IPC bridge, nothing more. */
export interface CassaBridge {
  call(method: string, input: unknown, token: string | null): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}
