import type { EndpointTopology, TransportMessage } from '@pragmatic-messaging/core';

/** How a consumer moves a message elsewhere when it settles it with retryLater or deadLetter. */
export interface EndpointSettlement {
  /** Publish the retry copy to the endpoint's retry queue for `delayMs` (confirmed). */
  retry(endpoint: EndpointTopology, delayMs: number, copy: TransportMessage): Promise<void>;
  /** Publish the dead-letter copy to the endpoint's dead-letter exchange (confirmed). */
  deadLetter(endpoint: EndpointTopology, copy: TransportMessage): Promise<void>;
}
