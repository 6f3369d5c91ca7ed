import { ConditionWaiter } from '@pragmatic-messaging/core/testing';
import type {
  GroupConsumer,
  GroupConsumerEvents,
  GroupConsumerSettings,
  KafkaClient,
} from '../../src/client/kafka-client.js';

/**
 * The client seam, scripted: every group consumer joins at once and records its events, so the test can crash it the
 * way kafkajs does after an error it will not retry (a group coordinator not found after a broker restart).
 */
export class ScriptedClient implements KafkaClient {
  readonly consumers: { settings: GroupConsumerSettings; events: GroupConsumerEvents; stopped: boolean }[] =
    [];
  joinFailures = 0;
  readonly waiter = new ConditionWaiter();

  async connect() {}
  async produce() {}
  async topicNames() {
    return new Set<string>();
  }
  async createTopics() {}
  /** Held until the test lets it go, when set: where a temporary endpoint's new member would start. */
  topicOffsetsGate: Promise<void> | undefined;
  topicOffsetsAsked = 0;
  async topicOffsets() {
    this.topicOffsetsAsked++;
    this.waiter.changed();
    await this.topicOffsetsGate;
    return [];
  }
  async committedOffsets() {
    return [];
  }
  async setCommittedOffsets() {}
  async groupExists() {
    return false;
  }
  async deleteGroup() {}
  onConnectionState() {}
  dropConnections() {}
  async close() {}

  groupConsumer(settings: GroupConsumerSettings): GroupConsumer {
    const entry = { settings, events: {} as GroupConsumerEvents, stopped: false };
    return {
      start: async (_onBatch, events = {}) => {
        if (this.joinFailures > 0) {
          this.joinFailures--;
          throw Object.assign(new Error('The group coordinator is not available'), { retriable: false });
        }
        entry.events = events;
        this.consumers.push(entry);
        this.waiter.changed();
      },
      stop: async () => {
        entry.stopped = true;
      },
    };
  }
}
