/**
 * @module
 * A shop's dates are wall time in its own zone (`YYYY-MM-DD HH:MM:SS`, no offset), the zone being
 * its `PS_TIMEZONE` setting, readable from the webservice's `configurations` resource. Orders
 * reach Cassa in UTC, so we read that setting once; a key without `configurations` reads dates as
 * UTC (the README tells the owner what that costs: order times off by the shop's offset).
 */
import { ChannelCallError } from '../connector';
import type { PrestashopHttp } from './prestashop-http';
import { listOf, textOf } from './prestashop-values';

export interface ShopClock {
  readonly timeZone: string;
  /** A shop date as a UTC ISO instant; null when it is not a date. */
  toIso(local: string): string | null;
  /** An instant as the shop writes it. */
  fromMs(ms: number): string;
}

const SHOP_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function shopClock(timeZone: string): ShopClock {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const wallMs = (ms: number): number => {
    const match = SHOP_DATE.exec(format.format(new Date(ms)));
    if (!match) return ms;
    return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
  };
  return {
    timeZone,
    toIso(local) {
      const match = SHOP_DATE.exec(local);
      if (!match) return null;
      const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
      if (Number.isNaN(wall)) return null;
      // The offset at a guess, then at the corrected instant (daylight-saving edges).
      let utc = wall - (wallMs(wall) - Math.floor(wall / 1000) * 1000);
      utc = wall - (wallMs(utc) - Math.floor(utc / 1000) * 1000);
      const date = new Date(utc);
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    },
    fromMs(ms) {
      return format.format(new Date(ms));
    },
  };
}

function usableZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone !== '';
  } catch {
    return false;
  }
}

export async function readShopClock(http: PrestashopHttp): Promise<ShopClock> {
  try {
    const rows = listOf(await http.getJson('configurations', { display: '[id,name,value]', 'filter[name]': '[PS_TIMEZONE]' }), 'configurations');
    const zone = rows.map((row) => textOf(row, 'value')).find(usableZone);
    return shopClock(zone ?? 'UTC');
  } catch (error) {
    if (error instanceof ChannelCallError && error.problem === 'permission-missing') return shopClock('UTC');
    throw error;
  }
}
