import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig, SERVICE_NAMES } from '../src/config/ticketflow-config.js';
import { TicketFlowRuntime } from '../src/runtime/ticketflow-runtime.js';
import { DEFAULT_SERVICES } from '../src/services/service-registry.js';

/** Where the UI's API types live (checked in; a test fails when they drift from the served document). */
export const UI_API_TYPES = fileURLToPath(new URL('../ui/src/api/ticketflow-openapi.ts', import.meta.url));

const HEADER = `// Generated from TicketFlow's OpenAPI document (GET /api/docs/openapi.json) by scripts/ui-api-types.ts.
// Do not edit: change the routes' schemas and run \`npm run -w ticketflow api-types\`.
`;

/**
 * The UI's API types, rendered from the OpenAPI document of the embedded runtime with every service and the web
 * part — built from the routes alone, so no broker, database or port is needed.
 */
export async function renderUiApiTypes(): Promise<string> {
  const runtime = new TicketFlowRuntime({
    config: loadConfig({}, { logLevel: 'silent', dataDir: undefined }),
    modules: SERVICE_NAMES.map((name) => DEFAULT_SERVICES[name]()),
    web: true,
  });
  const document = await runtime.openApiDocument();
  const nodes = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    silent: true,
    alphabetize: true,
  });
  return HEADER + astToString(nodes);
}

export function currentUiApiTypes(): string {
  return readFileSync(UI_API_TYPES, 'utf8');
}

// `npm run -w ticketflow api-types`: regenerate the file.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(UI_API_TYPES, await renderUiApiTypes());
  console.log(`Wrote ${UI_API_TYPES}`);
}
