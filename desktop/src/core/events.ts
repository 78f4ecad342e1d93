/**
 * @module
 * The core's typed event bus. Hosts forward every event to their screens (SSE in the browser
 * host, webContents.send in Electron), so the core never knows who listens.
 */
import type { EventEnvelope, EventPayload, TillEvents } from '@cassa/shared';

type Listener = (event: EventEnvelope) => void;

export class TillEventBus {
  private readonly listeners = new Set<Listener>();

  emit<N extends keyof TillEvents & string>(name: N, payload: EventPayload<TillEvents, N>): void {
    for (const listener of this.listeners) {
      try {
        listener({ name, payload });
      } catch {
        // One broken screen must not stop the others from hearing about a sale.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
