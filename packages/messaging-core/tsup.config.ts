import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/entries/testing.ts',
    conformance: 'src/entries/conformance.ts',
    decorators: 'src/entries/decorators.ts',
    rx: 'src/entries/rx.ts',
    // The `pragmatic-messaging` bin (package.json "bin"); not an entry point to import.
    cli: 'src/entries/cli.ts',
  },
  format: ['esm', 'cjs'],
  // One copy of every class in each format: CommonJS entries share chunks too (rollup converts them, not sucrase).
  splitting: true,
  treeshake: true,
  dts: { compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'rxjs'],
});
