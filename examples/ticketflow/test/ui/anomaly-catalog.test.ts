import { describe, expect, it } from 'vitest';
import { toAnomalyTypes, toMessageTypes } from '../../ui/src/technical/anomaly-catalog';

describe('anomaly catalogs read from /api/system (shape not fixed by the API document)', () => {
  it('reads objects with declared parameters', () => {
    const types = toAnomalyTypes([
      {
        anomalyType: 'ConsumerDelayBeforeHandler',
        description: 'waits',
        params: ['delayInMs', 'statusFilter'],
      },
      { type: 'Reorder', parameters: [{ name: 'probability' }] },
    ]);
    expect(types).toEqual([
      { name: 'ConsumerDelayBeforeHandler', description: 'waits', params: ['delayInMs', 'statusFilter'] },
      { name: 'Reorder', description: undefined, params: ['probability'] },
    ]);
  });

  it('reads a name → info map with a needsDelay flag', () => {
    const types = toAnomalyTypes({
      ConsumerErrorBeforeHandler: { description: 'fails', needsDelay: false },
      ConsumerDelayAfterHandler: { description: 'waits', needsDelay: true },
    });
    expect(types.map((type) => [type.name, type.params.includes('delayInMs')])).toEqual([
      ['ConsumerErrorBeforeHandler', false],
      ['ConsumerDelayAfterHandler', true],
    ]);
  });

  it('reads plain names and guesses that delay types need a delay', () => {
    const [error, delay] = toAnomalyTypes(['ConsumerErrorBeforeHandler', 'ConsumerDelayBeforeHandler']);
    expect(error?.params).not.toContain('delayInMs');
    expect(delay?.params).toContain('delayInMs');
  });

  it('keeps why a type cannot apply here', () => {
    const [outbox, delay] = toAnomalyTypes([
      { name: 'OutboxErrorOnSave', params: [], unavailable: 'Needs the outbox.' },
      { name: 'ConsumerDelayBeforeHandler', params: ['delayInMs'], unavailable: null },
    ]);
    expect(outbox?.unavailable).toBe('Needs the outbox.');
    expect(delay?.unavailable).toBeUndefined();
  });

  it('reads message types as names or objects, without duplicates', () => {
    expect(
      toMessageTypes([
        'tickets.ticket-created',
        { type: 'inquiries.inquiry-submitted' },
        'tickets.ticket-created',
      ]),
    ).toEqual(['tickets.ticket-created', 'inquiries.inquiry-submitted']);
    expect(toMessageTypes({ data: [{ name: 'sla.sla-breached' }] })).toEqual(['sla.sla-breached']);
    expect(toMessageTypes(null)).toEqual([]);
  });
});
