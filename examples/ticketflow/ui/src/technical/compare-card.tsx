import { useEffect, useState } from 'react';
import { type CompareResult, compareApi } from '../api/compare-api';
import { Badge } from '../components/badge';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useResource } from '../hooks/use-resource';

const duplicatedOf = ({ duplicated }: CompareResult) =>
  duplicated.alerts + duplicated.messages + duplicated.deadlines + duplicated.tickets;

function verdict(result: CompareResult): { tone: 'green' | 'red' | 'amber' | 'slate'; text: string } {
  if (result.skipped) return { tone: 'slate', text: 'skipped' };
  const broken = result.violations.length > 0;
  if (result.profile === 'reliable')
    return broken ? { tone: 'red', text: 'violated' } : { tone: 'green', text: 'ok' };
  return broken ? { tone: 'amber', text: 'violations (expected)' } : { tone: 'slate', text: 'none seen' };
}

/**
 * The Compare page of the technical area: the latest `ticketflow compare` report (the same scenarios on each
 * broker, reliable and naive) and a button to run the short profile on the brokers this TicketFlow can reach.
 */
export function CompareCard() {
  const overview = useResource('compare', compareApi.overview);
  const [startError, setStartError] = useState<unknown>();
  const running = overview.data?.run.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(overview.reload, 1_000);
    return () => clearInterval(timer);
  }, [running, overview.reload]);

  const start = async () => {
    setStartError(undefined);
    try {
      await compareApi.start({ scenarios: 'short', inquiries: 4 });
    } catch (error) {
      setStartError(error);
    }
    overview.reload();
  };
  const data = overview.data;
  const report = data?.latest;
  return (
    <Card
      title="Compare brokers"
      actions={
        <Button
          variant="primary"
          small
          disabled={!data || running}
          title={running ? 'A run is in progress' : undefined}
          onClick={start}
        >
          Run short compare on {data ? data.reachable.join(', ') : '…'}
        </Button>
      }
    >
      {overview.error ? <ErrorNotice error={overview.error} onRetry={overview.reload} /> : null}
      {startError ? <ErrorNotice error={startError} /> : null}
      {overview.loading ? <LoadingNotice what="the compare report" /> : null}
      {data?.run.running || data?.run.error ? (
        <p role="status" className="mb-2 text-sm text-slate-600">
          {data.run.error
            ? `The run failed: ${data.run.error}`
            : `Running ${data.run.done}/${data.run.total}: ${data.run.label}`}
        </p>
      ) : null}
      {data && !report ? <EmptyNotice>No compare run yet.</EmptyNotice> : null}
      {report ? (
        <>
          <p className="mb-2 text-xs text-slate-500">
            {data?.source === 'recorded' ? 'Recorded run' : 'Run from this page'} of{' '}
            {report.startedAt.slice(0, 16).replace('T', ' ')} UTC · seed {report.seed} · {report.inquiries}{' '}
            inquiries per run
          </p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Compare results">
              <thead className="text-slate-500">
                <tr>
                  {[
                    'scenario',
                    'broker',
                    'profile',
                    'accepted',
                    'tickets',
                    'lost',
                    'duplicated',
                    'dead letters',
                    'p50 / p95 ms',
                    'verdict',
                  ].map((heading) => (
                    <th key={heading} className="pr-3 font-normal">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.results.map((result) => {
                  const { tone, text } = verdict(result);
                  return (
                    <tr
                      key={`${result.scenario}-${result.transport}-${result.profile}`}
                      aria-label={`${result.scenario} on ${result.transport}, ${result.profile}`}
                      title={result.skipped ?? result.violations.slice(0, 5).join('\n')}
                    >
                      <td className="pr-3">{result.scenario}</td>
                      <td className="pr-3">{result.transport}</td>
                      <td className="pr-3">{result.profile}</td>
                      <td className="pr-3">{result.skipped ? '' : result.inquiriesAccepted}</td>
                      <td className="pr-3">{result.skipped ? '' : result.ticketsCreated}</td>
                      <td className="pr-3">{result.skipped ? '' : result.lost}</td>
                      <td className="pr-3">{result.skipped ? '' : duplicatedOf(result)}</td>
                      <td className="pr-3">
                        {result.deadLetters.reduce((sum, letter) => sum + letter.count, 0) ||
                          (result.skipped ? '' : 0)}
                      </td>
                      <td className="pr-3">
                        {result.latencyMs ? `${result.latencyMs.p50} / ${result.latencyMs.p95}` : ''}
                      </td>
                      <td>
                        <Badge tone={tone}>{text}</Badge>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Card>
  );
}
