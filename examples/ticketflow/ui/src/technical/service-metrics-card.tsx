import { Card } from '../components/card';
import { EmptyNotice } from '../components/notices';
import { formatTime } from '../format/format-date';
import { type MetricTick, metricsHistoryLength, recentTotals } from '../live/metric-tick';
import { useMetricsHistory } from '../live/metrics-provider';

const columns = [
  'Service',
  'Status',
  'msg/s',
  'p50 / p95',
  'Failures',
  'Retries',
  'Retrying',
  'Dead letters',
  'Outbox',
  'CPU',
  'Memory',
] as const;

/**
 * What each service's bus does right now, from the live metrics: the latest tick's rates and gauges, and failures,
 * retries and dead letters over the ticks kept. Watch it while an anomaly is on.
 */
export function ServiceMetricsCard() {
  const history = useMetricsHistory();
  const services = Object.keys(history).sort();
  return (
    <Card
      title="Service metrics"
      actions={<span className="text-xs text-slate-500">counts over the last {metricsHistoryLength} s</span>}
    >
      {services.length === 0 ? <EmptyNotice>No metrics received yet.</EmptyNotice> : null}
      {services.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-left text-sm" aria-label="Service metrics">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                {columns.map((column) => (
                  <th key={column} className="py-2 pr-3 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {services.map((service) => (
                <MetricsRow key={service} ticks={history[service] ?? []} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function MetricsRow({ ticks }: { ticks: MetricTick[] }) {
  const last = ticks[ticks.length - 1];
  if (!last) return null;
  const recent = recentTotals(ticks);
  return (
    <tr aria-label={`Metrics of ${last.service}`} title={`Last sample ${formatTime(last.at)}`}>
      <td className="py-1.5 pr-3 font-medium">{last.service}</td>
      <td className="py-1.5 pr-3">{last.status}</td>
      <td className="py-1.5 pr-3">{last.handledPerSecond.toFixed(1)}</td>
      <td className="py-1.5 pr-3">
        {Math.round(last.latencyP50Ms)} / {Math.round(last.latencyP95Ms)} ms
      </td>
      <td className="py-1.5 pr-3" data-metric="failures">
        {recent.failures}
      </td>
      <td className="py-1.5 pr-3" data-metric="retries">
        {recent.retries}
      </td>
      <td className="py-1.5 pr-3" data-metric="retrying">
        {last.retrying ?? 0}
      </td>
      <td className="py-1.5 pr-3" data-metric="dead-letters">
        {recent.deadLetters}
      </td>
      <td className="py-1.5 pr-3">{last.outboxBacklog}</td>
      <td className="py-1.5 pr-3">{Math.round(last.cpuPercent)}%</td>
      <td className="py-1.5 pr-3">{Math.round(last.memoryMb)} MB</td>
    </tr>
  );
}
