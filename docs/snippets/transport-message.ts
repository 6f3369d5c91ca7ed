// For the dead-letter shape: the envelope type it refers to.
import type { TransportMessage } from '@pragmatic-messaging/core';

// @snippet
