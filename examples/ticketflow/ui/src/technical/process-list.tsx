import type { ProcessEntry } from '../api/system-api';
import { Badge } from '../components/badge';

const tones: Record<ProcessEntry['state'], 'green' | 'red' | 'slate'> = {
  running: 'green',
  crashed: 'red',
  starting: 'slate',
  stopping: 'slate',
  stopped: 'slate',
};

/** How a process ended, in words: "killed by SIGKILL", "exit code 1". */
export function describeProcessExit(process: ProcessEntry): string {
  if (!process.exit) return '';
  return process.exit.signal ? `killed by ${process.exit.signal}` : `exit code ${process.exit.code}`;
}

/** The OS processes TicketFlow runs as (one per service instance, plus web); a crashed one is not restarted. */
export function ProcessList({ processes }: { processes: ProcessEntry[] }) {
  const crashed = processes.filter((process) => process.state === 'crashed');
  return (
    <>
      <h3 className="mt-4 mb-2 text-sm font-semibold">Processes</h3>
      {crashed.length > 0 ? (
        <p role="alert" className="mb-2 text-sm text-rose-700">
          {crashed
            .map((process) => `${process.label} ended unexpectedly (${describeProcessExit(process)})`)
            .join('; ')}
          . Crashed processes are not restarted.
        </p>
      ) : null}
      <table className="w-full text-left text-sm" aria-label="Processes">
        <thead className="text-slate-500">
          <tr>
            <th className="font-normal">process</th>
            <th className="font-normal">pid</th>
            <th className="font-normal">address</th>
            <th className="font-normal">state</th>
          </tr>
        </thead>
        <tbody>
          {processes.map((process) => (
            <tr key={process.label} data-testid={`process-${process.label}`}>
              <td className="font-medium">{process.label}</td>
              <td>{process.pid ?? '—'}</td>
              <td className="text-slate-600">{process.url}</td>
              <td>
                <Badge tone={tones[process.state]}>
                  {process.state}
                  {process.exit && process.state === 'crashed' ? `: ${describeProcessExit(process)}` : ''}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
