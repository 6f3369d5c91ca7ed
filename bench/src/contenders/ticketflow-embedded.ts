import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { InquirySubmitted } from 'ticketflow/contracts/inquiries';
import { type RunningTicketFlow, startTicketFlow } from 'ticketflow/embedded';
import { LatencyRecorder } from '../end-to-end/latency-recorder.js';
import type { ContenderRun, ProgressReporter, RunParams } from '../figures.js';

/** How long one inquiry may take to become a ticket before the run fails. */
const TICKET_TIMEOUT_MS = 10_000;

/**
 * TicketFlow as `startTicketFlow()` runs it embedded — all six services in one process, in-memory transport,
 * PGlite — minus the static UI files (the API is the same). Measures the start, then submits inquiries one at a
 * time over HTTP and times each until the tickets service has created (committed) its ticket.
 */
export const ticketflowEmbedded: ContenderRun = (params, progress) =>
  measureTicketFlow(undefined, params, progress);

/**
 * The start users see every time after the first: the data folder exists, so PGlite opens it instead of running
 * initdb. Another process creates the folder first, so that one-off cost stays out of this process's peak RSS.
 */
export const ticketflowEmbeddedRestart: ContenderRun = async (params, progress) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-bench-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', PREPARE_DATA, dataDir], { stdio: 'inherit' });
    return await measureTicketFlow(dataDir, params, progress);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const PREPARE_DATA = fileURLToPath(new URL('./prepare-ticketflow-data.ts', import.meta.url));

async function measureTicketFlow(dataDir: string | undefined, params: RunParams, progress: ProgressReporter) {
  const started = performance.now();
  const flow = await startTicketFlow(embeddedOptions(dataDir));
  const startMs = performance.now() - started;
  try {
    const latencies = await inquiryToTicket(flow, params.messages, progress);
    return {
      startMs,
      ...latencies.percentiles(),
      rssPeakMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await flow.stop();
  }
}

export function embeddedOptions(dataDir: string | undefined) {
  return { port: 0, host: '127.0.0.1', dataDir, web: false, logLevel: 'silent', env: {} } as const;
}

async function inquiryToTicket(flow: RunningTicketFlow, inquiries: number, progress: (done: number) => void) {
  const tickets = flow.runtime.host('tickets')?.current().messaging;
  if (!tickets) throw new Error('TicketFlow started without its tickets service');
  const latencies = new LatencyRecorder(inquiries);
  for (let seq = 0; seq < inquiries; seq++) {
    const created = ticketCreated(tickets.onEvent.bind(tickets), seq);
    latencies.sent(seq);
    await submitInquiry(flow.url, seq);
    await created;
    latencies.handled(seq);
    progress(seq + 1);
  }
  return latencies;
}

/** Resolves when the tickets service handled (and committed) an `InquirySubmitted`: the ticket exists. */
function ticketCreated(
  onEvent: (listener: (event: { kind: string; type: string; endpoint?: string }) => void) => () => void,
  seq: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Inquiry ${seq} did not become a ticket within ${TICKET_TIMEOUT_MS} ms`));
    }, TICKET_TIMEOUT_MS);
    const unsubscribe = onEvent((event) => {
      if (event.kind !== 'handled' || event.type !== InquirySubmitted.type) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

async function submitInquiry(url: string, seq: number): Promise<void> {
  const response = await fetch(`${url}/api/inquiries/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Ada Customer',
      email: 'ada@example.com',
      title: `Printer does not print (${seq})`,
      description: 'Since yesterday my printer prints only blank pages, whatever document I send to it.',
      category: 'technical',
    }),
  });
  if (response.status !== 202) {
    throw new Error(`POST /api/inquiries/submit answered ${response.status}: ${await response.text()}`);
  }
}
