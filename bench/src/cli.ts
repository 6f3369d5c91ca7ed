import { fileURLToPath } from 'node:url';
import { runBench } from './bench-command.js';
import { buildStalePackages } from './built-packages.js';
import { parseCliArguments, USAGE } from './cli-arguments.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results', import.meta.url));

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseCliArguments(process.argv.slice(2));
  buildStalePackages((text) => process.stdout.write(`${text}\n`));
  const { files } = await runBench(args, args.out ?? DEFAULT_OUT, (text) =>
    process.stdout.write(`${text}\n`),
  );
  process.stdout.write(`Results: ${files.json}, ${files.markdown}\nCharts: ${files.charts.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
