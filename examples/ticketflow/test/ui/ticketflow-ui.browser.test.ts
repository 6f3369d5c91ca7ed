import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { ensureUiBuilt } from '../../src/web/ensure-ui-built.js';
import { chromiumAvailable, type HeadlessBrowser, launchChromium } from './support/headless-chromium';
import { screenshotTaker } from './support/screenshots';
import { waitFor } from './support/wait-for';

/**
 * Issue 8 end to end in a real headless Chromium against the real embedded TicketFlow (all services in one
 * process, in-memory transport, in-memory PGlite). Every wait is on UI state; nothing sleeps.
 */
const here = dirname(fileURLToPath(import.meta.url));
const exampleDir = resolve(here, '../..');
const uiDir = join(exampleDir, 'ui');
const repoRoot = resolve(exampleDir, '../..');

// Where the anomaly of the scenario is injected: the service that turns an inquiry into a ticket.
const faultyService = 'tickets';
const faultyMessageType = /inquiry.?submitted/i;
// Delayed retries run before a message reaches the dead-letter queue.
const deadLetterTimeoutMs = 120_000;

const runnable = chromiumAvailable();

describe.runIf(runnable)('TicketFlow web UI in a real browser', () => {
  let app: RunningTicketFlow;
  let browser: HeadlessBrowser;
  let page: Page;
  const screenshots = screenshotTaker(repoRoot);
  const suffix = Date.now().toString(36);
  const title = `Printer on fire ${suffix}`;
  const resolution = `Replaced the fuser ${suffix}`;
  const comment = `Is there any update on ${suffix}?`;
  const customerEmail = `jane-${suffix}@example.com`;

  beforeAll(async () => {
    await ensureUiBuilt(uiDir);
    app = await startTicketFlow({
      port: 0,
      dataDir: undefined,
      databaseUrl: undefined,
      uiDir: join(uiDir, 'dist'),
      logLevel: 'silent',
      // Short retry delays: the anomaly scenario waits for a message to exhaust its retries.
      timing: { retryDelaysMs: [100, 200] },
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => console.error(`[browser] uncaught: ${error.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks the customer who they are, and checks the forms on the client before sending anything', async () => {
    await openArea(page, app.url, 'customer');
    const signIn = page.getByRole('form', { name: 'Customer sign-in' });
    await signIn.getByLabel('Name', { exact: true }).fill('J');
    await signIn.getByLabel('E-mail', { exact: true }).fill('jane@');
    await signIn.getByRole('button', { name: 'Continue' }).click();
    await waitFor(signIn.getByText('The name needs at least 2 characters.'), 'the name rule');
    await waitFor(signIn.getByText('Enter a valid e-mail address.'), 'the e-mail rule');
    await signInAs(page, 'Jane Customer', customerEmail);

    const form = page.getByRole('form', { name: 'New inquiry' });
    expect(await form.getByLabel('E-mail', { exact: true }).inputValue()).toBe(customerEmail);
    expect(await form.getByLabel('E-mail', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await form.getByLabel('Title', { exact: true }).fill('ab');
    await form.getByRole('button', { name: 'Submit inquiry' }).click();
    await waitFor(form.getByText('The title needs at least 3 characters.'), 'the title rule');
    await waitFor(form.getByText('The description needs at least 10 characters.'), 'the description rule');
    expect(await page.getByText('Your inquiry has been submitted.').count()).toBe(0);
  });

  it('runs an inquiry from submission to resolution across the customer and agents areas', async () => {
    await openArea(page, app.url, 'customer');
    await submitInquiry(page, title);

    const inquiryRow = page.getByRole('button', { name: `Inquiry ${title}` });
    await waitFor(inquiryRow, 'the new inquiry in "My inquiries"');
    await inquiryRow.click();
    await waitFor(
      page.getByTestId('linked-ticket').filter({ hasNotText: 'No linked ticket' }),
      'the ticket linked to the inquiry',
      { timeoutMs: 30_000 },
    );
    await page.getByLabel('New comment').fill(comment);
    await page.getByRole('button', { name: 'Add comment' }).click();
    await waitFor(page.getByRole('region', { name: 'Comments' }).getByText(comment), 'the comment');
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('link', { name: 'Agents' }).click();
    const supervisorName = await workAs(page, 'Supervisors');
    const row = page.getByRole('row', { name: `Ticket ${title}` });
    await waitFor(row, 'the ticket in the agents list', { timeoutMs: 30_000 });
    await waitFor(ticketInStatus(page, title, 'BeforeQualification'), 'the ticket to await qualification');
    const resolve = row.getByRole('button', { name: 'Resolve' });
    expect(await resolve.isDisabled()).toBe(true);
    expect(await resolve.getAttribute('title')).toBe('Only a qualified ticket can be resolved.');

    const alertsBefore = await unreadAlerts(page);
    await row.getByRole('button', { name: 'Qualify' }).click();
    const qualify = page.getByRole('dialog', { name: 'Qualify ticket' });
    await qualify.getByLabel('Type').selectOption('Incident');
    await qualify.getByLabel('Severity').selectOption('High');
    await qualify.getByRole('button', { name: 'Qualify', exact: true }).click();
    await waitFor(ticketInStatus(page, title, 'Qualified'), 'the ticket to be qualified');
    await waitFor(
      page.getByRole('button', { name: `Alerts: ${alertsBefore + 1} unread` }),
      'the alerts bell to count the incident',
      { timeoutMs: 30_000 },
    );
    expect(await row.getByRole('button', { name: 'Block' }).getAttribute('title')).toBe(
      'Assign the ticket to an agent first.',
    );

    await page.getByRole('button', { name: 'Change' }).click();
    const agentName = await workAs(page, 'Agents');
    expect(agentName).not.toBe(supervisorName);
    expect(await row.getByRole('button', { name: 'Qualify' }).getAttribute('title')).toBe(
      'Only a supervisor can qualify a ticket.',
    );
    await row.getByRole('button', { name: 'Assign to me' }).click();
    await waitFor(row.getByText(agentName), 'the ticket to show its assignee');

    await actWithReason(page, title, 'Block', 'Block ticket', 'Reason', 'Waiting for the vendor');
    await waitFor(ticketInStatus(page, title, 'Blocked'), 'the ticket to be blocked');
    await actWithReason(page, title, 'Unblock', 'Unblock ticket', 'Reason', 'The vendor answered');
    await waitFor(ticketInStatus(page, title, 'Qualified'), 'the ticket to be unblocked');
    await actWithReason(page, title, 'Resolve', 'Resolve ticket', 'Resolution', resolution);
    await waitFor(ticketInStatus(page, title, 'Resolved'), 'the ticket to be resolved');

    await row.getByRole('button', { name: title }).click();
    const details = page.getByRole('dialog', { name: title });
    await waitFor(details.getByText(resolution), 'the resolution in the details');
    // The agents read what the customer wrote, with a readable time.
    const note = details.getByRole('region', { name: 'Client notes' }).getByRole('listitem').filter({
      hasText: comment,
    });
    await waitFor(note, "the customer's comment in the agents' ticket details");
    const written = (await note.locator('time').textContent()) ?? '';
    expect(written).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(written).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    await waitFor(details.getByRole('region', { name: 'Status history' }).getByText('Blocked'), 'history');
    await details.getByRole('button', { name: 'Close' }).click();
    await screenshots.take(page, 'agents');

    await page.getByRole('link', { name: 'Customer' }).click();
    await waitFor(
      page.getByRole('button', { name: `Inquiry ${title}` }).filter({ hasText: 'Resolved' }),
      'the inquiry to follow its ticket to Resolved',
      { timeoutMs: 30_000 },
    );
    const inbox = page.getByRole('button', { name: /^Your messages: [1-9]\d* unread$/ });
    await waitFor(inbox, 'an unread message for the customer', { timeoutMs: 30_000 });
    await inbox.click();
    const message = page.getByRole('dialog', { name: 'Your messages' }).getByRole('listitem').filter({
      hasText: resolution,
    });
    await waitFor(message, 'the resolution message in the inbox');
    await screenshots.take(page, 'customer');
    const unreadBefore = await unreadMessages(page);
    await message.getByRole('button', { name: 'Mark as read' }).click();
    await waitFor(message.getByRole('button', { name: 'Mark as unread' }), 'the message to be read');
    await waitFor(
      page.getByRole('button', { name: `Your messages: ${unreadBefore - 1} unread` }),
      'the unread badge to go down',
    );
    await page.getByRole('button', { name: 'Close' }).click();
  }, 240_000);

  it('shows a customer their own inquiries and messages only, in a fresh browser and after signing out', async () => {
    // Another person, another browser: nothing of Jane's is there.
    const other = await launchChromium();
    try {
      const bobPage = await other.context.newPage();
      await openArea(bobPage, app.url, 'customer');
      await waitFor(
        bobPage.getByRole('form', { name: 'Customer sign-in' }),
        'the sign-in in a fresh browser',
      );
      expect(await bobPage.getByText(title).count()).toBe(0);
      await signInAs(bobPage, 'Bob Other', `bob-${suffix}@example.com`);
      await waitFor(bobPage.getByText('No inquiries yet.'), "Bob's empty inquiry list");
      await waitFor(bobPage.getByRole('button', { name: 'Your messages: 0 unread' }), "Bob's empty inbox");
      await bobPage.getByRole('button', { name: 'Your messages: 0 unread' }).click();
      await waitFor(bobPage.getByText('No messages yet.'), 'no messages for Bob');
      expect(await bobPage.getByText(resolution).count()).toBe(0);
      expect(await bobPage.getByText(title).count()).toBe(0);
    } finally {
      await other.close();
    }

    // The same browser after signing out: the next customer sees none of the previous one's data.
    await openArea(page, app.url, 'customer');
    await waitFor(page.getByRole('button', { name: `Inquiry ${title}` }), "Jane's inquiry while signed in");
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, 'Carl Third', `carl-${suffix}@example.com`);
    await waitFor(page.getByText('No inquiries yet.'), "Carl's empty inquiry list");
    expect(await page.getByText(title).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, 'Jane Customer', customerEmail);
    await waitFor(
      page.getByRole('button', { name: `Inquiry ${title}` }),
      "Jane's inquiry after signing in again",
    );
  }, 120_000);

  it('submits through the synchronous variant when asked, with the ticket there at once', async () => {
    await openArea(page, app.url, 'customer');
    const syncTitle = `Synchronous printer ${suffix}`;
    const synchronously = page.getByRole('switch', { name: 'Submit synchronously' });
    await page.getByText('Submit synchronously').click();
    expect(await synchronously.isChecked()).toBe(true);
    const form = page.getByRole('form', { name: 'New inquiry' });
    await form.getByLabel('Title', { exact: true }).fill(syncTitle);
    await form.getByLabel('Description', { exact: true }).fill('Please answer within this very request.');
    await form.getByRole('button', { name: 'Submit inquiry' }).click();
    await waitFor(
      page.getByText('Your inquiry has been submitted and its ticket created (synchronously).'),
      'the synchronous confirmation',
    );
    await waitFor(
      page.getByRole('button', { name: `Inquiry ${syncTitle}` }).filter({ hasText: 'In progress' }),
      'the inquiry linked to its ticket right away',
    );
    await page.getByText('Submit synchronously').click();
    expect(await synchronously.isChecked()).toBe(false);
  }, 60_000);

  it('shows a failing handling in the dead-letter viewer and recovers it by replay', async () => {
    await openArea(page, app.url, 'technical');
    await waitFor(page.getByTestId('transport').filter({ hasText: /\w/ }), 'the transport in use');
    const panel = page.getByRole('form', { name: `Anomalies of ${faultyService}` });
    await waitFor(panel, `the anomaly panel of ${faultyService}`);
    const messageType = await optionMatching(panel.getByLabel('Message type'), faultyMessageType);
    await panel.getByLabel('Anomaly').selectOption('ConsumerErrorBeforeHandler');
    await panel.getByLabel('Message type').selectOption(messageType);
    await panel.getByRole('button', { name: 'Enable anomaly' }).click();
    const active = page
      .getByRole('list', { name: `Active anomalies of ${faultyService}` })
      .getByRole('listitem');
    await waitFor(active.filter({ hasText: 'ConsumerErrorBeforeHandler' }), 'the anomaly in the active list');

    const failingTitle = `Scanner jammed ${suffix}`;
    await page.getByRole('link', { name: 'Customer' }).click();
    await submitInquiry(page, failingTitle);

    await page.getByRole('link', { name: 'Technical' }).click();
    const deadLetter = page.getByRole('listitem', { name: `Dead letter ${messageType}` });
    await waitFor(deadLetter, 'the failed message in the dead-letter viewer', {
      timeoutMs: deadLetterTimeoutMs,
    });
    await waitFor(deadLetter.getByText('Error anomaly has been generated!'), 'the recorded failure');
    await screenshots.take(page, 'technical');

    await active
      .filter({ hasText: 'ConsumerErrorBeforeHandler' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await waitFor(page.getByRole('form', { name: `Anomalies of ${faultyService}` }), 'the panel');
    await waitFor(active.filter({ hasText: 'ConsumerErrorBeforeHandler' }), 'the anomaly to go', {
      state: 'detached',
    });
    const endpoint = page.getByRole('region', { name: /^Dead letters of / }).filter({ has: deadLetter });
    await endpoint.getByRole('button', { name: /^Replay / }).click();
    await waitFor(deadLetter, 'the replayed message to leave the dead-letter queue', { state: 'detached' });

    await page.getByRole('link', { name: 'Customer' }).click();
    await page.getByRole('button', { name: `Inquiry ${failingTitle}` }).click();
    await waitFor(
      page.getByTestId('linked-ticket').filter({ hasNotText: 'No linked ticket' }),
      'the replayed inquiry to get its ticket',
      { timeoutMs: 30_000 },
    );
    await page.getByRole('button', { name: 'Close' }).click();

    for (const name of ['customer', 'agents', 'technical']) screenshots.publish(name);
  }, 240_000);

  it('switches to the naive profile with every service healthy, greys out what cannot apply, and back', async () => {
    await openArea(page, app.url, 'technical');
    const applyProfile = async (profile: 'naive' | 'reliable') => {
      const settings = page.getByRole('region', { name: 'Reliability profile' });
      await settings.getByLabel('Profile').selectOption(profile);
      await settings.getByRole('button', { name: 'Apply' }).click();
      await waitFor(
        page.getByText('Reliability settings applied; the services restarted with them.'),
        `the ${profile} profile applied`,
        { timeoutMs: 30_000 },
      );
      const system = page.getByRole('region', { name: 'System' });
      await waitFor(system.getByText(profile, { exact: true }), `the System card to show ${profile}`);
      const health = system.getByRole('list', { name: 'Service health' }).getByRole('listitem');
      await waitFor(health.filter({ hasText: 'metrics: healthy' }), 'metrics healthy');
      expect(await health.allTextContents()).toEqual([
        'inquiries: healthy',
        'translations: healthy',
        'tickets: healthy',
        'sla: healthy',
        'communication: healthy',
        'metrics: healthy',
      ]);
    };
    await applyProfile('naive');
    const panel = page.getByRole('form', { name: 'Anomalies of inquiries' });
    const outboxSave = panel.getByLabel('Anomaly').locator('option', { hasText: 'OutboxErrorOnSave' });
    // Options of a select are never "visible" to Playwright: wait for them to be there.
    await waitFor(
      outboxSave.and(page.locator('option[disabled]')),
      'OutboxErrorOnSave greyed out without the outbox',
      { state: 'attached' },
    );
    expect(await outboxSave.textContent()).toContain('Needs the outbox');
    await waitFor(
      page.getByRole('table', { name: 'Service metrics' }).getByRole('row', { name: 'Metrics of tickets' }),
      'the live metrics of the services',
    );
    await applyProfile('reliable');
    await waitFor(
      panel.getByLabel('Anomaly').locator('option:not([disabled])', { hasText: 'OutboxErrorOnSave' }),
      'OutboxErrorOnSave available again',
      { state: 'attached' },
    );
  }, 90_000);

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const area of ['customer', 'agents', 'technical'] as const) {
      await openArea(page, app.url, area);
      await waitFor(page.getByRole('heading', { level: 1 }), `the ${area} heading`);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, `${area} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      await screenshots.take(page, `${area}-phone`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);
});

async function openArea(
  page: Page,
  baseUrl: string,
  area: 'customer' | 'agents' | 'technical',
): Promise<void> {
  await page.goto(`${baseUrl}/${area}`);
  await waitFor(
    page.locator('[data-testid="live-connection"][data-state="open"]'),
    'the live feed to connect',
  );
}

/** Signs in to the customer area (a fresh browser asks who you are); the browser remembers it. */
async function signInAs(page: Page, name: string, email: string): Promise<void> {
  const signIn = page.getByRole('form', { name: 'Customer sign-in' });
  await signIn.getByLabel('Name', { exact: true }).fill(name);
  await signIn.getByLabel('E-mail', { exact: true }).fill(email);
  await signIn.getByRole('button', { name: 'Continue' }).click();
  await waitFor(page.getByTestId('customer-signed-in').filter({ hasText: email }), `signed in as ${email}`);
}

async function submitInquiry(page: Page, title: string): Promise<void> {
  const form = page.getByRole('form', { name: 'New inquiry' });
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Category', { exact: true }).selectOption('technical');
  await form.getByLabel('Description', { exact: true }).fill('The office printer smokes when it prints.');
  await form.getByRole('button', { name: 'Submit inquiry' }).click();
  await waitFor(page.getByText('Your inquiry has been submitted.'), `the confirmation of "${title}"`);
}

/** Picks the first person of a group in the agent picker and returns their name. */
async function workAs(page: Page, group: 'Agents' | 'Supervisors'): Promise<string> {
  const person = page.getByRole('region', { name: group }).getByRole('button').first();
  await waitFor(person, `someone in the ${group} group`);
  const name = (await person.getAttribute('data-agent-name')) ?? '';
  expect(name, `a name on the first of ${group}`).not.toBe('');
  await person.click();
  await waitFor(page.getByTestId('working-as').filter({ hasText: name }), `working as ${name}`);
  return name;
}

function ticketInStatus(page: Page, title: string, status: string) {
  return page.locator(`tr[aria-label="Ticket ${title}"][data-status="${status}"]`);
}

async function actWithReason(
  page: Page,
  title: string,
  action: string,
  dialogTitle: string,
  field: string,
  text: string,
): Promise<void> {
  await page
    .getByRole('row', { name: `Ticket ${title}` })
    .getByRole('button', { name: action, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await dialog.getByLabel(field).fill(text);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await waitFor(dialog, `the ${dialogTitle} dialog to close`, { state: 'detached' });
}

async function unreadAlerts(page: Page): Promise<number> {
  const bell = await waitFor(page.getByRole('button', { name: /^Alerts: \d+ unread$/ }), 'the alerts bell');
  return Number((await bell.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
}

async function unreadMessages(page: Page): Promise<number> {
  const inbox = page.getByRole('button', { name: /^Your messages: \d+ unread$/ });
  return Number((await inbox.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
}

async function optionMatching(select: ReturnType<Page['getByLabel']>, pattern: RegExp): Promise<string> {
  const options = await select.locator('option').allTextContents();
  const match = options.find((option) => pattern.test(option));
  if (!match) throw new Error(`No option matches ${pattern}; the select offers: ${options.join(', ')}`);
  return match;
}
