import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordedReport } from '../compare/broker-docs.js';
import { CompareReport } from '../compare/compare-report.js';
import { runCompare } from '../compare/compare-run.js';
import { COMPARE_SCENARIOS, scenariosNamed } from '../compare/compare-scenarios.js';
import type { Progress } from '../compare/progress-bar.js';
import { RELIABILITY_PROFILES } from '../config/reliability-profile.js';
import { type TicketFlowConfig, TRANSPORTS, type TransportName } from '../config/ticketflow-config.js';
import { DomainRuleError } from '../runtime/http-errors.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** The brokers a compare run can use from this process: configured here, with PostgreSQL for the real ones. */
export function reachableTransports(config: TicketFlowConfig): TransportName[] {
  const withDatabase = Boolean(config.databaseUrl);
  return TRANSPORTS.filter(
    (transport) =>
      transport === 'memory' ||
      (withDatabase &&
        ((transport === 'rabbitmq' && config.rabbitmqUrl) ||
          (transport === 'kafka' && config.kafkaBrokers?.length) ||
          (transport === 'asb' && config.asbConnectionString))),
  );
}

/** The run started from the page: how far it is, or why it failed. */
const RunState = z.object({
  running: z.boolean(),
  /** What it does now (the scenario, broker and profile). */
  label: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
});
type RunState = z.infer<typeof RunState>;

const CompareOverview = z.object({
  /** The latest report: a run started here, else the one recorded in docs (null: neither). */
  latest: CompareReport.nullable(),
  source: z.enum(['recorded', 'run']).nullable(),
  run: RunState,
  /** The brokers a run from this process can use. */
  reachable: z.array(z.enum(TRANSPORTS)),
  scenarios: z.array(z.object({ name: z.string(), description: z.string() })),
});

const StartRun = z.object({
  transports: z.array(z.enum(TRANSPORTS)).min(1).optional(),
  /** `short`, `all`, or scenario names separated by commas. */
  scenarios: z.string().min(1).default('short'),
  inquiries: z.number().int().min(1).max(200).default(12),
});

const RunStarted = z.object({
  started: z.literal(true),
  transports: z.array(z.enum(TRANSPORTS)),
  /** Runs it is made of: brokers × scenarios × profiles. */
  total: z.number().int(),
});

/** The error handler's answer (runtime/http-errors.ts): the reason, and the failing fields of an invalid request. */
const ErrorAnswer = z.object({ message: z.string(), fields: z.array(z.unknown()).optional() });

/**
 * The technical area's Compare page: the latest report (a run started here, else the one recorded in docs) and
 * a run on the brokers this process can reach, one at a time.
 */
export function registerCompareApi(app: FastifyInstance, config: () => TicketFlowConfig): void {
  let latest: CompareReport | undefined = recordedReport();
  let source: 'recorded' | 'run' | null = latest ? 'recorded' : null;
  const state: RunState = { running: false, label: '', done: 0, total: 0, error: null };
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get('/api/compare', { schema: { response: { 200: CompareOverview } } }, async () => ({
    latest: latest ?? null,
    source,
    run: state,
    reachable: reachableTransports(config()),
    scenarios: COMPARE_SCENARIOS.map((scenario) => ({
      name: scenario.name,
      description: scenario.description,
    })),
  }));

  const startSchema = {
    body: StartRun,
    // 400: an invalid body; 409: a run is under way, a broker is not reachable, or a scenario is unknown.
    response: { 202: RunStarted, 400: ErrorAnswer, 409: ErrorAnswer },
  };
  typed.post('/api/compare/runs', { schema: startSchema }, async (request, reply) => {
    if (state.running) throw new DomainRuleError('A compare run is already running; wait for it to finish');
    const reachable = reachableTransports(config());
    const transports = request.body.transports ?? reachable;
    const unreachable = transports.filter((transport) => !reachable.includes(transport));
    if (unreachable.length > 0) {
      throw new DomainRuleError(
        `Not reachable from this process: ${unreachable.join(', ')} (needs its broker address and DATABASE_URL)`,
      );
    }
    let scenarios: ReturnType<typeof scenariosNamed>;
    try {
      scenarios = scenariosNamed(request.body.scenarios);
    } catch (error) {
      throw new DomainRuleError((error as Error).message);
    }
    const profiles = RELIABILITY_PROFILES;
    Object.assign(state, {
      running: true,
      label: 'starting',
      done: 0,
      total: transports.length * scenarios.length * profiles.length,
      error: null,
    });
    const progress: Progress = {
      step: (label) => {
        state.label = label;
      },
      advance: (label) => {
        state.done++;
        state.label = label;
      },
    };
    const { rabbitmqUrl, kafkaBrokers, asbConnectionString, databaseUrl } = config();
    runCompare({
      transports,
      scenarios,
      profiles,
      inquiries: request.body.inquiries,
      seed: 7,
      outDir: join('.data', 'compare', `web-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}`),
      env: {
        ...process.env,
        RABBITMQ_URL: rabbitmqUrl,
        KAFKA_BROKERS: kafkaBrokers?.join(','),
        ASB_CONNECTION_STRING: asbConnectionString,
        DATABASE_URL: databaseUrl,
      },
      cli: CLI,
      progress,
    })
      .then((report) => {
        latest = report;
        source = 'run';
      })
      .catch((error: Error) => {
        state.error = error.message;
      })
      .finally(() => {
        state.running = false;
      });
    return reply.status(202).send({ started: true, transports, total: state.total });
  });
}
