import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsyncApiDocument } from '@pragmatic-messaging/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { ensureUiBuilt } from '../../src/web/ensure-ui-built.js';
import { chromiumAvailable, type HeadlessBrowser, launchChromium } from './support/headless-chromium';
import { screenshotTaker } from './support/screenshots';
import { waitFor } from './support/wait-for';

/**
 * The technical area's message catalogue in a real headless Chromium against the embedded TicketFlow: the system's
 * AsyncAPI document (GET /api/docs/asyncapi.json) shown as operations, channels and payload fields.
 */
const here = dirname(fileURLToPath(import.meta.url));
const exampleDir = resolve(here, '../..');
const uiDir = join(exampleDir, 'ui');
const repoRoot = resolve(exampleDir, '../..');

describe.runIf(chromiumAvailable())('the AsyncAPI page of the technical area', () => {
  let app: RunningTicketFlow;
  let browser: HeadlessBrowser;
  let page: Page;
  const screenshots = screenshotTaker(repoRoot);

  beforeAll(async () => {
    await ensureUiBuilt(uiDir);
    app = await startTicketFlow({
      port: 0,
      dataDir: undefined,
      databaseUrl: undefined,
      uiDir: join(uiDir, 'dist'),
      logLevel: 'silent',
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => console.error(`[browser] uncaught: ${error.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('serves the whole system as AsyncAPI 3.0 JSON', async () => {
    const response = await fetch(`${app.url}/api/docs/asyncapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as AsyncApiDocument;
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info.title).toBe('TicketFlow');
    expect(Object.keys(document.channels)).toContain('topic.tickets');
  });

  it("shows what each service sends and receives, the channels, and a message's payload fields", async () => {
    await page.goto(`${app.url}/technical`);
    const catalogue = page.getByRole('region', { name: 'Message catalogue (AsyncAPI)' });
    await waitFor(catalogue.getByText('TicketFlow 1.0.0'), 'the document title');

    const tickets = catalogue.getByRole('region', { name: 'Service tickets' });
    await waitFor(
      tickets.locator('[data-operation="tickets.sends.tickets.ticket-created"]'),
      'a send of tickets',
    );
    expect(
      await tickets.locator('[data-operation="tickets.intake.receives.inquiries"]').textContent(),
    ).toContain('inquiries.inquiry-submitted ← Endpoint tickets.intake');

    const channel = catalogue.getByRole('row', { name: 'Channel topic.tickets' });
    await waitFor(channel, 'the tickets topic among the channels');
    expect(await channel.textContent()).toContain('tickets.ticket-created');

    const message = catalogue.locator('details[aria-label="Message tickets.ticket-created"]');
    await message.locator('summary').first().click();
    const ticketId = message.getByRole('row', { name: 'Field ticketId' });
    await waitFor(ticketId, 'the ticketId field of the payload');
    expect(await ticketId.textContent()).toMatch(/ticketId\s*string\s*yes\s*uuid/);
    expect(await message.getByRole('row', { name: 'Field occurredAt' }).textContent()).toContain('no');
    await message.scrollIntoViewIfNeeded();
    await screenshots.take(page, 'technical-asyncapi');
  });
});
