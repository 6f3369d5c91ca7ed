import type { SystemOverview } from '../api/system-api';
import { Badge } from '../components/badge';
import { Card } from '../components/card';
import { describeValue, healthTone } from './describe-value';
import { ProcessList } from './process-list';

export function SystemOverviewCard({ overview }: { overview: SystemOverview }) {
  return (
    <Card title="System">
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
        <dt className="text-slate-500">Transport</dt>
        <dd data-testid="transport" className="font-medium">
          {describeValue(overview.transport)}
        </dd>
        <dt className="text-slate-500">Database</dt>
        <dd>{describeValue(overview.database)}</dd>
        <dt className="text-slate-500">Profile</dt>
        <dd>{overview.profile}</dd>
      </dl>
      <h3 className="mt-4 mb-2 text-sm font-semibold">Services</h3>
      <ul className="flex flex-wrap gap-2" aria-label="Service health">
        {overview.services.map((service) => (
          <li key={service.name}>
            <Badge tone={healthTone(service.health)}>
              {service.name}: {describeValue(service.health)}
            </Badge>
          </li>
        ))}
      </ul>
      {overview.processes && overview.processes.length > 0 ? (
        <ProcessList processes={overview.processes} />
      ) : null}
    </Card>
  );
}
