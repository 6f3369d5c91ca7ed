import type { Logger } from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILES, profileOf, type ReliabilityFeatures } from '../config/reliability-profile.js';
import { SERVICE_NAMES, type ServiceName, type TicketFlowConfig } from '../config/ticketflow-config.js';
import { ALL_CONTRACTS } from '../contracts/all-contracts.js';
import { ANOMALY_TYPES, unavailabilityOf } from '../runtime/anomaly-catalog.js';
import { DomainRuleError } from '../runtime/http-errors.js';
import type { ProcessReport } from '../supervisor/process-report.js';

export interface SystemApiHost {
  readonly config: () => TicketFlowConfig;
  readonly databaseKind: () => string;
  readonly logger: Logger;
  /** Services this process runs (the others are reached over HTTP). */
  readonly localServices: readonly ServiceName[];
  /** Restart the local services with other features; undefined when this process cannot (distributed web). */
  readonly reconfigure?: (features: ReliabilityFeatures) => Promise<void>;
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

const Features = z.object({
  outbox: z.boolean(),
  inbox: z.boolean(),
  retries: z.boolean(),
  orderingGuard: z.boolean(),
  partitioning: z.boolean(),
});
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
  typed.put(
    '/api/system/features',
    {
      schema: {
        body: z.object({
          profile: z.enum(['reliable', 'naive']).optional(),
          features: Features.partial().optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!host.reconfigure) {
        const message =
          'This process does not run the services; restart them with other --profile/--feature flags';
        host.logger.warn({ body: request.body }, `Reliability features not changed: ${message}`);
        throw new DomainRuleError(message);
      }
      const base = request.body.profile ? PROFILES[request.body.profile] : host.config().features;
      const features = { ...base, ...request.body.features };
      try {
        await host.reconfigure(features);
      } catch (error) {
        // The runtime logged the failure and put the previous features back; say so, with the reason.
        const current = host.config().features;
        return reply.status(500).send({
          message: `The reliability settings could not be applied: ${(error as Error).message}. The services run with the previous settings (${profileOf(current)}).`,
          profile: profileOf(current),
          features: current,
        });
      }
      return { profile: profileOf(features), features };
    },
  );
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
