/**
 * @module
 * The till's lock (Ctrl+L): the sale hides behind the PIN prompt and stays as it is. The lock is
 * also kept in a ref set at once, so a scan arriving before the next render is refused too.
 */
import { useCallback, useRef, useState } from 'react';

export function useTillLock(refocus: () => void) {
  const [locked, setLocked] = useState(false);
  const lockedRef = useRef(false);
  lockedRef.current = locked;
  const isLocked = useCallback(() => lockedRef.current, []);
  const lock = () => {
    lockedRef.current = true;
    setLocked(true);
  };
  const unlock = () => {
    lockedRef.current = false;
    setLocked(false);
    setTimeout(refocus, 0);
  };
  return { locked, isLocked, lock, unlock };
}
