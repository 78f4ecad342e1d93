/**
 * @module
 * A tiny typed event emitter. Node's EventEmitter is untyped and lets one throwing listener break
 * the driver that emitted; here a listener's exception is reported and the driver carries on,
 * because a bug in the UI's scan handler must not take the scale or printer down with it.
 */

/** The parameters of listener type `F`. */
export type ListenerArgs<F> = F extends (...args: infer A) => unknown ? A : never;

type AnyListener = (...args: unknown[]) => void;

/** `Events` maps event names to listener signatures, e.g. `{ scan: (code: string) => void }`. */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<AnyListener>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const fn = listener as unknown as AnyListener;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  /** Subscribes for one event only. */
  once<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    const off = this.on(event, ((...args: unknown[]) => {
      off();
      (listener as unknown as AnyListener)(...args);
    }) as unknown as Events[E]);
    return off;
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<E extends keyof Events>(event: E, ...args: ListenerArgs<Events[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        reportListenerError(String(event), error);
      }
    }
  }
}

function reportListenerError(event: string, error: unknown): void {
  // A listener bug is the caller's, not the device's: make it visible without unwinding the driver.
  console.error(`[cassa/drivers] a '${event}' listener threw:`, error);
}
