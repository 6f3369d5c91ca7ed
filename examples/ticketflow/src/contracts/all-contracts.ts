import { AlertStored, MessageStored } from './communication-contracts.js';
import { InquirySubmitted, InquiryUpdated } from './inquiries-contracts.js';
import { DeadlineReminderDue, DeadlinesCalculated, SLABreached } from './sla-contracts.js';
import { AnomalyChanged, DeadLetterRecorded, MetricTick } from './system-contracts.js';
import {
  AgentAssignedToTicket,
  IncidentCreated,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
  TicketUpdated,
} from './tickets-contracts.js';
import {
  RequestTranslationV1,
  RequestTranslationV2,
  TranslationCompleted,
  TranslationSkipped,
} from './translations-contracts.js';

/** Every message type of TicketFlow, for the anomaly UI's message-type picker and the docs. */
export const ALL_CONTRACTS = [
  InquirySubmitted,
  InquiryUpdated,
  RequestTranslationV1,
  RequestTranslationV2,
  TranslationCompleted,
  TranslationSkipped,
  TicketCreated,
  TicketQualified,
  IncidentCreated,
  AgentAssignedToTicket,
  TicketBlocked,
  TicketUnblocked,
  TicketResolved,
  TicketUpdated,
  DeadlinesCalculated,
  SLABreached,
  DeadlineReminderDue,
  AlertStored,
  MessageStored,
  MetricTick,
  AnomalyChanged,
  DeadLetterRecorded,
] as const;
