import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorText } from './error-text';

/**
 * A number that moves on whenever one of `deps` changes, compared the way React compares effect
 * deps. It lets an effect depend on a caller's deps list, which the linter can only check at the
 * call site (`additionalHooks` in eslint.config.js), not here. The "information from previous
 * renders" pattern: setting state during render re-renders at once, before anything is committed.
 */
function useDepsVersion(deps: readonly unknown[]): number {
  const [seen, setSeen] = useState({ deps, version: 0 });
  const changed = seen.deps.length !== deps.length || seen.deps.some((value, i) => !Object.is(value, deps[i]));
  if (changed) setSeen({ deps, version: seen.version + 1 });
  return changed ? seen.version + 1 : seen.version;
}

/**
 * Loads something again whenever `deps` change, with a reload for after a write; errors are
 * shown, never swallowed. Only the latest load's answer is kept: a slow answer for an old filter
 * must not overwrite the one for the filter now shown.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The loader of the last committed render, so a reload reads what the page shows now.
  const latest = useRef(load);
  useLayoutEffect(() => {
    latest.current = load;
  });
  const calls = useRef(0);
  const reload = useCallback(async () => {
    const call = ++calls.current;
    try {
      const answer = await latest.current();
      if (call !== calls.current) return;
      setData(answer);
      setError(null);
    } catch (e) {
      if (call === calls.current) setError(errorText(e));
    }
  }, []);
  const version = useDepsVersion(deps);
  useEffect(() => {
    void reload();
  }, [reload, version]);
  return { data, error, reload };
}

/** What useWrite gives a page: run a write, true when it succeeded. */
export type RunWrite = (work: () => Promise<unknown>) => Promise<boolean>;

/**
 * Runs a write, then `after` (reloads); a failure goes to `setError` and is shown on the page.
 * Resolves true when the write succeeded.
 */
export function useWrite(setError: (message: string | null) => void, after: () => Promise<unknown>): RunWrite {
  return async (work) => {
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
