// For the cancellation fragment: the export contract, where exports go, and the service's bus.
import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';
import { ExportRequested } from './contracts.js';

const transport = createInMemoryTransport();
const messaging = createMessaging({ service: 'exports', transport, publishes: [ExportRequested] });
const body = { url: 'https://example.com/export.json' };
async function store(_exported: unknown): Promise<void> {}

// @snippet
