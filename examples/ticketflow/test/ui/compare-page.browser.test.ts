import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedInBrowser, embeddedInBrowser, repoRoot } from './support/embedded-in-browser';
import { chromiumAvailable } from './support/headless-chromium';
import { screenshotTaker } from './support/screenshots';
import { waitFor } from './support/wait-for';

/**
 * The Compare page of the technical area in a real headless Chromium: a short compare run started from the page
 * on the brokers this TicketFlow reaches (here the in-memory transport), its results shown as they come back.
 */
describe.runIf(chromiumAvailable())('the Compare page of the technical area', () => {
  let embedded: EmbeddedInBrowser;
  const screenshots = screenshotTaker(repoRoot);

  beforeAll(async () => {
    embedded = await embeddedInBrowser();
  }, 180_000);

  afterAll(async () => {
    await embedded?.close();
  });

  it('runs the short compare on the reachable brokers and shows reliable clean, naive with the duplicates it invites', async () => {
    const { page, app } = embedded;
    await page.goto(`${app.url}/technical`);
    const card = page.getByRole('region', { name: 'Compare brokers' });
    const run = card.getByRole('button', { name: 'Run short compare on memory' });
    await waitFor(run, 'the run button, offering only the reachable in-memory transport');
    await run.click();
    await waitFor(card.getByRole('status').filter({ hasText: /Running \d+\/6/ }), 'the progress of the run');
    await waitFor(card.getByText(/^Run from this page of/), 'the finished run', { timeoutMs: 150_000 });

    const row = (name: string) => card.getByRole('row', { name });
    expect(await row('steady on memory, reliable').textContent()).toMatch(/steadymemoryreliable4400.*ok$/);
    expect(await row('duplicate-delivery on memory, reliable').textContent()).toMatch(/ok$/);
    expect(await row('duplicate-delivery on memory, naive').textContent()).toContain('violations (expected)');
    expect(await row('consumer-kill on memory, reliable').textContent()).toContain('skipped');
    await card.scrollIntoViewIfNeeded();
    await screenshots.take(page, 'technical-compare');
  }, 180_000);
});
