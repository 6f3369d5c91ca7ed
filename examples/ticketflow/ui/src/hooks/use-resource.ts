import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True only until the first answer for the current key; reloads keep showing the previous data. */
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for `key` and reloads it on demand (live events call `reload`). A newer load always wins, so
 * a slow answer for an old page never overwrites the current one.
 */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [state, setState] = useState<{ key: string; data?: T; error?: Error; loaded: boolean }>({
    key,
    loaded: false,
  });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger, not an input
  useEffect(() => {
    let current = true;
    loadRef.current().then(
      (data) => current && setState({ key, data, loaded: true }),
      (error: unknown) =>
        current &&
        setState((previous) => ({
          key,
          data: previous.key === key ? previous.data : undefined,
          error: error instanceof Error ? error : new Error(String(error)),
          loaded: true,
        })),
    );
    return () => {
      current = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const sameKey = state.key === key;
  return {
    data: sameKey ? state.data : undefined,
    error: sameKey ? state.error : undefined,
    loading: !sameKey || !state.loaded,
    reload,
  };
}
