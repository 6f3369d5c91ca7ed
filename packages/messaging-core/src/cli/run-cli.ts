import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AsyncApiInfo } from '../asyncapi/asyncapi-document.js';
import { CliError } from './cli-error.js';
import { DEFAULT_EXPORT, loadBus } from './load-bus.js';

/** Where the CLI writes and from where it resolves paths; the bin passes the process's own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const CLI_HELP = `Usage: pragmatic-messaging asyncapi <module> [options]

Prints the AsyncAPI 3.0 document of a bus as JSON, without starting it (nothing connects to a broker).

<module> is a JavaScript module file (ES or CommonJS) that exports the bus: a Messaging, or a function
returning one or a promise of one. For TypeScript, load a loader first:
  NODE_OPTIONS='--import tsx' npx pragmatic-messaging asyncapi src/messaging.ts

Options:
  -e, --export <name>     the export holding the bus (default: "${DEFAULT_EXPORT}", else the default export)
  -o, --out <file>        write the document to <file> instead of standard output
      --title <title>     info.title of the document (default: the service name)
      --api-version <v>   info.version of the document (default: 1.0.0)
  -h, --help              show this help
`;

/** Runs the CLI on its arguments (without `node` and the script); resolves to the process's exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        export: { type: 'string', short: 'e' },
        out: { type: 'string', short: 'o' },
        title: { type: 'string' },
        'api-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, modulePath, ...extra] = positionals;
    if (values.help || command === 'help' || command === undefined) {
      io.stdout(CLI_HELP);
      return command === undefined && !values.help ? 1 : 0;
    }
    if (command !== 'asyncapi') throw new CliError(`Unknown command "${command}"; see --help`);
    if (modulePath === undefined) throw new CliError('asyncapi needs a module: asyncapi <module>');
    if (extra.length > 0) throw new CliError(`Unexpected arguments: ${extra.join(' ')}`);
    const bus = await loadBus(modulePath, values.export, io.cwd);
    const info: Partial<AsyncApiInfo> = {
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values['api-version'] === undefined ? {} : { version: values['api-version'] }),
    };
    const json = `${JSON.stringify(bus.asyncApi(info), null, 2)}\n`;
    if (values.out === undefined) io.stdout(json);
    else await writeFile(resolve(io.cwd, values.out), json);
    return 0;
  } catch (error) {
    io.stderr(`pragmatic-messaging: ${describeFailure(error)}\n`);
    return 1;
  }
}

/**
 * The user's mistakes read as one line: the CLI's own, the arguments parseArgs refused, and a bus the toolkit
 * refuses to describe (a ConfigurationError, matched by name: a CommonJS module's bus throws the other build's
 * class). Anything else is a bug somewhere, so its stack is kept.
 */
function describeFailure(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (!(error instanceof Error)) return String(error);
  if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) return error.message;
  if (error.name === 'ConfigurationError') return `${error.name}: ${error.message}`;
  return String(error.stack ?? error);
}
