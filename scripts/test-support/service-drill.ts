import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const servicesScript = fileURLToPath(new URL('../services.sh', import.meta.url));

/**
 * Stops a broker or database of scripts/services.sh and starts it again with its data, as an operator's restart
 * would; resolves once it answers again. For fault drills, which run alone (see vitest.config.ts).
 */
export function restartService(name: 'rabbitmq' | 'kafka' | 'postgres'): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [servicesScript, 'restart', name], { timeout: 420_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`services.sh restart ${name} failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}
