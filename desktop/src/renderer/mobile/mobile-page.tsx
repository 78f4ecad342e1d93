/**
 * @module
 * The mobile till's page once its bundle is in (the entry, `main-mobile.ts`, has already started
 * the worker): the worker transport, then the same App as on a PC inside the mobile shell, with the
 * service worker (offline start, updates) and persistent storage asked for.
 */
import { createRoot } from 'react-dom/client';
import { MobileShell } from './mobile-shell';
import { createWorkerTransport } from '../transport/worker-transport';
import type { WorkerEndpoint } from '../transport/worker-transport';
import '../styles.css';
import './mobile.css';

/** Asked at every start: granted, the browser never evicts the till's data to make room. */
async function persistStorage(): Promise<boolean | null> {
  if (typeof navigator.storage?.persist !== 'function') return null;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return null;
  }
}

async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register('./sw.js', { scope: './' });
  } catch (error) {
    console.error('[cassa mobile] The service worker did not register: the till will not start offline', error);
    return null;
  }
}

/** Draws the till in `#root` over the already started worker (null: this browser has no workers). */
export function mountMobilePage(worker: WorkerEndpoint | null): void {
  const transport = worker ? createWorkerTransport(worker) : null;
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<MobileShell transport={transport} persisted={persistStorage()} registration={registerServiceWorker()} />);
}
