import { useCallback, useEffect, useState } from 'react';
import { errorText } from './error-text';

/** Loads something, with a reload for after a write; errors are shown, never swallowed. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      setData(await run());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/**
 * Runs a write, then `after` (reloads); a failure goes to `setError` and is shown on the page.
 * Resolves true when the write succeeded.
 */
export function useWrite(setError: (message: string | null) => void, after: () => Promise<unknown>) {
  return async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      setError(null);
      await after();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
}
