// For the testing guide's fragment: vitest's expect and the contracts.
import { expect } from 'vitest';
import { TicketAssigned, TicketCreated } from './contracts.js';

// @snippet
