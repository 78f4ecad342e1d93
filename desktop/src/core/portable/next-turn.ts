/**
 * @module
 * "Later, after pending I/O": Node's `setImmediate` where it exists (the PC till behaves as it
 * always did), else a zero timer (browsers and workers have no `setImmediate`).
 */
type Callback = () => void;

const schedule: (callback: Callback) => void =
  typeof globalThis.setImmediate === 'function' ? (callback) => void globalThis.setImmediate(callback) : (callback) => void setTimeout(callback, 0);

export function onNextTurn(callback: Callback): void {
  schedule(callback);
}

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}
