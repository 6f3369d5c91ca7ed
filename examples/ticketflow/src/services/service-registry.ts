import type { ServiceName } from '../config/ticketflow-config.js';
import type { ServiceModule } from '../runtime/service-module.js';
import { communicationService } from './communication/communication-service.js';
import { inquiriesService } from './inquiries/inquiries-service.js';
import { metricsService } from './metrics/metrics-service.js';
import { slaService } from './sla/sla-service.js';
import { ticketsService } from './tickets/tickets-service.js';
import { translationsService } from './translations/translations-service.js';

/** How to build each service with its default collaborators (detector, translator…). */
export const DEFAULT_SERVICES: Readonly<Record<ServiceName, () => ServiceModule>> = {
  inquiries: () => inquiriesService(),
  translations: () => translationsService(),
  tickets: () => ticketsService(),
  sla: () => slaService(),
  communication: () => communicationService(),
  metrics: () => metricsService(),
};
