/**
 * Finds a broker or database for an integration suite from an environment variable (set by
 * `scripts/services.sh`). Without it the suite is skipped with a loud notice — except in CI (`CI=true`), where a
 * skipped broker suite would hide a failure, so it throws instead.
 */
export function brokerFromEnvironment(variable: string, what: string): string | undefined {
  const value = process.env[variable]?.trim();
  if (value) return value;
  const advice = `Start it with: eval "$(bash scripts/services.sh up)" and run the tests again.`;
  if (process.env.CI === 'true') {
    throw new Error(
      `${variable} is not set, so the ${what} suite cannot run; in CI no broker suite may be skipped. ${advice}`,
    );
  }
  process.stderr.write(`\n⚠️  SKIPPING the ${what} suite: ${variable} is not set. ${advice}\n\n`);
  return undefined;
}
