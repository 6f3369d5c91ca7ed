import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { recordCompareRun, writeBrokerDocs } from './compare/broker-docs.js';
import { compareMarkdown } from './compare/compare-markdown.js';
import type { CompareReport } from './compare/compare-report.js';
import { runCompare } from './compare/compare-run.js';
import { COMPARE_SCENARIOS, scenariosNamed } from './compare/compare-scenarios.js';
import type { ReliabilityFeatures, ReliabilityProfile } from './config/reliability-profile.js';
import {
  ConfigError,
  loadConfig,
  SERVICE_NAMES,
  type ServiceName,
  TRANSPORTS,
  type TransportName,
} from './config/ticketflow-config.js';
import { startTicketFlow } from './embedded.js';
import { declaredServiceBus, ticketFlowAsyncApi } from './runtime/declared-buses.js';
import { describingConfig } from './runtime/describing-config.js';
import { DEFAULT_UI_DIR } from './runtime/ticketflow-runtime.js';
import { parseInstanceCounts } from './supervisor/instance-counts.js';
import { startDistributed } from './supervisor/start-distributed.js';
import { ensureUiBuilt } from './web/ensure-ui-built.js';
import { ProcessTable } from './web/process-table.js';

const FEATURES = ['outbox', 'inbox', 'retries', 'orderingGuard', 'partitioning'] as const;

function parseFeatures(
  value: string,
  previous: Partial<ReliabilityFeatures> = {},
): Partial<ReliabilityFeatures> {
  const features = { ...previous };
  for (const item of value.split(',')) {
    const [name, state] = item.split('=');
    if (!FEATURES.includes(name as (typeof FEATURES)[number]) || !['on', 'off'].includes(state ?? '')) {
      throw new ConfigError(
        `--feature takes name=on|off with name one of ${FEATURES.join(', ')}; got "${item}"`,
      );
    }
    features[name as keyof ReliabilityFeatures] = state === 'on';
  }
  return features;
}

function parseServiceUrl(value: string, previous: Partial<Record<ServiceName, string>> = {}) {
  const [name, url] = value.split('=');
  if (!SERVICE_NAMES.includes(name as ServiceName) || !url) {
    throw new ConfigError(`--service-url takes service=url with service one of ${SERVICE_NAMES.join(', ')}`);
  }
  return { ...previous, [name as ServiceName]: url };
}

const program = new Command('ticketflow').description(
  'TicketFlow — a distributed service desk on Pragmatic Messaging',
);

program
  .command('start')
  .description(
    'Start services: "all" (every service and the web UI: in one process on the in-memory transport, one process each on a real broker), "web", or service names',
  )
  .argument('[what...]', `all | web | ${SERVICE_NAMES.join(' | ')}`, ['all'])
  .addOption(new Option('--transport <name>', 'message transport').choices(TRANSPORTS))
  .option('--rabbitmq-url <url>', 'RabbitMQ URL (or RABBITMQ_URL)')
  .option('--kafka-brokers <list>', 'comma-separated Kafka brokers (or KAFKA_BROKERS)')
  .option('--asb-connection-string <value>', 'Azure Service Bus connection string (or ASB_CONNECTION_STRING)')
  .option('--database-url <url>', 'PostgreSQL URL (or DATABASE_URL); without it: embedded PGlite')
  .option('--data-dir <dir>', 'where PGlite keeps data (default .data/ticketflow)')
  .option('--fresh', 'delete the PGlite data folder first')
  .option('--host <host>', 'HTTP host (default localhost)')
  .option('--port <port>', 'HTTP port (default 21000)', (value) => Number.parseInt(value, 10))
  .addOption(new Option('--profile <profile>', 'reliability profile').choices(['reliable', 'naive']))
  .option('--feature <name=on|off>', `toggle one feature: ${FEATURES.join(', ')} (repeatable)`, parseFeatures)
  .option('--service-url <service=url>', 'where another service runs (repeatable)', parseServiceUrl)
  .addOption(new Option('--log-level <level>').choices(['debug', 'info', 'warn', 'error', 'silent']))
  .option(
    '--instances <service=count,…>',
    'start all on a real broker: processes per service (e.g. tickets=2,sla=2)',
  )
  .option('--single-process', 'start all on a real broker in this one process, as on the in-memory transport')
  .action(async (what: string[], flags) => {
    const all = what.includes('all');
    const overrides = {
      transport: flags.transport,
      rabbitmqUrl: flags.rabbitmqUrl,
      kafkaBrokers: flags.kafkaBrokers?.split(','),
      asbConnectionString: flags.asbConnectionString,
      ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
      host: flags.host,
      port: flags.port,
      profile: flags.profile,
      features: flags.feature,
      serviceUrls: flags.serviceUrl,
      logLevel: flags.logLevel,
    };
    if (all && !flags.singleProcess) {
      const config = loadConfig(process.env, overrides);
      if (config.transport !== 'memory') {
        const instances = parseInstanceCounts(flags.instances);
        await ensureUiBuilt(dirname(DEFAULT_UI_DIR), (message) => console.log(message));
        return startDistributed({
          config,
          instances,
          fresh: Boolean(flags.fresh),
          cli: fileURLToPath(import.meta.url),
        });
      }
    }
    if (flags.instances) {
      throw new ConfigError(
        '--instances needs start all on a real broker (--transport rabbitmq|kafka|asb): the in-memory transport lives in one process',
      );
    }
    const services = all ? SERVICE_NAMES : (what.filter((name) => name !== 'web') as ServiceName[]);
    const unknown = services.filter((name) => !SERVICE_NAMES.includes(name));
    if (unknown.length > 0) throw new ConfigError(`Unknown service(s): ${unknown.join(', ')}`);
    if (all || what.includes('web')) {
      // A fresh clone has no UI bundle yet: build it once (about 15 s), then reuse it until its sources change.
      await ensureUiBuilt(dirname(DEFAULT_UI_DIR), (message) => console.log(message));
    }
    // Started by `start all`'s supervisor (an IPC channel): the web part shows the process table it sends.
    const supervised = typeof process.send === 'function';
    const running = await startTicketFlow({
      services,
      web: all || what.includes('web'),
      fresh: flags.fresh,
      ...overrides,
      ...(supervised ? { processTable: ProcessTable.fromSupervisor() } : {}),
    });
    const { config } = running;
    const where = config.databaseUrl
      ? 'PostgreSQL'
      : config.dataDir
        ? `PGlite in ${config.dataDir}`
        : 'PGlite in memory';
    console.log(`TicketFlow is running: ${running.url}`);
    console.log(
      `  services: ${services.join(', ') || 'none'}${all || what.includes('web') ? ' + web UI' : ''}`,
    );
    console.log(`  transport: ${config.transport}; database: ${where}`);
    console.log(`  reliability: ${JSON.stringify(config.features)}`);
    console.log(`  API: ${running.url}/api/docs/openapi.json   Stop: Ctrl+C`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping gracefully…');
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // The supervisor went away (even killed): stop too, so no process outlives it.
    if (supervised) process.once('disconnect', stop);
  });

program
  .command('topology')
  .description('Print what each service needs on the broker, and what the chosen transport creates for it')
  .addOption(new Option('--transport <name>', 'message transport').choices(TRANSPORTS).default('memory'))
  .action(async (flags) => {
    const config = describingConfig(flags.transport);
    for (const name of SERVICE_NAMES) {
      // A bus that never starts: only its topology is read; nothing connects.
      const messaging = declaredServiceBus(name, config);
      console.log(`\n=== ${name} ===\n${messaging.transport.describe(messaging.topology())}`);
    }
  });

program
  .command('asyncapi')
  .description(
    "Print the AsyncAPI 3.0 document of the whole system (JSON), with the chosen transport's bindings",
  )
  .addOption(new Option('--transport <name>', 'message transport').choices(TRANSPORTS).default('memory'))
  .action(async (flags) => {
    console.log(JSON.stringify(ticketFlowAsyncApi(describingConfig(flags.transport)), null, 2));
  });

program
  .command('compare')
  .description(
    'Run the same scenarios on each broker (distributed, real processes) and check the invariants in the databases',
  )
  .option('--transports <list>', `comma-separated: ${TRANSPORTS.join(', ')}`, 'memory,rabbitmq,kafka')
  .option(
    '--scenarios <list>',
    `short | all | a list of: ${COMPARE_SCENARIOS.map((s) => s.name).join(', ')}`,
    'short',
  )
  .option('--profiles <list>', 'reliable,naive', 'reliable,naive')
  .option('--inquiries <count>', 'inquiries per run', (value) => Number.parseInt(value, 10), 12)
  .option('--seed <number>', 'seed of the load', (value) => Number.parseInt(value, 10), 7)
  .option('--out <dir>', 'results folder (default .data/compare/<time>)')
  .option('--record', 'also record the run in docs/compare and regenerate docs/brokers-compared.md')
  .action(async (flags) => {
    const transports = (flags.transports as string).split(',') as TransportName[];
    const unknown = transports.filter((name) => !TRANSPORTS.includes(name));
    if (unknown.length > 0) throw new ConfigError(`Unknown transport(s): ${unknown.join(', ')}`);
    const profiles = (flags.profiles as string).split(',') as ReliabilityProfile[];
    if (profiles.some((name) => !['reliable', 'naive'].includes(name))) {
      throw new ConfigError('--profiles takes reliable and/or naive');
    }
    const outDir =
      flags.out ?? join('.data', 'compare', new Date().toISOString().replaceAll(':', '-').slice(0, 19));
    const report = await runCompare({
      transports,
      scenarios: scenariosNamed(flags.scenarios),
      profiles,
      inquiries: flags.inquiries,
      seed: flags.seed,
      outDir,
      env: process.env,
      cli: fileURLToPath(import.meta.url),
    });
    if (flags.record) recordCompareRun(report);
    console.log(`\n${compareMarkdown(report)}\n\nResults: ${outDir}/report.md, report.json, chart.svg`);
    const broken = report.results.filter(
      (result) => result.profile === 'reliable' && result.violations.length > 0,
    );
    process.exit(broken.length > 0 ? 2 : 0);
  });

program
  .command('record-compare')
  .description(
    'Record a finished compare run (its results folder) in docs/compare, added to the recorded run of the same load, and regenerate docs/brokers-compared.md',
  )
  .argument('<dir>', 'the results folder of `ticketflow compare` (holds report.json)')
  .action((dir: string) => {
    const file = join(dir, 'report.json');
    if (!existsSync(file)) throw new ConfigError(`No compare results in ${dir}: ${file} does not exist`);
    const recorded = recordCompareRun(JSON.parse(readFileSync(file, 'utf8')) as CompareReport);
    console.log(`Recorded: ${recorded.results.length} rows in docs/compare/report.json`);
  });

program
  .command('broker-docs')
  .description(
    'Regenerate the tables of docs/brokers-compared.md from the transports and the recorded compare run',
  )
  .option('--check', 'only check: exit 1 when the checked-in tables are stale')
  .action((flags) => {
    const upToDate = writeBrokerDocs(Boolean(flags.check));
    if (flags.check && !upToDate) {
      console.error('docs/brokers-compared.md is stale: run npm run docs:brokers');
      process.exit(1);
    }
    console.log(flags.check ? 'docs/brokers-compared.md is up to date' : 'docs/brokers-compared.md written');
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
