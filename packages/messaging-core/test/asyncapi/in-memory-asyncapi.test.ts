import { describe, expect, it } from 'vitest';
import { asyncApiFindings, sampleBusOn } from '../../../../scripts/test-support/asyncapi-validation.js';
import { createInMemoryTransport } from '../../src/index.js';

describe('the in-memory transport in AsyncAPI', () => {
  it('gives a valid document with no server and no bindings: AsyncAPI has no in-process protocol', async () => {
    const document = sampleBusOn(createInMemoryTransport()).asyncApi();
    expect(await asyncApiFindings(document)).toEqual([]);
    expect(document.servers).toBeUndefined();
    expect(document.channels['endpoint.helpdesk.timeline']).toMatchObject({ address: 'helpdesk.timeline' });
    expect(JSON.stringify(document)).not.toContain('"bindings"');
  });
});
