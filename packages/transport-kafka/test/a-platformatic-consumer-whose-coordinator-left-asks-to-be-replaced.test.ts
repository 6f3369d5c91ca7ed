import { type Broker, Consumer, MultipleErrors, NetworkError, ProtocolError } from '@platformatic/kafka';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchCoordinator } from '../src/client/platformatic-coordinator-watch.js';

// The whole drill (a cluster's coordinator stopped mid-flow) is in faults/; this is each rule of the watch on a
// real Consumer of the library, talking to the single test broker where it needs one.
const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'coordinator watch');

const consumers: Consumer[] = [];
afterEach(async () => {
  await Promise.allSettled(consumers.splice(0).map((consumer) => consumer.close()));
});

function watched() {
  const consumer = new Consumer({
    clientId: 'pm-tests-coordinator-watch',
    bootstrapBrokers: (brokers ?? '127.0.0.1:1').split(','),
    groupId: `pm-tests-coordinator-watch-${process.pid}`,
  });
  consumers.push(consumer);
  const lost: Error[] = [];
  watchCoordinator(consumer, (error) => lost.push(error));
  return { consumer, lost };
}

/** What the library's group requests do: look the coordinator up in metadata, which may no longer list it. */
function getConnection(consumer: Consumer, broker: Broker | undefined) {
  return new Promise<unknown>((resolve) => {
    consumer.connections.get(broker as Broker, (error) => resolve(error));
  });
}

function heartbeatFailed(consumer: Consumer, error: Error) {
  consumer.emit('consumer:heartbeat:error', {
    groupId: consumer.groupId,
    memberId: '',
    generationId: 1,
    error,
  });
}

describe('a @platformatic/kafka consumer whose group coordinator left the cluster', () => {
  it('gets a retriable error for a broker the metadata does not list, where the library would throw', async () => {
    const { consumer, lost } = watched();

    const error = await getConnection(consumer, undefined);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ canRetry: true, hasStaleMetadata: true });
    expect(lost).toEqual([error]);
    await expect(consumer.connections.get(undefined as unknown as Broker)).rejects.toBeInstanceOf(
      NetworkError,
    );
    expect(lost).toHaveLength(2);
  });

  it('refuses a broker without a port as well', async () => {
    const { consumer, lost } = watched();

    expect(await getConnection(consumer, { host: '127.0.0.1' } as Broker)).toBeInstanceOf(NetworkError);
    expect(lost).toHaveLength(1);
  });

  it.runIf(brokers)('still connects to a broker the metadata lists, and reports nothing', async () => {
    const { consumer, lost } = watched();
    const [host, port] = brokers!.split(',')[0]!.split(':');

    const connection = await consumer.connections.get({ host: host!, port: Number(port) });

    expect(connection.isConnected()).toBe(true);
    expect(lost).toEqual([]);
  });

  it.each([
    ['NOT_COORDINATOR', new ProtocolError('NOT_COORDINATOR')],
    ['COORDINATOR_NOT_AVAILABLE', new ProtocolError('COORDINATOR_NOT_AVAILABLE')],
    [
      'a refused broker, after the retries',
      new MultipleErrors('Failed after 3 retries', [new NetworkError('gone', { hasStaleMetadata: true })]),
    ],
  ])('is reported lost when a heartbeat fails with %s', (_name, error) => {
    const { consumer, lost } = watched();

    heartbeatFailed(consumer, error);

    expect(lost).toEqual([error]);
  });

  it('reads fresh metadata after a heartbeat that could not reach the coordinator, and waits for what it says', () => {
    const { consumer, lost } = watched();
    const clearMetadata = vi.spyOn(consumer, 'clearMetadata');

    heartbeatFailed(
      consumer,
      new MultipleErrors('Failed after 3 retries', [new NetworkError('ECONNREFUSED')]),
    );

    expect(clearMetadata).toHaveBeenCalledOnce();
    // A broker that restarts (the only one, say) is still the coordinator when it is back.
    expect(lost).toEqual([]);
  });

  it('ignores a heartbeat that failed for any other reason', () => {
    const { consumer, lost } = watched();
    const clearMetadata = vi.spyOn(consumer, 'clearMetadata');

    heartbeatFailed(consumer, new ProtocolError('REBALANCE_IN_PROGRESS'));
    heartbeatFailed(consumer, new Error('something else'));

    expect(clearMetadata).not.toHaveBeenCalled();
    expect(lost).toEqual([]);
  });
});
