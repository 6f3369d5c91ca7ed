import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const changesetCli = createRequire(join(root, 'package.json')).resolve('@changesets/cli/bin.js');

interface ReleasePlan {
  readonly changesets: readonly { readonly id: string }[];
  readonly releases: readonly { readonly name: string; readonly type: string; readonly newVersion: string }[];
}

/** `changeset status --output` with one more changeset, written for the run and removed again. */
async function planWith(releases: Record<string, 'patch' | 'minor'>): Promise<ReleasePlan & { id: string }> {
  const id = `release-plan-test-${randomUUID().slice(0, 8)}`;
  const changeset = join(root, '.changeset', `${id}.md`);
  const scratch = mkdtempSync(join(tmpdir(), 'pm-release-plan-'));
  const frontMatter = Object.entries(releases).map(([name, type]) => `"${name}": ${type}`);
  writeFileSync(changeset, `---\n${frontMatter.join('\n')}\n---\n\nWritten by the release-plan test.\n`);
  try {
    await promisify(execFile)(
      process.execPath,
      [changesetCli, 'status', '--output', join(scratch, 'plan.json')],
      {
        cwd: root,
      },
    );
    return { id, ...(JSON.parse(readFileSync(join(scratch, 'plan.json'), 'utf8')) as ReleasePlan) };
  } finally {
    rmSync(changeset, { force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('the release plan', () => {
  it('keeps a minor of core on 0.x for every package (no transport is dragged to a major)', async () => {
    const before = readdirSync(join(root, '.changeset')).sort();
    const plan = await planWith({ '@pragmatic-messaging/core': 'minor' });

    expect(plan.changesets.map((changeset) => changeset.id)).toContain(plan.id);
    expect(plan.releases.find((release) => release.name === '@pragmatic-messaging/core')?.type).toBe('minor');
    expect(plan.releases.filter((release) => release.type === 'major')).toEqual([]);
    for (const release of plan.releases) expect(release.newVersion, release.name).toMatch(/^0\./);
    expect(readdirSync(join(root, '.changeset')).sort()).toEqual(before);
  });

  it('keeps minors of every package on 0.x', async () => {
    const plan = await planWith({
      '@pragmatic-messaging/core': 'minor',
      '@pragmatic-messaging/transport-rabbitmq': 'minor',
      '@pragmatic-messaging/transport-kafka': 'minor',
      '@pragmatic-messaging/transport-asb': 'minor',
    });

    expect(plan.releases.map((release) => [release.name, release.newVersion.split('.')[0]])).toEqual(
      expect.arrayContaining([
        ['@pragmatic-messaging/core', '0'],
        ['@pragmatic-messaging/transport-rabbitmq', '0'],
        ['@pragmatic-messaging/transport-kafka', '0'],
        ['@pragmatic-messaging/transport-asb', '0'],
      ]),
    );
  });
});
