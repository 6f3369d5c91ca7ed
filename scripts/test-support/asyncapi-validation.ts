import { Parser } from '@asyncapi/parser';

export interface AsyncApiFinding {
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
const parser = new Parser();

/**
 * What the official AsyncAPI parser (@asyncapi/parser, with its spectral rules) says about a document. Documents
 * are AsyncAPI 3.0, so its hint that 3.1 exists (`asyncapi-latest-version`, information) is left out.
 */
export async function asyncApiFindings(document: object): Promise<AsyncApiFinding[]> {
  // A copy: the parser resolves references in place.
  const { diagnostics } = await parser.parse(JSON.parse(JSON.stringify(document)));
  return diagnostics
    .filter((diagnostic) => diagnostic.code !== 'asyncapi-latest-version')
    .map((diagnostic) => ({
      severity: SEVERITIES[diagnostic.severity] ?? 'error',
      code: String(diagnostic.code),
      path: diagnostic.path.join('.'),
      message: diagnostic.message,
    }));
}
