/**
 * @module
 * The ERP exports' daily schedule (issue 19): a timer that ticks once a minute (one small read of
 * the scheduled profiles when there is nothing to do), never overlaps itself, does not keep the
 * process alive, and stops cleanly. Each profile's day is claimed in the database before it is
 * exported, so several servers on one PostgreSQL export it once.
 */
import type { ErpExportService } from './erp-export-service';

export interface ErpExportSchedule {
  /** One tick at `now`: the exports the schedule owes; how many were made. Tests call this. */
  runOnce(now: Date): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export const ERP_SCHEDULE_TICK_MS = 60_000;

export function createErpExportSchedule(deps: { readonly service: ErpExportService; readonly now: () => Date; readonly log: (line: string, error?: unknown) => void }): ErpExportSchedule {
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = deps.service
      .runScheduled(deps.now())
      .catch((error: unknown) => deps.log('erp export schedule failed', error))
      .finally(() => {
        running = null;
      });
  };
  return {
    runOnce: (now) => deps.service.runScheduled(now),
    start() {
      if (timer) return;
      timer = setInterval(tick, ERP_SCHEDULE_TICK_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
