import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../ui/src/format/format-duration';
import { appendTick, type MetricTick } from '../../ui/src/live/metric-tick';
import { describeValue, healthTone, redactCredentials } from '../../ui/src/technical/describe-value';

const tick = (service: string, cpuPercent: number): MetricTick => ({
  service,
  instanceId: 'i-1',
  status: 'Healthy',
  at: new Date(0).toISOString(),
  handledPerSecond: 1,
  failures: 0,
  retries: 0,
  retrying: 0,
  deadLetters: 0,
  latencyP50Ms: 1,
  latencyP95Ms: 2,
  outboxBacklog: 0,
  cpuPercent,
  memoryMb: 100,
});

describe('deadline countdown text', () => {
  it('drops leading zero units and keeps the rest', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(3_600_000 + 5_000)).toBe('1h 0m 5s');
    expect(formatDuration(2 * 86_400_000 + 61_000)).toBe('2d 0h 1m 1s');
  });
});

describe('metrics history for the sparklines', () => {
  it('keeps each service apart and only the newest points', () => {
    let history = {};
    for (let cpu = 1; cpu <= 5; cpu++) history = appendTick(history, tick('tickets', cpu), 3);
    history = appendTick(history, tick('sla', 9), 3);
    expect(history).toEqual({
      tickets: [tick('tickets', 3), tick('tickets', 4), tick('tickets', 5)],
      sla: [tick('sla', 9)],
    });
  });
});

describe('system values shown in the technical area', () => {
  it('never shows credentials of a broker URL', () => {
    expect(redactCredentials('amqp://guest:secret@rabbit:5672/')).toBe('amqp://***@rabbit:5672/');
    expect(describeValue({ name: 'rabbitmq', url: 'amqp://u:p@h' })).toBe('rabbitmq');
    expect(describeValue({ url: 'amqp://u:p@h' })).toBe('{"url":"amqp://***@h"}');
  });

  it('colours health words', () => {
    expect(healthTone('Healthy')).toBe('green');
    expect(healthTone({ status: 'Unhealthy' })).toBe('red');
    expect(healthTone(undefined)).toBe('slate');
  });
});
