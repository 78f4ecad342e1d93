/**
 * @module
 * The idle lock (issue 17): after the minutes a manager (or head office) set without a touch, a
 * click, a key or a scan, the sale screen locks itself as Ctrl+L does, the open ticket untouched.
 * 0 minutes: never. The minutes are read when the screen shows and again after each unlock.
 */
import { useEffect, useRef, useState } from 'react';
import type { TillClient } from '@cassa/shared';

/** What counts as someone at the till. Keys in the capture phase: the keyboard wedge swallows a scanner's. */
const activity = ['pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(client: TillClient, locked: boolean, onIdle: () => void): void {
  const [minutes, setMinutes] = useState(0);
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (locked) return;
    let live = true;
    client
      .call('idleLock.get', {})
      .then((next) => live && setMinutes(next.minutes))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, locked]);

  useEffect(() => {
    if (locked || minutes === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => onIdleRef.current(), minutes * 60_000);
    };
    restart();
    for (const name of activity) window.addEventListener(name, restart, { passive: true });
    window.addEventListener('keydown', restart, true);
    const stopScans = client.on('scanner.scan', restart);
    return () => {
      clearTimeout(timer);
      for (const name of activity) window.removeEventListener(name, restart);
      window.removeEventListener('keydown', restart, true);
      stopScans();
    };
  }, [client, locked, minutes]);
}
