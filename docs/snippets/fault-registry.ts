// For the fault-injection fragment.
import { FaultRegistry } from '@pragmatic-messaging/core';

// @snippet
