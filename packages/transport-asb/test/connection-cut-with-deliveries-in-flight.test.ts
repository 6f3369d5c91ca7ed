import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import type { Delivery, EndpointTopology } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AzureServiceBusTransport, createAzureServiceBusTransport } from '../src/index.js';
import { endpoint, envelope } from './transport-fixture.js';

const connectionString = brokerFromEnvironment(
  'ASB_EMULATOR_CONNECTION_STRING',
  'Service Bus connection cut with deliveries in flight',
);
const caFile = brokerFromEnvironment(
  'ASB_EMULATOR_CA_FILE',
  'Service Bus connection cut with deliveries in flight (certificate)',
);

// The shortest lock Service Bus allows: a message whose settlement is lost comes back within the test's waits.
const LOCK_DURATION_MS = 5_000;
// A settlement answers within a few seconds or fails; the SDK's own timeout (60 s, retried 3 times) is far longer.
const SETTLE_BOUND_MS = 8_000;

interface Outcome {
  readonly id: string;
  readonly ok: boolean;
  readonly ms: number;
}

/**
 * Over the real SDK against the emulator, set up as TicketFlow's Tickets service is: one ServiceBusClient with the
 * SDK's default retry options, an endpoint with two subscriptions, an ordered endpoint on sessions, and
 * deliveries still being handled when the transport's own `simulateConnectionLoss()` resets the AMQP socket —
 * settled only after the receivers have received again over the new connection. Before the fix those settlements
 * hung (the SDK sent them over the reopened link's dead predecessor and waited 60 s per attempt), holding their
 * handlers' concurrency slots; see SubscriptionPump.
 */
describe.runIf(connectionString && caFile)(
  'Azure Service Bus transport: a connection cut with deliveries in flight (real SDK, emulator)',
  () => {
    const namePrefix = `cut-${randomUUID().slice(0, 6)}-`;
    const administration = () =>
      new ServiceBusAdministrationClient(connectionString!, {
        tlsOptions: { ca: readFileSync(caFile!, 'utf8') },
      });
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const close of cleanup.reverse()) await close().catch(() => {});
      cleanup.length = 0;
      const admin = administration();
      for await (const topic of admin.listTopics()) {
        if (topic.name.startsWith(namePrefix)) await admin.deleteTopic(topic.name);
      }
    });

    const transport = (): AzureServiceBusTransport => {
      const client = new ServiceBusClient(connectionString!);
      const created = createAzureServiceBusTransport({
        sdk: { client, administration: administration() },
        namePrefix,
        lockDurationMs: LOCK_DURATION_MS,
        sessionIdleTimeoutMs: 200,
        reconnectDelayMs: 50,
      });
      cleanup.push(() => created.close());
      return created;
    };

    it('settles the deliveries handled across the cut within seconds, and every message sent before and after it is handled and completed', async () => {
      const intake: EndpointTopology = endpoint('intake', {
        // Room for a receive on each subscription beside the three held deliveries.
        concurrency: 6,
        prefetch: 2,
        subscriptions: [
          { topic: 'orders', messageTypes: ['orders.created'] },
          { topic: 'refunds', messageTypes: ['refunds.created'] },
        ],
      });
      const tracker: EndpointTopology = endpoint('tracker', {
        concurrency: 2,
        prefetch: 2,
        partitions: 2,
        subscriptions: [{ topic: 'orders', messageTypes: ['orders.created'] }],
      });
      const bus = transport();
      await bus.connect();
      await bus.provision({ topics: [], endpoints: [intake, tracker] });

      let reconnected!: () => void;
      const afterReconnect = new Promise<void>((resolve) => {
        reconnected = resolve;
      });
      const before = new Set<string>();
      const outcomes: Outcome[] = [];
      const entered = new Set<string>();
      let settling = 0;
      const handler = (name: string) => async (delivery: Delivery) => {
        const id = `${name}:${delivery.message.id}`;
        entered.add(id);
        // The first wave is held across the cut and settled over the new connection.
        if (before.has(delivery.message.id)) await afterReconnect;
        const started = Date.now();
        settling++;
        try {
          await delivery.ack();
          outcomes.push({ id, ok: true, ms: Date.now() - started });
        } catch {
          outcomes.push({ id, ok: false, ms: Date.now() - started });
        } finally {
          settling--;
        }
      };
      await bus.consume(intake, handler('intake'));
      await bus.consume(tracker, handler('tracker'));

      const first = [
        envelope({ id: 'o-1', key: 'k1' }),
        envelope({ id: 'o-2', key: 'k2' }),
        envelope({ id: 'r-1', topic: 'refunds', type: 'refunds.created' }),
      ];
      for (const message of first) before.add(message.id);
      await bus.send(first);
      // Both intake subscriptions and both sessions of the ordered endpoint hold a delivery of the first wave.
      const firstWave = ['intake:o-1', 'intake:o-2', 'intake:r-1', 'tracker:o-1', 'tracker:o-2'];
      await vi.waitFor(() => expect([...entered].sort()).toEqual(firstWave), { timeout: 10_000 });

      await bus.simulateConnectionLoss();
      await vi.waitFor(() => expect(bus.health().status).toBe('reconnecting'), { timeout: 5_000 });
      await vi.waitFor(() => expect(bus.health()).toEqual({ status: 'connected' }), { timeout: 10_000 });
      reconnected();

      const second = [
        envelope({ id: 'o-3', key: 'k1' }),
        envelope({ id: 'o-4', key: 'k3' }),
        envelope({ id: 'r-2', topic: 'refunds', type: 'refunds.created' }),
      ];
      await bus.send(second);

      const expected = [
        ...['o-1', 'o-2', 'o-3', 'o-4', 'r-1', 'r-2'].map((id) => `intake:${id}`),
        ...['o-1', 'o-2', 'o-3', 'o-4'].map((id) => `tracker:${id}`),
      ].sort();
      const completed = () => [...new Set(outcomes.filter((o) => o.ok).map((o) => o.id))].sort();
      await vi.waitFor(() => expect(completed()).toEqual(expected), {
        timeout: LOCK_DURATION_MS * 2 + SETTLE_BOUND_MS,
        interval: 200,
      });
      // Settlements answer, one way or the other, and quickly: none is left waiting on the lost connection.
      await vi.waitFor(() => expect(settling, 'settlements still waiting').toBe(0), {
        timeout: SETTLE_BOUND_MS,
      });
      const slow = outcomes.filter((outcome) => outcome.ms > SETTLE_BOUND_MS);
      expect(slow, 'settlements that hung').toEqual([]);
      // The first wave could not be settled over the lost connection: refused at once, it came back after its lock.
      for (const id of firstWave) {
        expect(outcomes.filter((outcome) => outcome.id === id).map((outcome) => outcome.ok)).toContain(true);
      }
      expect(bus.health().status).toBe('connected');
    }, 60_000);
  },
);
