/**
 * @module
 * When a failed delivery is tried again (issue 19). The waits grow from seconds to hours and keep
 * trying for more than a day (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, then every 14 h: the first
 * seven span 31 h 40 min), in the spirit of the schedule Standard Webhooks' spec suggests
 * ("Retry schedule": immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); an endpoint that
 * fails without a single success for five days is disabled instead of tried for ever.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const WEBHOOK_RETRY_WAITS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR];

/** An endpoint failing for this long, without one success, is disabled (a notice on the page). */
export const WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** When to try again after `failedAttempts` failures (1: the first attempt failed). */
export function nextWebhookAttempt(failedAttempts: number, now: Date): Date {
  const waits = WEBHOOK_RETRY_WAITS_MS;
  const wait = waits[Math.min(Math.max(failedAttempts, 1), waits.length) - 1]!;
  return new Date(now.getTime() + wait);
}
