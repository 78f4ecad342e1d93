/**
 * @module
 * The till API over HTTP + SSE, for the browser host. Procedures are POSTed to /api/rpc/<name>;
 * events arrive over one EventSource opened once a session exists.
 */
import type { ApiResult, EventEnvelope } from '@cassa/shared';
import { tillEvents } from '@cassa/shared';
import type { SessionTransport } from './session-transport';

export function createHttpTransport(baseUrl = ''): SessionTransport {
  let token: string | null = null;
  let source: EventSource | null = null;
  const listeners = new Set<(event: EventEnvelope) => void>();

  function connectEvents(): void {
    source?.close();
    source = null;
    if (!token) return;
    source = new EventSource(`${baseUrl}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of Object.keys(tillEvents)) {
      source.addEventListener(name, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners) listener({ name, payload });
      });
    }
  }

  return {
    async call(method, input) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      try {
        const response = await fetch(`${baseUrl}/api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
        return (await response.json()) as ApiResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'The till host cannot be reached' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setToken(next) {
      token = next;
      connectEvents();
    },
  };
}
