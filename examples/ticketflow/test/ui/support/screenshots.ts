import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Screenshots go to test-results/screenshots (gitignored). With UPDATE_SCREENSHOTS=1 the README's ones are also
 * copied to docs/images, so an ordinary test run never changes committed files.
 */
export function screenshotTaker(repoRoot: string) {
  const resultsDir = join(repoRoot, 'test-results', 'screenshots');
  const docsDir = join(repoRoot, 'docs', 'images');
  mkdirSync(resultsDir, { recursive: true });
  return {
    async take(page: Page, name: string): Promise<string> {
      await dismissToasts(page);
      const path = join(resultsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    publish(name: string): void {
      if (process.env.UPDATE_SCREENSHOTS !== '1') return;
      mkdirSync(docsDir, { recursive: true });
      copyFileSync(join(resultsDir, `${name}.png`), join(docsDir, `${name}.png`));
    },
  };
}

/** Confirmations of earlier steps would cover the screen in the pictures. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}
