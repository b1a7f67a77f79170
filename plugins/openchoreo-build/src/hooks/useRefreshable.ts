import { useCallback, useEffect, useRef, useState } from 'react';

/** The `{value, loading, error, retry}` shape every data hook of this plugin returns. */
export interface AsyncState<T> {
  value?: T;
  /** True while the first load (or a `retry`) is under way; silent refreshes keep the old value. */
  loading: boolean;
  error?: Error;
  /** Loads again, showing the loading state. */
  retry: () => void;
}

/**
 * Like react-use's useAsyncRetry, plus `refresh()` that reloads in the background without
 * dropping the current value (for live updates) and `replace(value)` for a value known from
 * elsewhere. Results of superseded loads are ignored.
 */
export function useRefreshable<T>(
  load: () => Promise<T>,
  deps: unknown[],
): AsyncState<T> & { refresh: () => void; replace: (value: T) => void } {
  const [state, setState] = useState<{
    value?: T;
    loading: boolean;
    error?: Error;
  }>({
    loading: true,
  });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((silent: boolean) => {
    generation.current += 1;
    const mine = generation.current;
    if (!silent) setState(s => ({ value: s.value, loading: true }));
    loadRef
      .current()
      .then(value => {
        if (generation.current === mine) setState({ value, loading: false });
      })
      .catch(error => {
        if (generation.current !== mine) return;
        // A failed background refresh keeps showing the data it had.
        setState(s =>
          silent && s.value !== undefined
            ? s
            : { value: undefined, loading: false, error: error as Error },
        );
      });
  }, []);

  useEffect(() => {
    setState({ loading: true });
    run(false);
    return () => {
      generation.current += 1;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const retry = useCallback(() => run(false), [run]);
  const refresh = useCallback(() => run(true), [run]);
  // For a value the caller got otherwise (e.g. the answer of an update): it is newer than any
  // load still under way, so those are ignored.
  const replace = useCallback((value: T) => {
    generation.current += 1;
    setState({ value, loading: false });
  }, []);
  return { ...state, retry, refresh, replace };
}
