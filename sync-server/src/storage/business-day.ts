/**
 * @module
 * The business day lives in `shared` (`shared/src/domain/business-day.ts`), one rule for the
 * server, the till and the web. This module only re-exports it for the head-office routes, which
 * are being moved onto the head-office contract; import from `@cassa/shared` in new code.
 */
export { addDays, DEFAULT_TIME_ZONE, isValidTimeZone, localDayAndHour } from '@cassa/shared';
