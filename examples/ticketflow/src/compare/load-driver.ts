import type { Deployment } from './deployment.js';
import { seededRandom } from './seeded-random.js';

/** One inquiry of the load: what was sent, when, and what the agent does with its ticket. */
export interface LoadItem {
  readonly title: string;
  readonly email: string;
  readonly incident: boolean;
  readonly submittedAt: number;
  /** The inquiry id when the submit was accepted (202). */
  readonly id: string | undefined;
}

/** When the scenario's mid-load fault began and ended (ms since the epoch). */
export interface FaultWindow {
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface LoadResult {
  readonly items: LoadItem[];
  readonly fault: FaultWindow | undefined;
  /** Why the fault itself failed (the broker did not come back, for instance). */
  readonly faultError: string | undefined;
}

const CATEGORIES = ['technical', 'billing', 'other'] as const;
const PACE_MS = 60;
/**
 * The pace while the mid-load fault lasts: slow enough that a broker or database restart (20–40 s) still has
 * inquiries arriving while it is down, so the run shows what the outage does to them and how long the backlog
 * takes to clear, not a load that was over before the broker stopped.
 */
const DURING_FAULT_PACE_MS = 1_000;
/**
 * How long the load waits for an inquiry's ticket: longer than the slowest redelivery of any broker, so a message
 * that comes late is counted as late (in the latency and the recovery time), not as lost. On Azure Service Bus a
 * delivery held by a connection that was cut comes back only when its lock expires: 60 s by default.
 */
const TICKET_WAIT_MS = 75_000;

async function post(url: string, body?: unknown): Promise<{ status: number; body: { id?: string } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

export interface LoadOptions {
  readonly deployment: Deployment;
  readonly tag: string;
  readonly inquiries: number;
  readonly seed: number;
  /** Started once half of the inquiries are submitted; the load goes on meanwhile. Resolves when it is over. */
  readonly midLoad?: () => Promise<void>;
  /** The agent blocks and unblocks each ticket right after qualifying it. */
  readonly blockAndUnblock?: boolean;
}

/**
 * The seeded load over HTTP, as customers and agents make it: inquiries at a steady pace, one a second while the
 * mid-load fault lasts (it does not pause them); every ticket that appears is qualified, about half of them as incidents (each incident raises
 * one operator alert), once the fault is over.
 */
export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const { deployment, tag } = options;
  const random = seededRandom(options.seed);
  const items: LoadItem[] = [];
  let fault: Promise<FaultWindow> | undefined;
  let faultOver = false;
  for (let index = 0; index < options.inquiries; index++) {
    if (index === Math.floor(options.inquiries / 2) && options.midLoad) {
      const startedAt = Date.now();
      fault = options.midLoad().then(() => ({ startedAt, endedAt: Date.now() }));
      fault.then(
        () => (faultOver = true),
        () => (faultOver = true),
      );
    }
    const title = `${tag} inquiry ${index + 1}`;
    const email = `${tag.toLowerCase()}-${index + 1}@compare.example.com`;
    const incident = random() < 0.5;
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
    const submittedAt = Date.now();
    const answer = await post(`${deployment.url}/api/inquiries/submit`, {
      name: 'Compare Customer',
      email,
      title,
      description: `The printer on the second floor stopped working this morning and shows an error. Request ${index + 1}.`,
      category,
    }).catch(() => ({ status: 0, body: {} as { id?: string } }));
    items.push({
      title,
      email,
      incident,
      submittedAt,
      id: answer.status === 202 ? answer.body.id : undefined,
    });
    const pace = fault && !faultOver ? DURING_FAULT_PACE_MS : PACE_MS;
    await new Promise((resolve) => setTimeout(resolve, pace));
  }
  let window: FaultWindow | undefined;
  let faultError: string | undefined;
  try {
    window = await fault;
  } catch (error) {
    faultError = (error as Error).message;
  }
  await qualifyAsTheyAppear(deployment, items, Boolean(options.blockAndUnblock));
  return { items, fault: window, faultError };
}

/** The agent's work on one ticket: qualify it, and block then unblock it when the scenario says so. */
async function handle(deployment: Deployment, id: string, item: LoadItem, block: boolean): Promise<boolean> {
  const ticket = `${deployment.url}/api/tickets/${id}`;
  const answer = await post(`${ticket}/qualify`, {
    ticketType: item.incident ? 'Incident' : 'Question',
    severityLevel: 'High',
  }).catch(() => ({ status: 0, body: {} }));
  if (answer.status !== 200) return false;
  if (block) {
    await post(`${ticket}/block/${encodeURIComponent('Waiting for parts')}`).catch(() => undefined);
    await post(`${ticket}/unblock/${encodeURIComponent('Parts arrived')}`).catch(() => undefined);
  }
  return true;
}

/** Polls Tickets' table for this load's tickets and handles each once it waits for qualification. */
async function qualifyAsTheyAppear(deployment: Deployment, items: LoadItem[], block: boolean): Promise<void> {
  const pending = new Map(items.filter((item) => item.id).map((item) => [item.id!, item]));
  const deadline = Date.now() + TICKET_WAIT_MS;
  while (pending.size > 0 && Date.now() < deadline) {
    // A database that is just back may refuse a query or two: poll again.
    const ready = await deployment
      .query<{ id: string }>(
        "SELECT id FROM tickets.tickets WHERE id = ANY($1::uuid[]) AND status = 'BeforeQualification'",
        [[...pending.keys()]],
      )
      .catch(() => [] as { id: string }[]);
    for (const { id } of ready) {
      if (await handle(deployment, id, pending.get(id)!, block)) pending.delete(id);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
