import { describe, expect, it } from 'vitest';
import { deadLetterReason } from '../../src/compare/dead-letter-reason.js';

describe('the reason a compare report gives for a dead letter', () => {
  it('names the type, the error class and its message, with ids blanked so one failure of many messages counts once', () => {
    const letter = (id: string) => ({
      type: 'tickets.ticket-created',
      failure: { reason: 'Error', message: `Inquiry ${id} not found` },
    });
    const first = deadLetterReason(letter('0a0f1c79-a15e-4fc5-a799-64e86269fd24'));
    expect(first).toBe('tickets.ticket-created: Error: Inquiry … not found');
    expect(deadLetterReason(letter('5AD0FBE1-0A56-4008-B6C0-75E6C9031F78'))).toBe(first);
  });

  it('keeps a long message short and says when the failure is unknown', () => {
    const long = deadLetterReason({
      type: 't',
      failure: { reason: 'ValidationError', message: 'x'.repeat(500) },
    });
    expect(long).toBe(`t: ValidationError: ${'x'.repeat(120)}`);
    expect(deadLetterReason({ type: 't', failure: { reason: 'HandlerTimeout' } })).toBe('t: HandlerTimeout');
    expect(deadLetterReason({ type: 't', failure: null })).toBe('t: unknown');
  });
});
