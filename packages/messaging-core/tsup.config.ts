import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/entries/testing.ts',
    conformance: 'src/entries/conformance.ts',
    decorators: 'src/entries/decorators.ts',
    rx: 'src/entries/rx.ts',
  },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'rxjs', 'reflect-metadata'],
});
