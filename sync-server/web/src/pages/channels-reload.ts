import { useEffect, useRef } from 'react';

/**
 * Reads a section again when `token` moves on after its first load: a first link or a
 * reconciliation elsewhere on the page changes what the links, refusals and orders show.
 */
export function useReloadWhen(reload: () => Promise<void>, token: string | number) {
  const seen = useRef(token);
  useEffect(() => {
    if (seen.current === token) return;
    seen.current = token;
    void reload();
  }, [reload, token]);
}
