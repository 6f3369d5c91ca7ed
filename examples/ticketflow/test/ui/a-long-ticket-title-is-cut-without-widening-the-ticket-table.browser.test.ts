import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketFlowClient } from '../support/ticketflow-client.js';
import { type EmbeddedInBrowser, embeddedInBrowser } from './support/embedded-in-browser';
import { chromiumAvailable } from './support/headless-chromium';
import { waitFor } from './support/wait-for';

/**
 * A customer may type a title of 200 characters without a space. In the agents' ticket list (a 1280 px wide
 * window) the title is cut with an ellipsis inside its column, and the table does not grow wider than its card:
 * no sideways scrolling to reach the Actions column.
 */
describe.runIf(chromiumAvailable())('a long unbroken ticket title in the agents area', () => {
  const title = `Unbroken${'W'.repeat(192)}`;
  let embedded: EmbeddedInBrowser;

  beforeAll(async () => {
    embedded = await embeddedInBrowser();
    const submitted = await new TicketFlowClient(embedded.app.url).post('/api/inquiries/submit', {
      name: 'Ada Customer',
      email: 'ada@example.com',
      title,
      description: 'The office printer smokes when it prints.',
      category: 'technical',
    });
    expect(submitted.status).toBe(202);
  }, 180_000);

  afterAll(() => embedded?.close());

  it('is cut with an ellipsis, and the ticket table does not scroll sideways', async () => {
    const { page, app } = embedded;
    expect(title).toHaveLength(200);
    await page.goto(`${app.url}/agents`);
    const person = await waitFor(
      page.getByRole('region', { name: 'Supervisors' }).getByRole('button').first(),
      'someone in the Supervisors group',
    );
    await person.click();
    const row = await waitFor(page.getByRole('row', { name: `Ticket ${title}` }), 'the ticket in the list', {
      timeoutMs: 30_000,
    });

    const cell = row.getByRole('button', { name: new RegExp(title) });
    // Runs in the page; the test's tsconfig has no DOM library, hence the window's getComputedStyle by hand.
    const shown = await cell.evaluate((element) => ({
      cut: element.scrollWidth > element.clientWidth,
      ellipsis: (
        globalThis as unknown as { getComputedStyle(of: unknown): { textOverflow: string } }
      ).getComputedStyle(element).textOverflow,
      width: element.getBoundingClientRect().width,
    }));
    expect(shown).toMatchObject({ cut: true, ellipsis: 'ellipsis' });
    expect(shown.width).toBeLessThanOrEqual(16 * 16);
    expect(await cell.getAttribute('title')).toBe(title);

    const scroller = row.locator('xpath=ancestor::div[contains(@class, "overflow-x-auto")][1]');
    const sideways = await scroller.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(sideways, 'pixels the ticket table scrolls sideways').toBeLessThanOrEqual(0);
  }, 60_000);
});
