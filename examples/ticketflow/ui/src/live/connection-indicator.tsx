import type { LiveConnectionState } from './live-events';
import { useLiveConnectionState } from './live-feed';

const looks: Record<LiveConnectionState, { label: string; dot: string }> = {
  open: { label: 'Live', dot: 'bg-emerald-500' },
  connecting: { label: 'Connecting…', dot: 'bg-amber-400 animate-pulse' },
  reconnecting: { label: 'Reconnecting…', dot: 'bg-rose-500 animate-pulse' },
};

export function ConnectionIndicator() {
  const state = useLiveConnectionState();
  const look = looks[state];
  return (
    <output
      className="flex items-center gap-2 rounded-full bg-slate-800 px-3 py-1 text-xs text-slate-100"
      aria-label={`Live updates: ${look.label}`}
      data-state={state}
      data-testid="live-connection"
    >
      <span className={`size-2 rounded-full ${look.dot}`} />
      {look.label}
    </output>
  );
}
