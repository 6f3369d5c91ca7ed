import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

export const Category = z.enum(['General', 'Technical', 'Billing', 'Other']);
export const InquiryStatus = z.enum(['New', 'InProgress', 'Closed', 'Resolved']);

export const InquirySubmitted = defineMessage({
  type: 'inquiries.inquiry-submitted',
  topic: 'inquiries',
  schema: z.object({
    id: z.guid(),
    name: z.string(),
    email: z.string(),
    title: z.string(),
    description: z.string(),
    category: Category,
    languageCode: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
  key: (inquiry) => inquiry.id,
});

/** A notification for live views: an inquiry's status or ticket link changed. Nobody has to listen. */
export const InquiryUpdated = defineMessage({
  type: 'inquiries.inquiry-updated',
  topic: 'inquiries',
  schema: z.object({ id: z.guid(), status: InquiryStatus, ticketId: z.guid().nullable() }),
  key: (inquiry) => inquiry.id,
  mandatory: false,
});
