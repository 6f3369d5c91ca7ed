import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import type { ReliabilityFeatures } from './config/reliability-profile.js';
import {
  ConfigError,
  loadConfig,
  SERVICE_NAMES,
  type ServiceName,
  TRANSPORTS,
} from './config/ticketflow-config.js';
import { startTicketFlow } from './embedded.js';
import { declaredServiceBus, ticketFlowAsyncApi } from './runtime/declared-buses.js';
import { DEFAULT_UI_DIR } from './runtime/ticketflow-runtime.js';
import { ensureUiBuilt } from './web/ensure-ui-built.js';

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
    'Start services: "all" (default: every service and the web UI in one process), "web", or service names',
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
  .action(async (what: string[], flags) => {
    const all = what.includes('all');
    const services = all ? SERVICE_NAMES : (what.filter((name) => name !== 'web') as ServiceName[]);
    const unknown = services.filter((name) => !SERVICE_NAMES.includes(name));
    if (unknown.length > 0) throw new ConfigError(`Unknown service(s): ${unknown.join(', ')}`);
    if (all || what.includes('web')) {
      // A fresh clone has no UI bundle yet: build it once (about 15 s), then reuse it until its sources change.
      await ensureUiBuilt(dirname(DEFAULT_UI_DIR), (message) => console.log(message));
    }
    const running = await startTicketFlow({
      services,
      web: all || what.includes('web'),
      fresh: flags.fresh,
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
    const stop = async () => {
      console.log('\nStopping gracefully…');
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

/** Configuration for commands that only describe: placeholder broker addresses, nothing connects. */
function describingConfig(transport: string) {
  return loadConfig(
    {
      ...process.env,
      RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://localhost',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? 'localhost:9092',
      ASB_CONNECTION_STRING:
        process.env.ASB_CONNECTION_STRING ??
        'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=x',
    },
    { transport: transport as (typeof TRANSPORTS)[number] },
  );
}

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

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
