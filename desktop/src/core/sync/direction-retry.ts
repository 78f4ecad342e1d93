/**
 * @module
 * One direction's retry timer: pushes and pulls each count their own failures and wait out their
 * own delay, so a failing pull never slows the pushes (and the other way round).
 */
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import type { SyncClientError, Timers } from './sync-client-error';

export type SyncDirection = 'push' | 'pull';

export interface DirectionRetry {
  /** A retry is scheduled: this direction waits for it (unless forced). */
  readonly waiting: boolean;
  /** Consecutive failures since the last success. */
  readonly failures: number;
  /** How long the last scheduled retry waits (ms), or null before any. */
  readonly lastDelayMs: number | null;
  /** Counts the failure and, when `schedule`, starts the timer that calls `onRetry`. */
  failed(failure: SyncClientError, schedule: boolean): void;
  /** A success: the next failure starts again from the shortest delay. */
  succeeded(): void;
  /** Drops the scheduled retry (a forced round, or stopping). */
  cancel(): void;
}

export interface DirectionRetryOptions {
  readonly timers: Timers;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly onRetry: () => void;
}

export function createDirectionRetry(options: DirectionRetryOptions): DirectionRetry {
  const { timers, backoff, random, onRetry } = options;
  let failures = 0;
  let timer: unknown = null;
  let lastDelayMs: number | null = null;

  function cancel(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  return {
    get waiting() {
      return timer !== null;
    },
    get failures() {
      return failures;
    },
    get lastDelayMs() {
      return lastDelayMs;
    },
    failed(failure, schedule) {
      failures = failuresAfter(failure, failures);
      if (!schedule || timer !== null) return;
      const delay = backoffDelay(failures, backoff, random);
      lastDelayMs = delay;
      timer = timers.setTimeout(() => {
        timer = null;
        onRetry();
      }, delay);
    },
    succeeded() {
      failures = 0;
    },
    cancel,
  };
}

/** Permanent refusals (version, token) wait the longest: a person or an upgrade must act. */
function failuresAfter(failure: SyncClientError, failures: number): number {
  return failure.retryable ? failures + 1 : Math.max(failures + 1, 30);
}
