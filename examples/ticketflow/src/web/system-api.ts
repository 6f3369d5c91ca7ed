import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILES, profileOf } from '../config/reliability-profile.js';
import { SERVICE_NAMES, type ServiceName } from '../config/ticketflow-config.js';
import { ALL_CONTRACTS } from '../contracts/all-contracts.js';
import { ANOMALY_TYPES, unavailabilityOf } from '../runtime/anomaly-catalog.js';
import type { ProcessReport } from '../supervisor/process-report.js';
import { type FeaturesHost, registerFeaturesRoute } from './features-route.js';

export interface SystemApiHost extends FeaturesHost {
  readonly databaseKind: () => string;
  /** Services this process runs (the others are reached over HTTP). */
  readonly localServices: readonly ServiceName[];
  /** Call a service's own API, wherever it runs. */
  readonly callService: (
    service: ServiceName,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) => Promise<{
    status: number;
    body: unknown;
  }>;
  /** The OS processes of `start all` on a real broker (empty when this process was started on its own). */
  readonly processes?: () => readonly ProcessReport[];
}

const DeadLetterSelection = z.object({
  service: z.enum(SERVICE_NAMES),
  endpoint: z.string().min(1),
  ids: z.array(z.string()).optional(),
});

/** The technical area's API: what runs where, reliability switches, anomaly catalogue, dead letters of all services. */
export function registerSystemApi(app: FastifyInstance, host: SystemApiHost): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/api/system', async () => {
    const config = host.config();
    const services = await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const answer = await host.callService(name, 'GET', `/api/${name}/health`).catch((error: Error) => ({
          status: 503,
          body: { status: 'unreachable', detail: error.message },
        }));
        return { name, local: host.localServices.includes(name), health: answer.body };
      }),
    );
    return {
      transport: config.transport,
      database: host.databaseKind(),
      profile: profileOf(config.features),
      features: config.features,
      profiles: PROFILES,
      instanceId: config.instanceId,
      canReconfigure: host.reconfigure !== undefined,
      services,
      processes: host.processes?.() ?? [],
    };
  });
  registerFeaturesRoute(app, host);
  typed.get('/api/system/anomaly-types', async () => {
    const { transport, features } = host.config();
    return Object.entries(ANOMALY_TYPES).map(([name, type]) => ({
      name,
      description: type.description,
      params: type.needsDelay
        ? ['delayInMs', 'statusFilter', 'probability']
        : ['statusFilter', 'probability'],
      requiresDelay: type.needsDelay,
      // Why it cannot apply on this transport with these features; null when it can.
      unavailable: unavailabilityOf(name, { transport, features }) ?? null,
    }));
  });
  typed.get('/api/system/message-types', async () =>
    ALL_CONTRACTS.map((contract) => ({ type: contract.type, topic: contract.topic })),
  );
  typed.get('/api/system/dead-letters', async () => {
    const lists = await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const answer = await host
          .callService(name, 'GET', `/api/${name}/dead-letters`)
          .catch(() => undefined);
        return answer?.status === 200 && Array.isArray(answer.body) ? answer.body : [];
      }),
    );
    return lists.flat();
  });
  for (const action of ['replay', 'purge'] as const) {
    typed.post(
      `/api/system/dead-letters/${action}`,
      { schema: { body: DeadLetterSelection } },
      async (request, reply) => {
        const { service, ...selection } = request.body;
        const answer = await host.callService(
          service,
          'POST',
          `/api/${service}/dead-letters/${action}`,
          selection,
        );
        return reply.status(answer.status).send(answer.body);
      },
    );
  }
}
