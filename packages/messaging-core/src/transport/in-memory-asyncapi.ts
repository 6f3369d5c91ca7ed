import type { Topology } from '../topology/topology.js';
import type { TransportAsyncApi } from './transport-asyncapi.js';

/**
 * The in-memory transport in AsyncAPI terms: no server (it lives in the process) and no bindings (AsyncAPI has
 * no in-process protocol); topics and endpoints are addressed by their own names.
 */
export function inMemoryAsyncApi(topology: Topology): TransportAsyncApi {
  const note = 'In-process (in-memory transport): no broker resource.';
  return {
    servers: {},
    topics: Object.fromEntries(
      topology.topics.map((topic) => [topic.name, { address: topic.name, description: note }]),
    ),
    endpoints: Object.fromEntries(
      topology.endpoints.map((endpoint) => [endpoint.name, { address: endpoint.name, description: note }]),
    ),
  };
}
