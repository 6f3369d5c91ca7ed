import { describe, expect, it } from 'vitest';
import { currentUiApiTypes, renderUiApiTypes } from '../../scripts/ui-api-types.js';

/**
 * The UI's API types (ui/src/api/ticketflow-openapi.ts) are generated from the OpenAPI document the routes'
 * schemas produce. A route whose answer changes without regenerating them fails here — in CI too — instead of in
 * the browser.
 */
describe('the UI API types', () => {
  it('are the ones the served OpenAPI document generates (else: npm run -w ticketflow api-types)', async () => {
    const generated = await renderUiApiTypes();
    expect(
      generated === currentUiApiTypes(),
      'ui/src/api/ticketflow-openapi.ts differs from the OpenAPI document: run npm run -w ticketflow api-types',
    ).toBe(true);
  }, 60_000);
});
