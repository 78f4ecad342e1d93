/**
 * @module
 * The till's worker started before the page's own bundle has loaded. Fetching, compiling and
 * starting the core (SQLite in WebAssembly, the database, the services) is the longest part of a
 * cold start; begun first, it runs on its own thread while the page's bundle loads and React
 * draws, instead of after. What the worker says in the meantime (its `ready`) is kept, in order,
 * for the transport that listens once the bundle is in. Imports nothing, so the entry stays tiny.
 */
import type { WorkerEndpoint } from '../transport/worker-transport';

type Listener = (event: { data: unknown }) => void;

/** The part of `Worker` used; a `MessagePort` in tests. */
export interface EarlyWorkerTarget {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: Listener): void;
  start?(): void;
}

/**
 * Holds every message `worker` sends until the first listener is added, then hands that listener
 * the held ones (in order) and every later one. One listener is all the transport needs; a second
 * hears only what arrives after it.
 */
export function holdingEndpoint(worker: EarlyWorkerTarget): WorkerEndpoint {
  let held: { data: unknown }[] | null = [];
  const listeners: Listener[] = [];
  worker.addEventListener('message', (event) => {
    if (held) held.push({ data: event.data });
    else for (const listener of listeners) listener(event);
  });
  worker.start?.();
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener(_type, listener) {
      listeners.push(listener);
      if (!held) return;
      const waiting = held;
      held = null;
      for (const event of waiting) listener(event);
    },
  };
}
