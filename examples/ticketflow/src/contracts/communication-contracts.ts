import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

/** Notifications for live views; nobody has to listen. */
export const AlertStored = defineMessage({
  type: 'communication.alert-stored',
  topic: 'communication',
  schema: z.object({ id: z.guid(), type: z.enum(['Incident', 'SLA']), message: z.string() }),
  mandatory: false,
});

export const MessageStored = defineMessage({
  type: 'communication.message-stored',
  topic: 'communication',
  schema: z.object({ id: z.guid(), recipentUserId: z.guid().nullable(), title: z.string() }),
  mandatory: false,
});
