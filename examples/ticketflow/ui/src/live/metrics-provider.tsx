import { createContext, type ReactNode, useContext, useState } from 'react';
import { useLiveEvent } from './live-feed';
import { appendTick, type MetricsHistory } from './metric-tick';

const MetricsContext = createContext<MetricsHistory>({});

/** Keeps the metric history for the whole session, so opening the status panel shows the recent past. */
export function MetricsProvider({ children }: { children: ReactNode }) {
  const [history, setHistory] = useState<MetricsHistory>({});
  useLiveEvent('metrics', (tick) => setHistory((previous) => appendTick(previous, tick)));
  return <MetricsContext.Provider value={history}>{children}</MetricsContext.Provider>;
}

export function useMetricsHistory(): MetricsHistory {
  return useContext(MetricsContext);
}
