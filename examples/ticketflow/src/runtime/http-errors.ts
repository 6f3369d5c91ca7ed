import {
  LifecycleError,
  type Logger,
  MessagingError,
  StoreUnavailableError,
  ValidationError,
} from '@pragmatic-messaging/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** A business rule said no (qualify a resolved ticket…): 409 with the rule's message. */
export class DomainRuleError extends Error {}

/** The addressed entity does not exist: 404. */
export class NotFoundError extends Error {
  /** `hint`: what the client could have asked for instead. */
  constructor(what: string, id: string, { hint }: { hint?: string } = {}) {
    super(`${what} ${id} not found${hint ? `: ${hint}` : ''}`);
  }
}

/** How long a client should wait before trying again after a 503, seconds. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Maps errors to HTTP answers so that bad input is never a 500: invalid requests 400 with the failing fields,
 * unknown ids 404, rule violations 409, an unavailable broker or database 503 with Retry-After. Every 5xx is logged
 * with its cause through the service's logger (at the default level), whatever Fastify's own logger does.
 */
export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map(
        (issue) => `${issue.instancePath.replace(/^\//, '') || 'body'}: ${issue.message}`,
      );
      return reply
        .status(400)
        .send({ message: `Invalid request: ${fields.join('; ')}`, fields: error.validation });
    }
    if (error instanceof ValidationError) return reply.status(400).send({ message: error.message });
    if (error instanceof DomainRuleError) return reply.status(409).send({ message: error.message });
    if (error instanceof NotFoundError) return reply.status(404).send({ message: error.message });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ message: error.message });
    }
    const where = { method: request.method, url: request.url };
    if (isUnavailable(error)) {
      logger.warn({ ...where, err: error }, 'Request answered 503: a dependency is unavailable');
      return reply
        .status(503)
        .header('Retry-After', String(RETRY_AFTER_SECONDS))
        .send({ message: `Temporarily unavailable: ${error.message}` });
    }
    logger.error({ ...where, err: error }, 'Request failed with 500');
    return reply.status(500).send({ message: 'Internal error; see the server log' });
  });
}

/** The database or the broker cannot be reached, or the service is not running (starting, restarting its bus). */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof StoreUnavailableError ||
    error instanceof LifecycleError ||
    (error instanceof MessagingError && error.retryable)
  );
}
