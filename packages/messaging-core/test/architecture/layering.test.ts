import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of core, lowest first (docs/architecture.md, "Layers inside core"). A file may import from its own
 * layer and the layers below it, never from one above: the vocabulary knows nothing of the bus, the pipelines
 * know nothing of the features that plug into them, and the bus is the only place that assembles everything.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['contracts', 'wire', 'lifecycle', 'errors.ts'],
  ['topology'],
  ['transport', 'asyncapi'],
  ['observability', 'stores'],
  ['pipeline'],
  ['reliability', 'faults'],
  ['bus'],
  ['decorators', 'rx', 'cli', 'testing'],
  ['entries', 'index.ts'],
];

const source = join(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The top-level folder (or root file) a path inside src belongs to. */
function unitOf(pathInSource: string): string {
  return pathInSource.split(sep)[0] ?? pathInSource;
}

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit));
  if (layer < 0) throw new Error(`src/${unit} is in no layer: add it to LAYERS and to docs/architecture.md`);
  return layer;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Violation {
  readonly file: string;
  readonly imports: string;
}

/** Every relative import of the sources under `root` that points to a higher layer. */
function upwardImports(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file);
    const fromLayer = layerOf(unitOf(from));
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(root, normalize(join(dirname(file), specifier ?? ''))).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue;
      if (layerOf(unitOf(target)) > fromLayer) violations.push({ file: from, imports: target });
    }
  }
  return violations;
}

describe('core layering', () => {
  it('has no import from a lower layer to a higher one', () => {
    expect(upwardImports(source)).toEqual([]);
  });

  it('reports an import from the pipeline up into the bus, and none the other way', () => {
    const root = mkdtempSync(join(tmpdir(), 'core-layers-'));
    try {
      mkdirSync(join(root, 'pipeline'));
      mkdirSync(join(root, 'bus'));
      writeFileSync(
        join(root, 'pipeline', 'step.ts'),
        "import type { Messaging } from '../bus/messaging.js';\n",
      );
      writeFileSync(join(root, 'bus', 'messaging.ts'), "import { step } from '../pipeline/step.js';\n");
      expect(upwardImports(root)).toEqual([
        { file: join('pipeline', 'step.ts'), imports: join('bus', 'messaging.ts') },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps every source file under 300 lines and the bus class under 250', () => {
    const long = sourceFiles(source)
      .map((file) => ({ file: relative(source, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ file, lines }) => lines > (file === join('bus', 'messaging.ts') ? 250 : 300));
    expect(long).toEqual([]);
  });
});
