// Runs the emulator as a process (scripts/services/asb-emulator.sh starts it this way):
//
//   node --import tsx packages/asb-emulator/src/cli.ts --port 5673 --certificate-file /path/emulator-ca.pem
//
// It writes its HTTPS certificate to --certificate-file (what clients trust), prints one JSON line with the
// connection string once it listens, and stops on SIGTERM/SIGINT. ASB_EMULATOR_LOG=1 logs events to stderr.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ServiceBusEmulator } from './service-bus-emulator.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5673' },
    tier: { type: 'string', default: 'premium' },
    'certificate-file': { type: 'string' },
  },
});

const tier = values.tier === 'standard' ? 'standard' : 'premium';
const log = process.env.ASB_EMULATOR_LOG
  ? (event: string, fields: Record<string, unknown>) =>
      process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`)
  : undefined;
const emulator = await ServiceBusEmulator.start({
  host: values.host,
  port: Number(values.port),
  tier,
  ...(log ? { log } : {}),
});
if (values['certificate-file'])
  writeFileSync(values['certificate-file'], emulator.certificate.certificatePem);
process.stdout.write(
  `${JSON.stringify({ connectionString: emulator.connectionString, certificateFile: values['certificate-file'], tier })}\n`,
);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
