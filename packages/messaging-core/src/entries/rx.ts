/**
 * @pragmatic-messaging/core/rx — the bus's events as rxjs Observables, and operators dashboards want.
 * @module core/rx
 */
export type { EndpointStats } from '../rx/endpoint-stats.js';
export { endpointStats } from '../rx/endpoint-stats.js';
export { observeBus } from '../rx/observe-bus.js';
export type { BusEventKind, BusEventOf } from '../rx/of-kind.js';
export { ofKind } from '../rx/of-kind.js';
