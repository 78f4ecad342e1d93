/**
 * @module
 * Tells connected tills that head office changed something they hold, so they pull now instead
 * of polling tightly. Changes and revocations go through the event bus, so a till hears of a
 * write made through any server process sharing the database.
 */
import type { SyncStream } from '@cassa/shared';
import type { EventBus } from './event-bus';
import type { DevicePrincipal, TouchedStream } from './storage/storage';

export type ChangeListener = (streams: SyncStream[]) => void;

export interface ChangeNotifier {
  /** `onDisconnect` runs when the device is revoked, so its open event stream ends at once. */
  subscribe(principal: DevicePrincipal, listener: ChangeListener, onDisconnect?: () => void): () => void;
  publish(organisationId: string, touched: readonly TouchedStream[]): void;
  disconnect(organisationId: string, deviceId: string): void;
  /** How many tills are listening (in this process): for health and tests. */
  readonly listeners: number;
}

export function createChangeNotifier(bus: EventBus): ChangeNotifier {
  const subscribers = new Set<{ principal: DevicePrincipal; listener: ChangeListener; onDisconnect?: () => void }>();
  bus.subscribe((message) => {
    if (message.kind === 'changes') {
      for (const { principal, listener } of subscribers) {
        if (principal.organisationId !== message.organisationId) continue;
        const streams = [...new Set(message.touched.filter((t) => t.storeId === null || t.storeId === principal.storeId).map((t) => t.stream))];
        if (streams.length > 0) listener(streams);
      }
    } else if (message.kind === 'disconnect') {
      for (const entry of [...subscribers]) {
        if (entry.principal.organisationId === message.organisationId && entry.principal.deviceId === message.deviceId) {
          subscribers.delete(entry);
          entry.onDisconnect?.();
        }
      }
    }
  });
  return {
    subscribe(principal, listener, onDisconnect) {
      const entry = { principal, listener, onDisconnect };
      subscribers.add(entry);
      return () => {
        subscribers.delete(entry);
      };
    },
    publish(organisationId, touched) {
      bus.publish({ kind: 'changes', organisationId, touched });
    },
    disconnect(organisationId, deviceId) {
      bus.publish({ kind: 'disconnect', organisationId, deviceId });
    },
    get listeners() {
      return subscribers.size;
    },
  };
}
