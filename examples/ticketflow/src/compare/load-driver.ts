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

const CATEGORIES = ['technical', 'billing', 'other'] as const;
const PACE_MS = 60;
const TICKET_WAIT_MS = 45_000;

async function post(url: string, body: unknown): Promise<{ status: number; body: { id?: string } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
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
  /** Called once, when half of the inquiries are submitted. */
  readonly midLoad?: () => Promise<void>;
}

/**
 * The seeded load over HTTP, as customers and agents make it: inquiries at a steady pace; every ticket that
 * appears is qualified, about half of them as incidents (each incident raises one operator alert).
 */
export async function driveLoad(options: LoadOptions): Promise<LoadItem[]> {
  const { deployment, tag } = options;
  const random = seededRandom(options.seed);
  const items: LoadItem[] = [];
  for (let index = 0; index < options.inquiries; index++) {
    if (index === Math.floor(options.inquiries / 2)) await options.midLoad?.();
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
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  await qualifyAsTheyAppear(deployment, items);
  return items;
}

/** Polls Tickets' table for this load's tickets and qualifies each once it waits for qualification. */
async function qualifyAsTheyAppear(deployment: Deployment, items: LoadItem[]): Promise<void> {
  const pending = new Map(items.filter((item) => item.id).map((item) => [item.id!, item]));
  const deadline = Date.now() + TICKET_WAIT_MS;
  while (pending.size > 0 && Date.now() < deadline) {
    const ready = await deployment.query<{ id: string }>(
      "SELECT id FROM tickets.tickets WHERE id = ANY($1::uuid[]) AND status = 'BeforeQualification'",
      [[...pending.keys()]],
    );
    for (const { id } of ready) {
      const item = pending.get(id)!;
      const answer = await post(`${deployment.url}/api/tickets/${id}/qualify`, {
        ticketType: item.incident ? 'Incident' : 'Question',
        severityLevel: 'High',
      }).catch(() => ({ status: 0, body: {} }));
      if (answer.status === 200) pending.delete(id);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
