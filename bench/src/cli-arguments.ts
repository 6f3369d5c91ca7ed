import { parseArgs } from 'node:util';

export interface CliArguments {
  readonly scenario: string;
  readonly transports: readonly string[] | undefined;
  /** Only these contender ids (e.g. `amqplib-raw,toolkit-rabbitmq`). */
  readonly contenders: readonly string[] | undefined;
  readonly messages: number | undefined;
  readonly size: number | undefined;
  readonly runs: number;
  readonly rate: number | undefined;
  readonly window: number;
  readonly out: string | undefined;
  readonly cpuProfile: boolean;
}

export const USAGE = `npm run bench -- <scenario|all> [--transport rabbitmq,kafka,memory] [--contender id,…] [--messages N] [--size B]
                    [--runs R] [--rate msg/s] [--window N] [--out DIR] [--cpu-prof]
scenarios: rabbitmq, kafka, latency, outbox, memory, ticketflow, all`;

export function parseCliArguments(argv: readonly string[]): CliArguments {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      transport: { type: 'string' },
      contender: { type: 'string' },
      messages: { type: 'string' },
      size: { type: 'string' },
      runs: { type: 'string' },
      rate: { type: 'string' },
      window: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
    },
  });
  const scenario = positionals[0];
  if (!scenario || positionals.length > 1) throw new Error(`Give exactly one scenario.\n${USAGE}`);
  return {
    scenario,
    transports: listOf(values.transport),
    contenders: listOf(values.contender),
    messages: positiveInteger('messages', values.messages),
    size: positiveInteger('size', values.size),
    runs: positiveInteger('runs', values.runs) ?? 1,
    rate: positiveInteger('rate', values.rate),
    window: positiveInteger('window', values.window) ?? 1_000,
    out: values.out,
    cpuProfile: values['cpu-prof'] ?? false,
  };
}

function positiveInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`--${option} must be a whole number ≥ 1, got "${value}"`);
  }
  return parsed;
}

function listOf(value: string | undefined): string[] | undefined {
  return value?.split(',').map((item) => item.trim());
}
