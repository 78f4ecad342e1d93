import type { DashboardView, StoreView } from '@cassa/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { hoClient } from '../api';
import { errorText } from '../error-text';
import { todayIn, zoneOf } from './dashboard-figures';

/** What the dashboard shows: a range of business days and, optionally, one store, register and cashier ('' for all). */
export interface DashboardFilter {
  readonly from: string;
  readonly to: string;
  readonly store: string;
  readonly register: string;
  readonly cashier: string;
}

/** The dashboard's filters, with the stores to pick from; the range follows today until one is picked. */
export function useDashboardFilters() {
  const [store, setStore] = useState('');
  // null: follow today, so a dashboard left open on an office screen moves on at midnight.
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [, setMinute] = useState(0);
  const [register, setRegister] = useState('');
  const [cashier, setCashier] = useState('');
  const [stores, setStores] = useState<StoreView[]>([]);
  const today = todayIn(zoneOf(stores, store));
  useEffect(() => {
    const clock = window.setInterval(() => setMinute((m) => m + 1), 60_000);
    return () => window.clearInterval(clock);
  }, []);
  useEffect(() => {
    void hoClient.call('stores.list').then(setStores, () => undefined);
  }, []);
  const filter: DashboardFilter = { from: range?.from ?? today, to: range?.to ?? today, store, register, cashier };
  return { filter, range, setRange, setStore, setRegister, setCashier, stores };
}

export type DashboardFilters = ReturnType<typeof useDashboardFilters>;

/** The dashboard's figures for a filter, kept live: the server says a sale arrived and they are read again. */
export function useDashboard({ from, to, store, register, cashier }: DashboardFilter) {
  const [data, setData] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const timer = useRef<number | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await hoClient.call('dashboard.get', { from, to, ...(store ? { store } : {}), ...(register ? { register } : {}), ...(cashier ? { cashier } : {}) }));
      setUpdatedAt(new Date());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [from, to, store, register, cashier]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live: the server says a sale arrived; refetch once the burst settles.
  useEffect(() => {
    const source = new EventSource(hoClient.url('dashboard.events'));
    // A hello after the first is a reconnect: sales may have come in while the stream was down.
    let connected = false;
    source.addEventListener('hello', () => {
      setLive(true);
      if (connected) void load();
      connected = true;
    });
    source.addEventListener('sale', () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void load(), 250);
    });
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [load]);

  return { data, error, live, updatedAt };
}
