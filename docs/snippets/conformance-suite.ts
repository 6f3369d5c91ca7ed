// For the transport authors' fragment: the transport being written, declared.
import type { Transport } from '@pragmatic-messaging/core';

declare function createMyTransport(options: { url: string }): Transport;
declare function closeConnectionsOf(transport: Transport): Promise<void>;
declare const url: string;

// @snippet
