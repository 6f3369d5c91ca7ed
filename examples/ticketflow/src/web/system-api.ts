import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILES, profileOf } from '../config/reliability-profile.js';
import { SERVICE_NAMES, type ServiceName, TRANSPORTS } from '../config/ticketflow-config.js';
import { ALL_CONTRACTS } from '../contracts/all-contracts.js';
import { AnomalyTypeEntry, anomalyCatalogue } from '../runtime/anomaly-catalog.js';
import { refusals } from '../runtime/error-responses.js';
import type { ProcessReport } from '../supervisor/process-report.js';
import { Features, type FeaturesHost, registerFeaturesRoute } from './features-route.js';

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

const MessageTypeEntry = z.object({ type: z.string(), topic: z.string() });
const Profile = z.enum(['reliable', 'naive', 'custom']);
const ProcessEntry = z.object({
  label: z.string(),
  role: z.enum([...SERVICE_NAMES, 'web']),
  instance: z.number().int(),
  pid: z.number().int().optional(),
  url: z.string(),
  state: z.enum(['starting', 'running', 'stopping', 'stopped', 'crashed']),
  exit: z.object({ code: z.number().nullable(), signal: z.string().nullable(), at: z.string() }).optional(),
});
const SystemOverview = z.object({
  transport: z.enum(TRANSPORTS),
  database: z.string(),
  profile: Profile,
  features: Features,
  profiles: z.object({ reliable: Features, naive: Features }),
  instanceId: z.string(),
  canReconfigure: z.boolean(),
  /** Each service's health report (its /health), or why it is unreachable. */
  services: z.array(z.object({ name: z.enum(SERVICE_NAMES), local: z.boolean(), health: z.unknown() })),
  /** The OS processes of `start all` on a real broker; empty when this process was started on its own. */
  processes: z.array(ProcessEntry),
});
const DeadLetterEntry = z.object({
  service: z.string(),
  endpoint: z.string(),
  messageId: z.string(),
  type: z.string(),
  failure: z.object({
    reason: z.string(),
    message: z.string(),
    stack: z.string().optional(),
    endpoint: z.string(),
    attempts: z.number(),
    at: z.string(),
  }),
  /** The message body: its JSON, or its text when it is not JSON. */
  body: z.unknown(),
});
type DeadLetterEntry = z.infer<typeof DeadLetterEntry>;
const DeadLetterSelection = z.object({
  service: z.enum(SERVICE_NAMES),
  endpoint: z.string().min(1),
  ids: z.array(z.string()).optional(),
});

/** The technical area's API: what runs where, reliability switches, anomaly catalogue, dead letters of all services. */
export function registerSystemApi(app: FastifyInstance, host: SystemApiHost): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/api/system', { schema: { response: { 200: SystemOverview } } }, async () => {
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
      processes: [...(host.processes?.() ?? [])],
    };
  });
  registerFeaturesRoute(app, host);
  typed.get(
    '/api/system/anomaly-types',
    { schema: { response: { 200: z.array(AnomalyTypeEntry) } } },
    async () => anomalyCatalogue(host.config()),
  );
  typed.get(
    '/api/system/message-types',
    { schema: { response: { 200: z.array(MessageTypeEntry) } } },
    async () => ALL_CONTRACTS.map((contract) => ({ type: contract.type, topic: contract.topic })),
  );
  typed.get(
    '/api/system/dead-letters',
    { schema: { response: { 200: z.array(DeadLetterEntry) } } },
    async () => {
      const lists = await Promise.all(
        SERVICE_NAMES.map(async (name) => {
          const answer = await host
            .callService(name, 'GET', `/api/${name}/dead-letters`)
            .catch(() => undefined);
          // The services' own /dead-letters answer (JSON: the failure's time is a string by now).
          return answer?.status === 200 && Array.isArray(answer.body)
            ? (answer.body as DeadLetterEntry[])
            : [];
        }),
      );
      return lists.flat();
    },
  );
  // The service's own answer, passed on: its count, or why it refused (an endpoint it does not own: 404).
  for (const [action, count] of [
    ['replay', 'replayed'],
    ['purge', 'purged'],
  ] as const) {
    typed.post(
      `/api/system/dead-letters/${action}`,
      {
        schema: {
          body: DeadLetterSelection,
          response: { 200: z.object({ [count]: z.number().int() }), ...refusals(404, 503) },
        },
      },
      async (request, reply) => {
        const { service, ...selection } = request.body;
        const answer = await host
          .callService(service, 'POST', `/api/${service}/dead-letters/${action}`, selection)
          .catch((error: Error) => ({
            status: 503,
            body: { message: `Service ${service} is unreachable: ${error.message}` },
          }));
        // Whatever the service answered, which its own schemas (the same as these) typed already.
        return (reply as unknown as FastifyReply).status(answer.status).send(answer.body);
      },
    );
  }
}
