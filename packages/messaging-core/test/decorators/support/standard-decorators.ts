import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const classesFile = new URL('./handler-classes.ts', import.meta.url);
const tsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

/**
 * The handler classes as TypeScript emits them with TC39 standard decorators (`experimentalDecorators` off, the
 * default since TypeScript 5.0), evaluated with their imports bound to the modules the test already loaded.
 */
export function handlerClassesWithStandardDecorators(imports: Readonly<Record<string, unknown>>): unknown {
  const { outputText } = ts.transpileModule(readFileSync(classesFile, 'utf8'), {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: false,
    },
  });
  const exports: Record<string, unknown> = {};
  const require = (specifier: string) => {
    if (!(specifier in imports))
      throw new Error(`handler-classes.ts imports ${specifier}, which the test did not bind`);
    return imports[specifier];
  };
  new Function('exports', 'require', outputText)(exports, require);
  return exports;
}

/** Type errors of the handler classes under TC39 standard decorators (the @ts-expect-error must still be needed). */
export function typeErrorsWithStandardDecorators(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { experimentalDecorators: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram([fileURLToPath(classesFile)], { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
