import type { paths } from './ticketflow-openapi';

/** A path of the TicketFlow API, as the OpenAPI document names it (`{id}` for a parameter). */
export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'delete';

type Success<Responses> = Responses extends { 200: infer Answer }
  ? Answer
  : Responses extends { 201: infer Answer }
    ? Answer
    : Responses extends { 202: infer Answer }
      ? Answer
      : never;

/**
 * The JSON body of the successful answer of `method` on `path`, from the generated ticketflow-openapi.ts — so
 * the UI's types are the server's response schemas, not a copy of them written by hand.
 */
export type ApiAnswer<Path extends ApiPath, M extends Method> =
  paths[Path] extends Record<M, { responses: infer Responses }>
    ? Success<Responses> extends { content: { 'application/json': infer Body } }
      ? Body
      : never
    : never;

/** The JSON body `method` on `path` takes. */
export type ApiRequest<Path extends ApiPath, M extends Method> =
  paths[Path] extends Record<M, { requestBody?: { content: { 'application/json': infer Body } } }>
    ? Body
    : never;
