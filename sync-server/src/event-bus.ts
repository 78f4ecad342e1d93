/**
 * @module
 * What one server process must tell the others: head office changed rows tills hold, a register
 * was revoked, a store took a sale. On SQLite there is one process and the bus is a plain fan-out.
 * On PostgreSQL several processes may share the database behind a load balancer, so messages also
 * travel over LISTEN/NOTIFY: a till or a dashboard connected to any process hears of a write made
 * through any other. The bus only wakes listeners up; the data itself is always read from the
 * database, so a message lost while the listening connection is down costs latency, not data
 * (tills still pull on their own timer, dashboards on reload).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { TouchedStream } from './storage/storage';

export type BusMessage =
  | { readonly kind: 'changes'; readonly organisationId: string; readonly touched: readonly TouchedStream[] }
  | { readonly kind: 'disconnect'; readonly organisationId: string; readonly deviceId: string }
  | { readonly kind: 'sale'; readonly organisationId: string; readonly storeId: string; readonly at: string }
  // Issue 18: stock jobs were queued for an organisation's channels; any process's worker may send them.
  | { readonly kind: 'channel-jobs'; readonly organisationId: string };

export type BusHandler = (message: BusMessage) => void;

export interface EventBus {
  /** Delivered to this process's handlers at once, and to other processes when there are any. */
  publish(message: BusMessage): void;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}

export const BUS_CHANNEL = 'cassa_events';
/** PostgreSQL refuses NOTIFY payloads from 8000 bytes; stay clear of it. */
const MAX_PAYLOAD = 7500;

function fanOut() {
  const handlers = new Set<BusHandler>();
  return {
    handlers,
    deliver(message: BusMessage): void {
      for (const handler of [...handlers]) handler(message);
    },
    subscribe(handler: BusHandler): () => void {
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
  };
}

export function createLocalBus(): EventBus {
  const local = fanOut();
  return { publish: (message) => local.deliver(message), subscribe: (handler) => local.subscribe(handler), close: async () => undefined };
}

/**
 * A change touching many stores can outgrow a NOTIFY payload: it then goes out as "these streams
 * changed for every store", which makes a few extra tills pull and loses nothing.
 */
export function fitPayload(origin: string, message: BusMessage): string {
  const full = JSON.stringify({ origin, message });
  if (full.length <= MAX_PAYLOAD || message.kind !== 'changes') return full;
  const streams = [...new Set(message.touched.map((t) => t.stream))];
  return JSON.stringify({ origin, message: { ...message, touched: streams.map((stream) => ({ stream, storeId: null })) } });
}

function isBusMessage(value: unknown): value is BusMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.organisationId !== 'string') return false;
  switch (m.kind) {
    case 'changes':
      return Array.isArray(m.touched);
    case 'disconnect':
      return typeof m.deviceId === 'string';
    case 'sale':
      return typeof m.storeId === 'string' && typeof m.at === 'string';
    case 'channel-jobs':
      return true;
    default:
      return false;
  }
}

export interface PostgresBusOptions {
  readonly log: (message: string, error?: unknown) => void;
  /** Wait before reconnecting a lost listening connection. */
  readonly reconnectMs?: number;
  /**
   * After a lost connection is back: messages may have been missed meanwhile, so the server ends
   * its open event streams; tills and dashboards reconnect, and each reconnect reads afresh.
   */
  readonly onReconnect?: () => void;
}

/**
 * One dedicated connection LISTENs (and NOTIFYs: a NOTIFY outside a transaction is sent at once).
 * Our own notifications come back to us; the origin id drops them, since local handlers already
 * had the message. A lost connection is replaced after `reconnectMs`, for as long as the bus is open.
 */
export async function createPostgresBus(connectionString: string, options: PostgresBusOptions): Promise<EventBus> {
  const { default: pgModule } = await import('pg');
  const origin = randomUUID();
  const local = fanOut();
  const reconnectMs = options.reconnectMs ?? 1000;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (note: pg.Notification) => {
    if (note.channel !== BUS_CHANNEL || note.payload === undefined) return;
    try {
      const parsed = JSON.parse(note.payload) as { origin?: unknown; message?: unknown };
      if (parsed.origin === origin || !isBusMessage(parsed.message)) return;
      local.deliver(parsed.message);
    } catch (error) {
      options.log('ignored a malformed bus notification', error);
    }
  };

  async function connect(): Promise<boolean> {
    const next = new pgModule.Client({ connectionString });
    next.on('notification', onNotification);
    next.on('error', (error) => {
      options.log('event bus connection lost; reconnecting', error);
      lost(next);
    });
    next.on('end', () => lost(next));
    await next.connect();
    await next.query(`LISTEN ${BUS_CHANNEL}`);
    if (closed) {
      await next.end().catch(() => undefined);
      return false;
    }
    client = next;
    return true;
  }

  function lost(which: pg.Client): void {
    if (client !== which) return;
    client = null;
    which.removeAllListeners('notification');
    void which.end().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        (connected) => {
          if (connected) options.onReconnect?.();
        },
        (error: unknown) => {
          options.log('event bus could not reconnect; trying again', error);
          scheduleReconnect();
        },
      );
    }, reconnectMs);
    retry.unref();
  }

  await connect();

  return {
    publish(message) {
      local.deliver(message);
      const current = client;
      if (current === null) return;
      current.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, fitPayload(origin, message)]).catch((error: unknown) => {
        if (!closed) options.log('event bus could not notify other processes', error);
      });
    },
    subscribe: (handler) => local.subscribe(handler),
    async close() {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
