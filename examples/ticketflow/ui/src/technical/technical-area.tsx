import { anomaliesApi } from '../api/anomalies-api';
import { systemApi } from '../api/system-api';
import { Card } from '../components/card';
import { ErrorNotice, LoadingNotice } from '../components/notices';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';
import { toAnomalyTypes, toMessageTypes } from './anomaly-catalog';
import { AnomalyPanel } from './anomaly-panel';
import { AsyncApiViewer } from './asyncapi-viewer';
import { CompareCard } from './compare-card';
import { DeadLetterViewer } from './dead-letter-viewer';
import { ReliabilitySettings } from './reliability-settings';
import { ServiceMetricsCard } from './service-metrics-card';
import { SystemOverviewCard } from './system-overview-card';

async function loadCatalogs() {
  const [types, messages] = await Promise.all([anomaliesApi.types(), anomaliesApi.messageTypes()]);
  return { anomalyTypes: toAnomalyTypes(types), messageTypes: toMessageTypes(messages) };
}

export function TechnicalArea() {
  const overview = useResource('system', systemApi.overview);
  const catalogs = useResource('anomaly-catalogs', loadCatalogs);
  // Services restarted with other features (here or in another browser): their health and the catalogue's
  // availability of each anomaly change with them.
  useLiveEvent('system', () => {
    overview.reload();
    catalogs.reload();
  });

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-bold">Technical</h1>
        <p className="text-sm text-slate-600">
          Break the system on purpose, switch reliability features, and recover what failed.
        </p>
      </div>
      {overview.error ? <ErrorNotice error={overview.error} onRetry={overview.reload} /> : null}
      {overview.loading ? <LoadingNotice what="the system overview" /> : null}
      {overview.data ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <SystemOverviewCard overview={overview.data} />
          <ReliabilitySettings overview={overview.data} onApplied={overview.reload} />
        </div>
      ) : null}
      <CompareCard />
      <DeadLetterViewer />
      <ServiceMetricsCard />
      <Card title="Anomalies">
        {catalogs.error ? <ErrorNotice error={catalogs.error} onRetry={catalogs.reload} /> : null}
        {catalogs.loading ? <LoadingNotice what="anomaly types" /> : null}
        {catalogs.data && overview.data ? (
          <div className="grid gap-4 lg:grid-cols-2">
            {overview.data.services.map((service) => (
              <AnomalyPanel
                key={service.name}
                service={service.name}
                anomalyTypes={catalogs.data?.anomalyTypes ?? []}
                messageTypes={catalogs.data?.messageTypes ?? []}
              />
            ))}
          </div>
        ) : null}
      </Card>
      <AsyncApiViewer />
    </div>
  );
}
