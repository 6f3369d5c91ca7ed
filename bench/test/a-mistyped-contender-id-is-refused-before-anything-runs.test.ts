import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBench } from '../src/bench-command.js';
import type { CliArguments } from '../src/cli-arguments.js';

const out = await mkdtemp(path.join(tmpdir(), 'bench-unknown-'));
afterAll(() => rm(out, { recursive: true, force: true }));

function withContenders(contenders: string[]): CliArguments {
  return {
    scenario: 'rabbitmq',
    transports: undefined,
    contenders,
    messages: 10,
    size: 16,
    runs: 1,
    rate: undefined,
    window: 10,
    out: undefined,
    cpuProfile: false,
  };
}

it('names the unknown id and the ones the scenario has, and measures nothing', async () => {
  const printed: string[] = [];
  // One id is right: without the check its contender alone would run and the table would look complete.
  const run = runBench(withContenders(['amqplib-raw', 'amqplib-envelope']), out, (text) =>
    printed.push(text),
  );

  await expect(run).rejects.toThrow(/Unknown --contender "amqplib-envelope".*amqplib-raw-envelope/);
  expect(printed.filter((text) => text.includes('|'))).toEqual([]);
  expect(await readdir(out)).toEqual([]);
});

it('with every scenario chosen, an id none of them has is refused too', async () => {
  const run = runBench({ ...withContenders(['no-such-contender']), scenario: 'all' }, out, () => {});

  await expect(run).rejects.toThrow(
    /Unknown --contender "no-such-contender"; the contenders of "rabbitmq, kafka/,
  );
});
