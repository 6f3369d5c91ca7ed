import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * The customer a request speaks for. There is no authentication in TicketFlow (the agents area only asks who you
 * work as); the customer area signs in with the customer's e-mail, and the API hands out a customer's inquiries and
 * messages only to requests that name that e-mail in this header, so one customer never sees another's.
 */
export const CUSTOMER_HEADER = 'x-customer-email';

const CustomerEmail = z.email();

/**
 * The header in a route's schema, so that the API document names it and says it holds an e-mail address (a route
 * that serves customers only answers 401 without it, as the route documents). Loose: the other headers stay.
 */
export const CustomerHeader = z.looseObject({ [CUSTOMER_HEADER]: CustomerEmail.optional() });

/** Answered 401: the route serves customers' own data and the request names no customer. */
export class CustomerRequiredError extends Error {
  readonly statusCode = 401;

  constructor() {
    super(`Sign in as a customer: send your e-mail in the ${CUSTOMER_HEADER} header`);
  }
}

/** Answered 400: the header is there but holds no e-mail address. */
export class InvalidCustomerError extends Error {
  readonly statusCode = 400;

  constructor() {
    super(`Invalid ${CUSTOMER_HEADER} header: expected an e-mail address`);
  }
}

/** The signed-in customer's e-mail (lower case), or undefined when the request names none. */
export function customerOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[CUSTOMER_HEADER];
  if (raw === undefined) return undefined;
  const parsed = CustomerEmail.safeParse(Array.isArray(raw) ? raw[0] : raw.trim());
  if (!parsed.success) throw new InvalidCustomerError();
  return parsed.data.toLowerCase();
}

export function requireCustomer(request: FastifyRequest): string {
  const customer = customerOf(request);
  if (!customer) throw new CustomerRequiredError();
  return customer;
}

/** Whether `email` (as stored on an inquiry, ticket or message) belongs to `customer`. */
export function belongsTo(email: string | null, customer: string): boolean {
  return email !== null && email.toLowerCase() === customer;
}
