import { rmSync } from 'node:fs';
import type { Logger } from '@pragmatic-messaging/core';
import type { ReliabilityFeatures, ReliabilityProfile } from './config/reliability-profile.js';
import {
  type ConfigOverrides,
  loadConfig,
  SERVICE_NAMES,
  type ServiceName,
  type TicketFlowConfig,
} from './config/ticketflow-config.js';
import type { ServiceModule } from './runtime/service-module.js';
import { TicketFlowRuntime } from './runtime/ticketflow-runtime.js';
import type { TransportFactory } from './runtime/transport-factory.js';
import { DEFAULT_SERVICES } from './services/service-registry.js';
import type { ProcessTable } from './web/process-table.js';

export interface StartTicketFlowOptions extends Omit<ConfigOverrides, 'features' | 'profile'> {
  /** Which services run in this process (default: all six) — plus the web part unless `web: false`. */
  readonly services?: readonly ServiceName[];
  readonly web?: boolean;
  readonly profile?: ReliabilityProfile;
  readonly features?: Partial<ReliabilityFeatures>;
  /** Delete the data folder first. */
  readonly fresh?: boolean;
  /** Replace a service's module (tests inject a language detector or a translator this way). */
  readonly modules?: Partial<Record<ServiceName, ServiceModule>>;
  readonly uiDir?: string;
  /** Replaces the configured transports (tests run TicketFlow over a broker double this way). */
  readonly transportFactory?: TransportFactory;
  /** Environment to read the configuration from (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the services log (default: JSON lines on stderr at the configured level). */
  readonly logger?: Logger;
  /** The processes of `start all` on a real broker, as its supervisor reports them (the web process shows them). */
  readonly processTable?: ProcessTable;
}

export interface RunningTicketFlow {
  readonly url: string;
  readonly config: TicketFlowConfig;
  readonly runtime: TicketFlowRuntime;
  stop(): Promise<void>;
}

/**
 * Start TicketFlow in this process. With no options: the embedded default — all services, the in-memory
 * transport, PGlite with data under .data/ticketflow, UI and API on http://localhost:21000.
 */
export async function startTicketFlow(options: StartTicketFlowOptions = {}): Promise<RunningTicketFlow> {
  const {
    services = SERVICE_NAMES,
    web = true,
    fresh,
    modules = {},
    uiDir,
    env,
    logger,
    transportFactory,
    processTable,
    ...overrides
  } = options;
  const config = loadConfig(env ?? process.env, overrides);
  if (fresh && config.dataDir) rmSync(config.dataDir, { recursive: true, force: true });
  const runtime = new TicketFlowRuntime({
    config,
    web,
    uiDir,
    logger,
    transportFactory,
    processTable,
    modules: services.map((name) => modules[name] ?? DEFAULT_SERVICES[name]()),
  });
  try {
    const url = await runtime.start();
    return { url, config, runtime, stop: () => runtime.stop() };
  } catch (error) {
    await runtime.stop().catch(() => {});
    throw error;
  }
}
