/** A service could not start (with the reliability features being applied): names the service and the cause. */
export class ServiceStartError extends Error {
  constructor(
    readonly service: string,
    cause: unknown,
  ) {
    super(`Service ${service} could not start: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'ServiceStartError';
  }
}
