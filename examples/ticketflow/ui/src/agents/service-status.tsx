import { Card } from '../components/card';
import { EmptyNotice } from '../components/notices';
import { formatTime } from '../format/format-date';
import { useLiveConnectionState } from '../live/live-feed';
import { type MetricTick, recentTotals } from '../live/metric-tick';
import { useMetricsHistory } from '../live/metrics-provider';
import { Sparkline } from './sparkline';

const statusDots: Record<string, string> = {
  Healthy: 'bg-emerald-500',
  Error: 'bg-rose-500',
  Unknown: 'bg-slate-400',
};

/**
 * Live service status from the `metrics` events of the live feed (one tick per service per second); failures,
 * retries and dead letters are counted over the ticks kept (about 30 s).
 */
export function ServiceStatus() {
  const history = useMetricsHistory();
  const connection = useLiveConnectionState();
  const services = Object.keys(history).sort();
  return (
    <Card
      title="Service status"
      actions={
        <span className="text-xs text-slate-500">{connection === 'open' ? 'Connected' : 'Disconnected'}</span>
      }
    >
      {services.length === 0 ? <EmptyNotice>No metrics received yet.</EmptyNotice> : null}
      <ul className="flex flex-col gap-3" aria-label="Services">
        {services.map((service) => (
          <ServiceRow key={service} ticks={history[service] ?? []} />
        ))}
      </ul>
    </Card>
  );
}

function ServiceRow({ ticks }: { ticks: MetricTick[] }) {
  const last = ticks[ticks.length - 1];
  if (!last) return null;
  const recent = recentTotals(ticks);
  return (
    <li className="rounded-lg p-2 ring-1 ring-slate-200" aria-label={`Service ${last.service}`}>
      <div className="flex items-center justify-between gap-2">
        <span className="flex items-center gap-2 font-medium">
          <span className={`size-2.5 rounded-full ${statusDots[last.status] ?? statusDots.Unknown}`} />
          {last.service}
          <span className="sr-only">{last.status}</span>
        </span>
        <span className="text-xs text-slate-500">Last sample {formatTime(last.at)}</span>
      </div>
      <dl className="mt-1 grid grid-cols-3 gap-1 text-xs text-slate-600">
        <Metric label="msg/s" value={last.handledPerSecond.toFixed(1)} />
        <Metric label="p95" value={`${Math.round(last.latencyP95Ms)} ms`} />
        <Metric label="outbox" value={String(last.outboxBacklog)} />
        <Metric label="failures" value={String(recent.failures)} />
        <Metric label="retries" value={String(recent.retries)} />
        <Metric label="dead" value={String(recent.deadLetters)} />
      </dl>
      <div className="mt-1 flex flex-col gap-0.5 text-xs text-slate-600">
        <span className="flex items-center gap-2">
          <span className="w-12 text-slate-400">CPU</span>
          <Sparkline values={ticks.map((tick) => tick.cpuPercent)} max={100} label={`${last.service} CPU`} />
          {Math.round(last.cpuPercent)}%
        </span>
        <span className="flex items-center gap-2">
          <span className="w-12 text-slate-400">Memory</span>
          <Sparkline values={ticks.map((tick) => tick.memoryMb)} label={`${last.service} memory`} />
          {Math.round(last.memoryMb)} MB
        </span>
      </div>
    </li>
  );
}

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="inline text-slate-400">{label} </dt>
      <dd className="inline font-medium text-slate-700">{value}</dd>
    </div>
  );
}
