// For the emulator's README: the Service Bus SDK's clients it serves.
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';

// @snippet
