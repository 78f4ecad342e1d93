/**
 * @module
 * Where scans come from on the sale screen: the keyboard wedge (wherever the focus is) and the
 * host's scanners. Also keeps when the last scan and the last two Enters came, to tell a
 * cashier's deliberate Enter from a scanner's stray one.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { TillClient } from '@cassa/shared';
import { isDeliberateEnter } from '../../input/deliberate-enter';
import { useKeyboardWedge } from '../../input/use-keyboard-wedge';

export interface ScanInput {
  /** Takes a code as if scanned (the scan field's Enter uses it too). */
  readonly scan: (code: string) => void;
  /** True when the latest Enter was pressed on purpose, not a scanner's suffix or a double press. */
  readonly enterIsDeliberate: () => boolean;
}

export function useScanInput(options: {
  readonly client: TillClient;
  /** Read at the moment of the scan: a till that has just been locked takes no more scans. */
  readonly isLocked: () => boolean;
  readonly onCode: (code: string) => void;
  readonly field: () => HTMLInputElement | null;
}): ScanInput {
  const { client, isLocked, onCode, field } = options;
  const lastScanAt = useRef(-Infinity);
  const enterTimes = useRef({ last: -Infinity, previous: -Infinity });

  const scan = useCallback(
    (code: string) => {
      if (isLocked()) return;
      lastScanAt.current = performance.now();
      onCode(code);
    },
    [isLocked, onCode],
  );

  useKeyboardWedge(scan, field);
  // Registered after the wedge's listener: an Enter it swallowed as a scan's suffix never gets here.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') enterTimes.current = { previous: enterTimes.current.last, last: e.timeStamp };
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => client.on('scanner.scan', ({ code }) => scan(code)), [client, scan]);

  const enterIsDeliberate = useCallback(() => {
    const { last, previous } = enterTimes.current;
    const at = Number.isFinite(last) ? last : performance.now();
    return isDeliberateEnter({ at, previousEnterAt: previous, lastScanAt: lastScanAt.current });
  }, []);
  return { scan, enterIsDeliberate };
}
