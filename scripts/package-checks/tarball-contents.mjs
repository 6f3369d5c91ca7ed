// What every tarball must hold to be usable from npm: a README and an MIT LICENSE at its root, and documentation
// links that work on npmjs.com — absolute ones, never paths into the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ABSOLUTE = /^(https?:\/\/|mailto:|#)/;

/** Link targets in a markdown text (inline links and images, reference definitions, HTML href/src), code excluded. */
export function linkTargets(markdown) {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [];
  for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)/g)) targets.push(match[1]);
  for (const match of prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/gm)) targets.push(match[1]);
  for (const match of prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) targets.push(match[1]);
  return targets;
}

export function relativeLinks(markdown) {
  return linkTargets(markdown).filter((target) => !ABSOLUTE.test(target));
}

function markdownFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md') && !file.split('/').includes('node_modules'))
    .map((file) => join(dir, file));
}

/** Problems of an unpacked package folder (the `package/` of a tarball); empty when it is fit to publish. */
export function tarballProblems(packageDir) {
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (!existsSync(join(packageDir, 'README.md'))) problems.push('no README.md');
  const license = join(packageDir, 'LICENSE');
  if (!existsSync(license)) problems.push('no LICENSE');
  else if (!/^MIT License/.test(readFileSync(license, 'utf8')))
    problems.push('LICENSE is not the MIT license');
  if (manifest.license !== 'MIT') problems.push(`package.json says license ${manifest.license}, not MIT`);
  if (!/^git\+https:\/\/github\.com\//.test(manifest.repository?.url ?? '')) {
    problems.push('package.json has no repository url (npm links the README from it)');
  }
  for (const file of markdownFiles(packageDir)) {
    for (const target of relativeLinks(readFileSync(file, 'utf8'))) {
      problems.push(
        `${relative(packageDir, file)} links to "${target}", which does not exist on npm; link absolutely`,
      );
    }
  }
  return problems;
}
