// For the unit-of-work fragment on PostgreSQL: a transport, the contracts and a deadline; the store closes after.
import { createInMemoryTransport } from '@pragmatic-messaging/core';
import { DeadlinesCalculated, TicketQualified } from './contracts.js';

const transport = createInMemoryTransport();
const deadline = new Date(Date.now() + 3_600_000).toISOString();

// @snippet

await store.close();
