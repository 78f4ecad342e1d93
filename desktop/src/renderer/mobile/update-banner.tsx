/**
 * @module
 * A new build of the mobile till waits in its service worker; this banner offers it and applies
 * it only when no ticket is open on this till (then the page reloads into the new build). With a
 * ticket open, it says it will update when the ticket is closed, and does so then.
 */
import { useEffect, useState } from 'react';
import type { WorkerTransport } from '../transport/worker-transport';
import type { MobileWords } from './mobile-words';

/** Calls `onWaiting` with the new service worker once one is installed behind the running one. */
export function watchForUpdate(registration: ServiceWorkerRegistration, onWaiting: (worker: ServiceWorker) => void): void {
  const container = navigator.serviceWorker;
  if (registration.waiting && container.controller) onWaiting(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      // Without a controller this is the first install, not an update: it activates by itself.
      if (installing.state === 'installed' && container.controller) onWaiting(installing);
    });
  });
}

/** True when the screen has a ticket with lines (an unauthenticated till has none in front of anyone). */
async function ticketOpen(transport: WorkerTransport): Promise<boolean> {
  const current = await transport.call('sale.current', {});
  if (!current.ok) return false;
  const ticket = current.data as { lines?: unknown[] } | null;
  return ticket !== null && Array.isArray(ticket.lines) && ticket.lines.length > 0;
}

function apply(waiting: ServiceWorker): void {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  waiting.postMessage({ type: 'applyUpdate' });
}

export function UpdateBanner({ waiting, transport, words }: { waiting: ServiceWorker; transport: WorkerTransport; words: MobileWords }) {
  const [deferred, setDeferred] = useState(false);

  useEffect(() => {
    if (!deferred) return undefined;
    // Asked while a ticket was open: apply as soon as the ticket is completed, parked or voided.
    return transport.subscribe((event) => {
      if (event.name !== 'sale.changed') return;
      void ticketOpen(transport).then((open) => {
        if (!open) apply(waiting);
      });
    });
  }, [deferred, transport, waiting]);

  async function requestUpdate(): Promise<void> {
    if (await ticketOpen(transport)) setDeferred(true);
    else apply(waiting);
  }

  return (
    <div className="mobile-update-banner" role="status">
      <span>{deferred ? words.updateAfterTicket : words.updateReady}</span>
      {!deferred && (
        <button type="button" className="primary" onClick={() => void requestUpdate()}>
          {words.updateNow}
        </button>
      )}
    </div>
  );
}
