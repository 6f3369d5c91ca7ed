// A fragment that creates a bus on some `transport`: here the in-memory one.
import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';
import { TicketQualified } from './contracts.js';

const transport = createInMemoryTransport();

// @snippet

await messaging.start();
await messaging.stop();
