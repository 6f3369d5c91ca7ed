import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AsyncApiDocument, AsyncApiInfo } from '../asyncapi/asyncapi-document.js';
import { CliError } from './cli-error.js';

/** What the CLI needs of a bus. Duck-typed: a CommonJS module gets core's other build, whose classes differ. */
export interface DescribableBus {
  asyncApi(info?: Partial<AsyncApiInfo>): AsyncApiDocument;
}

/** The export used when none is named; `default` when the module has no export of that name. */
export const DEFAULT_EXPORT = 'messaging';

/**
 * Imports the user's module and takes the bus from the named export: a `Messaging`, or a function returning one
 * (or a promise of one), called without arguments. Nothing is started: describing a bus needs no connection.
 */
export async function loadBus(
  modulePath: string,
  exportName: string | undefined,
  cwd: string,
): Promise<DescribableBus> {
  const file = resolve(cwd, modulePath);
  if (!existsSync(file)) throw new CliError(`Module not found: ${modulePath} (looked for ${file})`);
  const module = await importModule(file, modulePath);
  const name = exportName ?? (DEFAULT_EXPORT in module ? DEFAULT_EXPORT : 'default');
  if (!(name in module)) {
    const available = Object.keys(module).join(', ') || 'none';
    throw new CliError(
      `${modulePath} has no export named "${name}" (its exports: ${available}); name one with --export`,
    );
  }
  let value = module[name];
  if (typeof value === 'function' && !isBus(value)) value = await (value as () => unknown)();
  if (!isBus(value)) {
    throw new CliError(
      `The export "${name}" of ${modulePath} is not a bus (a Messaging from createMessaging, or a function returning one)`,
    );
  }
  return value;
}

async function importModule(file: string, modulePath: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const hint =
      code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? " (for TypeScript, load a loader first: NODE_OPTIONS='--import tsx')"
        : '';
    throw new CliError(`Could not load ${modulePath}: ${(error as Error).message}${hint}`);
  }
}

function isBus(value: unknown): value is DescribableBus {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<DescribableBus>).asyncApi === 'function' &&
    typeof (value as { endpoint?: unknown }).endpoint === 'function'
  );
}
