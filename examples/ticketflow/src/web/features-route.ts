import type { Logger } from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILES, profileOf, type ReliabilityFeatures } from '../config/reliability-profile.js';
import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { refusals } from '../runtime/error-responses.js';
import { DomainRuleError } from '../runtime/http-errors.js';

export interface FeaturesHost {
  readonly config: () => TicketFlowConfig;
  readonly logger: Logger;
  /** Restart the services with other features (here, or in the processes of `start all`); undefined: cannot. */
  readonly reconfigure?: (features: ReliabilityFeatures) => Promise<void>;
}

/** The five switches, as the API takes and shows them. */
export const Features = z.object({
  outbox: z.boolean(),
  inbox: z.boolean(),
  retries: z.boolean(),
  orderingGuard: z.boolean(),
  partitioning: z.boolean(),
});

/** The features in force, and the profile they amount to. */
const FeaturesAnswer = z.object({ profile: z.enum(['reliable', 'naive', 'custom']), features: Features });

/**
 * `PUT /api/system/features`: the reliability switches of the technical area. The web process answers it for
 * the whole system; each service process of `start all` answers it for its own services (the web fans out to them).
 */
export function registerFeaturesRoute(app: FastifyInstance, host: FeaturesHost): void {
  app.withTypeProvider<ZodTypeProvider>().put(
    '/api/system/features',
    {
      schema: {
        body: z.object({
          profile: z.enum(['reliable', 'naive']).optional(),
          features: Features.partial().optional(),
        }),
        // 409: this process runs no service to restart; 500: a service could not start with the new features.
        response: {
          200: FeaturesAnswer,
          ...refusals(409),
          500: FeaturesAnswer.extend({ message: z.string() }),
        },
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
}
