/**
 * @module
 * The SAP link's schedule in the server: one timer, ticking once a minute (one small query of the
 * links when nothing is due), that runs the due item imports and yesterday's days. A round never
 * overlaps the previous one, and `stop()` waits for a round under way (the server's `close()`).
 */
import type { Logger } from '../../http-support';
import type { SapService } from '../../head-office/services/sap';

export const SAP_TICK_MS = 60_000;

export function startSapSchedule(service: Pick<SapService, 'runDue'>, log: Logger, tickMs = SAP_TICK_MS): { stop(): Promise<void> } {
  let round: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (round !== null || stopped) return;
    round = service
      .runDue()
      .catch((error: unknown) => log('SAP link: a scheduled round failed', error))
      .finally(() => {
        round = null;
      });
  }, Math.max(tickMs, 1_000));
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
