// @pragmatic-messaging/core/testing — helpers for tests of applications and transports.
export { brokerFromEnvironment } from '../testing/broker-environment.js';
export { ConditionWaiter } from '../testing/condition-waiter.js';
