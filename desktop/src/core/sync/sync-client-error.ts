/**
 * @module
 * How the till's sync client names a failed request, and decides whether waiting will fix it.
 */
import type { ErrorCode } from '@cassa/shared';

export type SyncErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A failed request: `retryable` ones are network trouble; the others need a person or an upgrade. */
export class SyncClientError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly status: number | null,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'SyncClientError';
  }

  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'BAD_RESPONSE' || this.status === null || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}
