import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { type LiveConnectionState, type LiveEventName, type LiveEvents, liveEventNames } from './live-events';

type Listener = (data: unknown) => void;

interface LiveFeed {
  state: LiveConnectionState;
  subscribe: (name: LiveEventName, listener: Listener) => () => void;
}

const LiveFeedContext = createContext<LiveFeed | undefined>(undefined);
const maxReconnectDelayMs = 30_000;

/** One EventSource on /api/live for the whole app; components subscribe to the events they care about. */
export function LiveFeedProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveConnectionState>('connecting');
  const listeners = useRef(new Map<LiveEventName, Set<Listener>>());

  useEffect(() => {
    const dispatch = (name: LiveEventName, raw: string) => {
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch (error) {
        console.warn(`Live event "${name}" carried data that is not JSON; ignored`, error);
        return;
      }
      for (const listener of listeners.current.get(name) ?? []) listener(data);
    };
    return connectLiveFeed(setState, dispatch);
  }, []);

  const feed = useMemo<LiveFeed>(
    () => ({
      state,
      subscribe: (name, listener) => {
        const set = listeners.current.get(name) ?? new Set<Listener>();
        set.add(listener);
        listeners.current.set(name, set);
        return () => set.delete(listener);
      },
    }),
    [state],
  );
  return <LiveFeedContext.Provider value={feed}>{children}</LiveFeedContext.Provider>;
}

/**
 * The browser reconnects an EventSource by itself after a dropped connection; it gives up only when the server
 * answers with an error status, so then we open a new one with a capped exponential backoff.
 */
function connectLiveFeed(
  setState: (state: LiveConnectionState) => void,
  dispatch: (name: LiveEventName, raw: string) => void,
): () => void {
  let source: EventSource | undefined;
  let retryTimer: number | undefined;
  let failures = 0;
  let stopped = false;

  const open = () => {
    source = new EventSource('/api/live');
    source.onopen = () => {
      failures = 0;
      setState('open');
    };
    source.onerror = () => {
      setState('reconnecting');
      if (source?.readyState !== EventSource.CLOSED || stopped) return;
      failures += 1;
      const delay = Math.min(1000 * 2 ** (failures - 1), maxReconnectDelayMs);
      retryTimer = window.setTimeout(open, delay);
    };
    for (const name of liveEventNames) {
      source.addEventListener(name, (event) => dispatch(name, (event as MessageEvent<string>).data));
    }
  };

  open();
  return () => {
    stopped = true;
    window.clearTimeout(retryTimer);
    source?.close();
  };
}

function useLiveFeed(): LiveFeed {
  const feed = useContext(LiveFeedContext);
  if (!feed) throw new Error('useLiveFeed needs a <LiveFeedProvider> above it');
  return feed;
}

export function useLiveConnectionState(): LiveConnectionState {
  return useLiveFeed().state;
}

/** Calls `onEvent` for every live event of that name while the component is mounted. */
export function useLiveEvent<N extends LiveEventName>(name: N, onEvent: (data: LiveEvents[N]) => void): void {
  const { subscribe } = useLiveFeed();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => subscribe(name, (data) => handler.current(data as LiveEvents[N])), [subscribe, name]);
}
