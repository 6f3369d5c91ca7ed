import { describe, expect, it } from 'vitest';
import { AMQP_CLOUDEVENTS_PREFIXES, KAFKA_CLOUDEVENTS_PREFIX, mayBeCloudEvent } from '../../src/index.js';

describe('mayBeCloudEvent (the cheap test a transport asks before copying headers)', () => {
  it('says yes to the structured content type, in any case, with or without parameters', () => {
    expect(
      mayBeCloudEvent('application/cloudevents+json; charset=utf-8', {}, [KAFKA_CLOUDEVENTS_PREFIX]),
    ).toBe(true);
    expect(mayBeCloudEvent('Application/CloudEvents+JSON', {}, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(true);
  });

  it('says yes to a specversion header under any of the binding prefixes', () => {
    expect(mayBeCloudEvent('application/json', { ce_specversion: '1.0' }, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(
      true,
    );
    for (const prefix of AMQP_CLOUDEVENTS_PREFIXES.read) {
      expect(
        mayBeCloudEvent(undefined, { [`${prefix}specversion`]: '1.0' }, AMQP_CLOUDEVENTS_PREFIXES.read),
      ).toBe(true);
    }
  });

  it('says no to a plain message, to other attributes alone, and to a specversion under another prefix', () => {
    expect(mayBeCloudEvent('application/json', { 'correlation-id': 'c' }, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(
      false,
    );
    expect(mayBeCloudEvent(undefined, {}, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(false);
    expect(mayBeCloudEvent(undefined, { ce_type: 'x', ce_id: '1' }, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(false);
    expect(mayBeCloudEvent(undefined, { cloudEvents_specversion: '1.0' }, [KAFKA_CLOUDEVENTS_PREFIX])).toBe(
      false,
    );
  });
});
