import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

export const ServiceType = z.enum(['IncidentTicket', 'QuestionTicket']);

export const DeadlinesCalculated = defineMessage({
  type: 'sla.deadlines-calculated',
  topic: 'sla',
  schema: z.object({
    serviceType: ServiceType,
    serviceSourceId: z.guid(),
    deadlineUtc: z.iso.datetime({ offset: true }),
  }),
  key: (event) => event.serviceSourceId,
});

export const SLABreached = defineMessage({
  type: 'sla.sla-breached',
  topic: 'sla',
  schema: z.object({
    serviceType: ServiceType,
    serviceSourceId: z.guid(),
    alertMessageContent: z.string(),
    alertType: z.literal('SLA'),
  }),
  key: (event) => event.serviceSourceId,
});

/** SLA asks Communication to remind the assigned agent (replaces the original's HTTP call). */
export const DeadlineReminderDue = defineMessage({
  type: 'sla.deadline-reminder-due',
  topic: 'sla',
  schema: z.object({
    serviceType: ServiceType,
    serviceSourceId: z.guid(),
    kind: z.enum(['first', 'second', 'final', 'breach']),
    userIdToRemind: z.guid(),
    deadlineUtc: z.iso.datetime({ offset: true }),
    /** The ticket's title, so the agent's message names it (optional: messages sent before it existed lack it). */
    title: z.string().optional(),
  }),
  key: (event) => event.serviceSourceId,
});
