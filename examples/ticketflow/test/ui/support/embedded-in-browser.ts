import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import {
  type RunningTicketFlow,
  type StartTicketFlowOptions,
  startTicketFlow,
} from '../../../src/embedded.js';
import { ensureUiBuilt } from '../../../src/web/ensure-ui-built.js';
import { type HeadlessBrowser, launchChromium } from './headless-chromium';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../ui');
/** The repository root (screenshots go under it). */
export const repoRoot = resolve(uiDir, '../../..');

export interface EmbeddedInBrowser {
  readonly app: RunningTicketFlow;
  readonly browser: HeadlessBrowser;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * The embedded TicketFlow (in-memory transport, PGlite in memory, the current UI build) and a fresh headless
 * Chromium page on it, browser errors echoed to the test log.
 */
export async function embeddedInBrowser(options: StartTicketFlowOptions = {}): Promise<EmbeddedInBrowser> {
  await ensureUiBuilt(uiDir);
  const app = await startTicketFlow({
    port: 0,
    dataDir: undefined,
    databaseUrl: undefined,
    uiDir: join(uiDir, 'dist'),
    logLevel: 'silent',
    ...options,
  });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] uncaught: ${error.message}`));
  return {
    app,
    browser,
    page,
    close: async () => {
      await browser.close();
      await app.stop();
    },
  };
}
