// For the getting-started service on RabbitMQ: the contract and the ticket it publishes; the bus stops after.
import { randomUUID } from 'node:crypto';
import { TicketQualified } from './contracts.js';

const ticketId = randomUUID();

// @snippet

await messaging.stop();
