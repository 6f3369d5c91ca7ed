/** A mistake of the CLI's user (a missing module, a wrong export): printed as its message alone, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
