/**
 * @module
 * The mobile till's page: starts the till core in its module worker, talks to it over the worker
 * transport, and shows the same App as on a PC. Around it: the start-up and failure screens, the
 * first-run pairing, the service worker (offline start, updates) and persistent storage.
 */
import { createRoot } from 'react-dom/client';
import { MobileShell } from './mobile-shell';
import { createWorkerTransport } from '../transport/worker-transport';
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

const worker = typeof Worker === 'function' ? new Worker(new URL('../../mobile/till-worker.ts', import.meta.url), { type: 'module', name: 'cassa-till' }) : null;
const transport = worker ? createWorkerTransport(worker) : null;
const root = document.getElementById('root');
if (root) createRoot(root).render(<MobileShell transport={transport} persisted={persistStorage()} registration={registerServiceWorker()} />);
