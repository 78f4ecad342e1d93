/**
 * @module
 * A fresh phone till has no users: it pairs with head office by the pairing QR's content (read by
 * the camera, or pasted), then waits until head office's users have come down, and hands over to
 * the login screen. Whoever holds the one-time code (shown only to head office's owner) may pair.
 */
import { useState } from 'react';
import type { ErrorLocale } from '@cassa/shared';
import { pairingUriProblemText, parsePairingUri } from '@cassa/shared';
import type { WorkerTransport } from '../transport/worker-transport';
import type { MobileWords } from './mobile-words';

const USERS_POLL_MS = 500;

async function waitForUsers(transport: WorkerTransport): Promise<void> {
  for (;;) {
    const users = await transport.call('session.users', {});
    if (users.ok && Array.isArray(users.data) && users.data.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, USERS_POLL_MS));
  }
}

export function FirstRunScreen({ transport, words, locale, onDone }: { transport: WorkerTransport; words: MobileWords; locale: ErrorLocale; onDone: () => void }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'idle' | 'pairing' | 'waiting'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function pair(qrText: string): Promise<void> {
    const parsed = parsePairingUri(qrText);
    if (!parsed.ok) {
      setError(pairingUriProblemText(parsed.problem, locale));
      return;
    }
    setError(null);
    setStatus('pairing');
    const result = await transport.firstRunPair(parsed.serverUrl, parsed.code);
    if (!result.ok) {
      setStatus('idle');
      setError(`${words.pairFailed}: ${result.error.message}`);
      return;
    }
    setStatus('waiting');
    await waitForUsers(transport);
    onDone();
  }

  return (
    <main className="centre mobile-first-run">
      <h1>{words.firstRunTitle}</h1>
      <p>{words.firstRunHelp}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void pair(text);
        }}
      >
        <label>
          {words.qrText}
          <textarea name="pairing-qr" rows={3} value={text} onChange={(event) => setText(event.target.value)} disabled={status !== 'idle'} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={status !== 'idle' || text.trim() === ''}>
          {words.pair}
        </button>
      </form>
      {status === 'pairing' && <p role="status">{words.pairing}</p>}
      {status === 'waiting' && <p role="status">{words.waitingUsers}</p>}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
