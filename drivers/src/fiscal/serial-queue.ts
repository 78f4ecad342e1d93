/**
 * @module
 * One request at a time per fiscal device (reference/fiscal-rt.md §1: fiskaltrust keeps a
 * per-device semaphore). A second caller waits for the first to settle; requests never interleave.
 * Queues are shared by endpoint, so two device objects for the same printer also take turns.
 */

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `work` after everything queued before it has settled (resolved or rejected). */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  /** Requests running or waiting. */
  get size(): number {
    return this.pending;
  }

  private settle(): void {
    this.pending--;
  }
}

const queues = new Map<string, SerialQueue>();

/** The queue for one device endpoint (e.g. `https://192.168.1.20:443`). */
export function queueForEndpoint(key: string): SerialQueue {
  let queue = queues.get(key);
  if (!queue) {
    queue = new SerialQueue();
    queues.set(key, queue);
  }
  return queue;
}
