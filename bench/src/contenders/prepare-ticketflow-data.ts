import { startTicketFlow } from 'ticketflow/embedded';
import { embeddedOptions } from './ticketflow-embedded.js';

// Run as a process of its own by the restart contender: creates TicketFlow's data folder (initdb, migrations) and
// stops, so the measured process opens an existing folder as every start after the first does.
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: prepare-ticketflow-data.ts <data folder>');
const flow = await startTicketFlow(embeddedOptions(dataDir));
await flow.stop();
