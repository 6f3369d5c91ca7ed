import { randomUUID } from 'node:crypto';
import type { FaultRegistry, FaultRule, MessageOf } from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AnomalyChanged, AnomalyParams } from '../contracts/system-contracts.js';
import {
  ANOMALY_TYPE_NAMES,
  ANOMALY_TYPES,
  anomalyTypeOf,
  type AnomalyParams as Params,
  unavailabilityOf,
} from './anomaly-catalog.js';
import { refusals } from './error-responses.js';
import { DomainRuleError, NotFoundError } from './http-errors.js';
import type { ServiceContext } from './service-module.js';

// One rule per (anomaly type, message type): enabling the same pair again replaces it, as in the original.
const ruleId = (anomalyType: string, messageType: string) => `${anomalyType}|${messageType}`;

/** The changes each service's registry has applied, newest last; a few hundred are plenty to catch an echo. */
const appliedChanges = new WeakMap<FaultRegistry, Set<string>>();
const REMEMBERED_CHANGES = 256;

/** Whether `change` is new to this registry; remembers it. */
function firstTime(faults: FaultRegistry, changeId: string | undefined): boolean {
  if (changeId === undefined) return true;
  const applied = appliedChanges.get(faults) ?? new Set<string>();
  appliedChanges.set(faults, applied);
  if (applied.has(changeId)) return false;
  applied.add(changeId);
  if (applied.size > REMEMBERED_CHANGES) applied.delete(applied.values().next().value!);
  return true;
}

function apply(faults: FaultRegistry, change: MessageOf<typeof AnomalyChanged>): void {
  if (!firstTime(faults, change.changeId)) return;
  const id = ruleId(change.anomalyType, change.messageType);
  if (change.action === 'disabled') {
    faults.remove(id);
    return;
  }
  const anomaly = anomalyTypeOf(change.anomalyType);
  if (anomaly) faults.add(anomaly.toRule(change.messageType, change.params), id);
}

/** An anomaly in force on a service, as GET /api/<service>/anomalies lists it. */
const ActiveAnomaly = z.object({
  id: z.string(),
  anomalyType: z.string(),
  messageType: z.string(),
  params: AnomalyParams,
  fired: z.number().int(),
});

function describe(id: string, rule: FaultRule): z.infer<typeof ActiveAnomaly> {
  const [anomalyType = id, messageType = ''] = id.split('|');
  const params: Params = {
    delayInMs: rule.delayMs,
    statusFilter: rule.where?.status === undefined ? undefined : String(rule.where.status),
    probability: rule.probability,
  };
  return { id, anomalyType, messageType, params, fired: 0 };
}

/** Every instance of a service applies every change, so anomalies hold service-wide (a per-instance endpoint). */
export function configureAnomalySync(context: ServiceContext): void {
  context.messaging
    .endpoint(`${context.name}.anomalies.${context.config.instanceId}`, {
      temporary: true,
      transactional: false,
      concurrency: 1,
      retry: { immediate: 0, delays: [] },
    })
    .on(AnomalyChanged, (change) => {
      if (change.service === context.name) apply(context.faults, change);
    });
}

const DELAYS = ANOMALY_TYPE_NAMES.filter((name) => ANOMALY_TYPES[name].needsDelay);

const AnomalyBody = z
  .object({
    // An enum, not a refined string: the API document lists the known types.
    anomalyType: z.enum(ANOMALY_TYPE_NAMES, {
      error: `Unknown anomaly type; known: ${ANOMALY_TYPE_NAMES.join(', ')}`,
    }),
    messageType: z.string().min(1),
    params: AnomalyParams.default({}),
  })
  .refine(
    ({ anomalyType, params }) => !ANOMALY_TYPES[anomalyType].needsDelay || params.delayInMs !== undefined,
    {
      message: `${DELAYS.join(' and ')} need params.delayInMs`,
      path: ['params', 'delayInMs'],
    },
  )
  // The rule above, in the API document (a refinement is invisible to it).
  .meta({
    anyOf: [
      { properties: { anomalyType: { enum: ANOMALY_TYPE_NAMES.filter((name) => !DELAYS.includes(name)) } } },
      { required: ['params'], properties: { params: { required: ['delayInMs'] } } },
    ],
  });

export function registerAnomalyRoutes(app: FastifyInstance, context: () => ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/anomalies', { schema: { response: { 200: z.array(ActiveAnomaly) } } }, async () =>
    context()
      .faults.list()
      .map((fault) => ({ ...describe(fault.id, fault), fired: fault.fired })),
  );
  // 409: the anomaly cannot apply on this transport or with these reliability features.
  const created = { 201: z.object({ id: z.string() }), ...refusals(409) };
  typed.post('/anomalies', { schema: { body: AnomalyBody, response: created } }, async (request, reply) => {
    const { anomalyType, messageType, params } = request.body;
    const { config, features } = context();
    const unavailable = unavailabilityOf(anomalyType, { transport: config.transport, features });
    if (unavailable) throw new DomainRuleError(`${anomalyType} cannot apply here: ${unavailable}`);
    await broadcast(context(), { action: 'enabled', anomalyType, messageType, params });
    return reply.status(201).send({ id: ruleId(anomalyType, messageType) });
  });
  typed.delete(
    '/anomalies/:anomalyType/messages/:messageType',
    { schema: { params: z.object({ anomalyType: z.string(), messageType: z.string() }) } },
    async (request) => {
      const { anomalyType, messageType } = request.params;
      const id = ruleId(anomalyType, messageType);
      if (
        !context()
          .faults.list()
          .some((fault) => fault.id === id)
      ) {
        throw new NotFoundError('Anomaly', `${anomalyType} for ${messageType}`);
      }
      await broadcast(context(), { action: 'disabled', anomalyType, messageType, params: {} });
      return { removed: id };
    },
  );
}

/** Apply here at once (the caller sees it immediately), then tell the other instances. */
async function broadcast(
  context: ServiceContext,
  change: Omit<MessageOf<typeof AnomalyChanged>, 'service'>,
): Promise<void> {
  const message = { ...change, service: context.name, changeId: randomUUID() };
  apply(context.faults, message);
  await context.messaging.publish(AnomalyChanged, message);
}
