/**
 * @module
 * The till API over Electron IPC, through the bridge the preload script exposes. Same contract,
 * same client as over HTTP.
 */
import type { ApiResult } from '@cassa/shared';
import type { CassaBridge, SessionTransport } from './session-transport';

export function createIpcTransport(bridge: CassaBridge): SessionTransport {
  let token: string | null = null;
  return {
    async call(method, input) {
      return (await bridge.call(method, input ?? {}, token)) as ApiResult<unknown>;
    },
    subscribe(listener) {
      return bridge.onEvent((name, payload) => listener({ name, payload }));
    },
    setToken(next) {
      token = next;
    },
  };
}

export function electronBridge(): CassaBridge | null {
  const candidate = (globalThis as { cassa?: CassaBridge }).cassa;
  return candidate && typeof candidate.call === 'function' ? candidate : null;
}
