/**
 * @module
 * The till API over messages to the Web Worker that runs the till core in the browser (the
 * mobile till). Same contract and client as over IPC and HTTP: the UI cannot tell. Every message
 * from the worker is parsed before it is believed (`worker-protocol.ts` in shared).
 */
import type { ApiResult, EventEnvelope, PageToWorker, WorkerToPage } from '@cassa/shared';
import { workerToPageSchema } from '@cassa/shared';
import type { SessionTransport } from './session-transport';

/** A `Worker`, or one end of a `MessageChannel` (tests). */
export interface WorkerEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

export interface WorkerTransport extends SessionTransport {
  /** Pairs a till on its first run with the pairing QR's content (no session exists yet). */
  firstRunPair(serverUrl: string, code: string): Promise<ApiResult<unknown>>;
  /** Messages that are not answers or events (ready, failed), for the page's start-up screen. */
  onLifecycle(listener: (message: Extract<WorkerToPage, { type: 'ready' | 'failed' }>) => void): () => void;
}

const unreachable: ApiResult<unknown> = { ok: false, error: { code: 'INTERNAL', message: 'The till worker stopped: reload the page' } };

export function createWorkerTransport(worker: WorkerEndpoint): WorkerTransport {
  let token: string | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Set<(event: EventEnvelope) => void>();
  const lifecycle = new Set<(message: Extract<WorkerToPage, { type: 'ready' | 'failed' }>) => void>();
  // The worker says ready (or failed) once; a screen that subscribes later still hears it.
  let lastLifecycle: Extract<WorkerToPage, { type: 'ready' | 'failed' }> | null = null;

  worker.addEventListener('message', (event) => {
    const parsed = workerToPageSchema.safeParse(event.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result as ApiResult<unknown>);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      for (const listener of listeners) listener({ name: message.name, payload: message.payload });
    } else {
      // A worker that failed to start answers nothing more: settle what waits instead of hanging.
      if (message.type === 'failed') for (const [id, settle] of pending) (settle(unreachable), pending.delete(id));
      lastLifecycle = message;
      for (const listener of lifecycle) listener(message);
    }
  });
  worker.start?.();

  function request(build: (id: number) => PageToWorker): Promise<ApiResult<unknown>> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      try {
        worker.postMessage(build(id));
      } catch {
        // Input that cannot be cloned (a function, a DOM node): the same answer as a refused input.
        pending.delete(id);
        resolve({ ok: false, error: { code: 'VALIDATION', message: 'input: cannot be sent to the till' } });
      }
    });
  }

  return {
    call(method, input) {
      return request((id) => ({ type: 'call', id, method, input: input ?? {}, token }));
    },
    firstRunPair(serverUrl, code) {
      return request((id) => ({ type: 'firstRunPair', id, serverUrl, code }));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setToken(next) {
      token = next;
      worker.postMessage({ type: 'subscribe', token } satisfies PageToWorker);
    },
    onLifecycle(listener) {
      lifecycle.add(listener);
      if (lastLifecycle) listener(lastLifecycle);
      return () => lifecycle.delete(listener);
    },
  };
}
