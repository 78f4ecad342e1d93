/**
 * @module
 * Tells connected tills that head office changed something they hold, so they pull now instead
 * of polling tightly. In-process only: with several server processes on one PostgreSQL this
 * would sit on LISTEN/NOTIFY (later).
 */
import type { SyncStream } from '@cassa/shared';
import type { DevicePrincipal, TouchedStream } from './storage/storage';

export type ChangeListener = (streams: SyncStream[]) => void;

export interface ChangeNotifier {
  /** `onDisconnect` runs when the device is revoked, so its open event stream ends at once. */
  subscribe(principal: DevicePrincipal, listener: ChangeListener, onDisconnect?: () => void): () => void;
  publish(organisationId: string, touched: readonly TouchedStream[]): void;
  disconnect(organisationId: string, deviceId: string): void;
  /** How many tills are listening: for health and tests. */
  readonly listeners: number;
}

export function createChangeNotifier(): ChangeNotifier {
  const subscribers = new Set<{ principal: DevicePrincipal; listener: ChangeListener; onDisconnect?: () => void }>();
  return {
    subscribe(principal, listener, onDisconnect) {
      const entry = { principal, listener, onDisconnect };
      subscribers.add(entry);
      return () => {
        subscribers.delete(entry);
      };
    },
    publish(organisationId, touched) {
      for (const { principal, listener } of subscribers) {
        if (principal.organisationId !== organisationId) continue;
        const streams = [
          ...new Set(touched.filter((t) => t.storeId === null || t.storeId === principal.storeId).map((t) => t.stream)),
        ];
        if (streams.length > 0) listener(streams);
      }
    },
    disconnect(organisationId, deviceId) {
      for (const entry of [...subscribers]) {
        if (entry.principal.organisationId === organisationId && entry.principal.deviceId === deviceId) {
          subscribers.delete(entry);
          entry.onDisconnect?.();
        }
      }
    },
    get listeners() {
      return subscribers.size;
    },
  };
}
