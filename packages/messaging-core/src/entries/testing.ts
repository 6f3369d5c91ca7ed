/**
 * @pragmatic-messaging/core/testing — helpers for tests of applications and transports.
 * @module core/testing
 */
export { brokerFromEnvironment } from '../testing/broker-environment.js';
export { ConditionWaiter } from '../testing/condition-waiter.js';
export type { OutageDrillOptions, OutageDrillTarget } from '../testing/outage-drill/outage-drill.js';
export { runOutageDrill } from '../testing/outage-drill/outage-drill.js';
export type { OutageDrillConsumerOptions } from '../testing/outage-drill/outage-drill-consumer.js';
export { createOutageDrillConsumer } from '../testing/outage-drill/outage-drill-consumer.js';
export type { OutageDrillReport } from '../testing/outage-drill/outage-drill-report.js';
export { describeOutageDrill } from '../testing/outage-drill/outage-drill-report.js';
export { SecretCanary } from '../testing/secret-canary.js';
export type {
  RecordedKind,
  RecordedMessage,
  TestHarnessOptions,
  WaitOptions,
} from '../testing/test-harness.js';
export { createTestHarness, TestHarness } from '../testing/test-harness.js';
export type { TestMessagingOptions } from '../testing/test-messaging.js';
export { createTestMessaging, testRetryPolicy } from '../testing/test-messaging.js';
