// Builds the web UI (Vite) when its bundle is missing or older than its sources: `npm start` then serves a UI
// on a fresh clone without a separate build step, and the browser tests always test the current sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the SPA into ui/dist unless the build is newer than every source file. */
export async function ensureUiBuilt(
  uiDir: string,
  announce: (message: string) => void = () => {},
): Promise<void> {
  const builtIndex = join(uiDir, 'dist', 'index.html');
  const sources = [join(uiDir, 'src'), join(uiDir, 'index.html'), join(uiDir, 'vite.config.ts')];
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestChange(sources)) return;
  announce('Building the TicketFlow UI (first start, or its sources changed)…');

  const { build } = await import('vite');
  // React is bundled for production only when NODE_ENV says so, and vitest sets it to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: uiDir,
      configFile: join(uiDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

function newestChange(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stats = statSync(path);
    const mtime = stats.isDirectory()
      ? newestChange(readdirSync(path).map((name) => join(path, name)))
      : stats.mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}
