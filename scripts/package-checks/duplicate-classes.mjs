// A class declared in two files of one module format is two classes at run time: `instanceof` fails between
// entry points and errors lose their meaning (a NonRetryableError that is not one gets retried). Bundlers emit
// `var Name = class …` or `class Name`; finding one name twice in a format's files means a bundle inlined a copy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DECLARATION =
  /^\s*(?:export\s+)?(?:(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*class\b|class\s+([A-Za-z_$][\w$]*))/gm;

/** Class names declared in each built file of `distDir` with extension `extension` ('.js' or '.cjs'). */
export function declaredClasses(distDir, extension) {
  const byFile = new Map();
  for (const file of readdirSync(distDir).filter((name) => name.endsWith(extension))) {
    const names = [...readFileSync(join(distDir, file), 'utf8').matchAll(DECLARATION)].map(
      (m) => m[1] ?? m[2],
    );
    byFile.set(file, names);
  }
  return byFile;
}

/** Names declared in more than one file of one format, with the files. */
export function duplicatedClasses(distDir, extension) {
  const files = new Map();
  for (const [file, names] of declaredClasses(distDir, extension)) {
    for (const name of new Set(names)) files.set(name, [...(files.get(name) ?? []), file]);
  }
  return [...files].filter(([, where]) => where.length > 1).map(([name, where]) => ({ name, files: where }));
}
