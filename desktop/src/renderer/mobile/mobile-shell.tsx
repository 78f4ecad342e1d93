/**
 * @module
 * What the mobile page shows around the till: starting, a worded start failure, the first-run
 * pairing, then the same App as on a PC with the update banner and the storage status.
 */
import { useEffect, useMemo, useState } from 'react';
import type { WorkerReady, WorkerStartProblem } from '@cassa/shared';
import { workerStartProblemText } from '@cassa/shared';
import { App } from '../app';
import { storedLocale } from '../i18n/i18n';
import type { Locale } from '../i18n/i18n';
import type { WorkerTransport } from '../transport/worker-transport';
import { FirstRunScreen } from './first-run-screen';
import { mobileWords } from './mobile-words';
import { UpdateBanner, watchForUpdate } from './update-banner';

type Phase = { kind: 'starting' } | { kind: 'failed'; problem: WorkerStartProblem; detail: string } | { kind: 'ready'; ready: WorkerReady };

function browserLocale(): Locale {
  return storedLocale() ?? (globalThis.navigator?.language?.toLowerCase().startsWith('it') === false ? 'en' : 'it');
}

export function MobileShell({
  transport,
  persisted,
  registration,
}: {
  transport: WorkerTransport | null;
  persisted: Promise<boolean | null>;
  registration: Promise<ServiceWorkerRegistration | null>;
}) {
  const locale = useMemo(browserLocale, []);
  const words = mobileWords(locale);
  const [phase, setPhase] = useState<Phase>(transport ? { kind: 'starting' } : { kind: 'failed', problem: 'no-workers', detail: 'Worker is not available' });
  const [storage, setStorage] = useState<boolean | null | undefined>(undefined);
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  const [firstRunDone, setFirstRunDone] = useState(false);

  useEffect(() => transport?.onLifecycle((message) => setPhase(message.type === 'ready' ? { kind: 'ready', ready: message } : { kind: 'failed', problem: message.problem, detail: message.detail })), [transport]);
  useEffect(() => void persisted.then(setStorage), [persisted]);
  useEffect(() => void registration.then((found) => found && watchForUpdate(found, setWaiting)), [registration]);

  if (phase.kind === 'failed' || !transport) {
    const failed = phase.kind === 'failed' ? phase : { problem: 'no-workers' as const, detail: '' };
    return (
      <main className="centre mobile-failed">
        <h1>{words.failedTitle}</h1>
        <p role="alert">{workerStartProblemText(failed.problem, locale)}</p>
        {failed.detail && (
          <details>
            <summary>{words.detail}</summary>
            <code>{failed.detail}</code>
          </details>
        )}
      </main>
    );
  }
  if (phase.kind === 'starting') return <main className="centre"><p role="status">{words.starting}</p></main>;
  if (phase.ready.firstRun && !firstRunDone) return <FirstRunScreen transport={transport} words={words} locale={locale} onDone={() => setFirstRunDone(true)} />;
  const storageText = storage === true ? words.storagePersisted : storage === false ? words.storageNotPersisted : storage === null ? words.storageUnknown : null;
  return (
    <>
      {waiting && <UpdateBanner waiting={waiting} transport={transport} words={words} />}
      <App transport={transport} />
      {storageText && (
        <p className={`mobile-storage-status${storage === false ? ' warn' : ''}`} data-persisted={String(storage)}>
          {storageText}
        </p>
      )}
    </>
  );
}
