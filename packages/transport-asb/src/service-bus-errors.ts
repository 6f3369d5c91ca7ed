import { isServiceBusError } from '@azure/service-bus';

/** The administration client reports HTTP statuses; 409 means someone (maybe another instance) created it first. */
export function isAlreadyExists(error: unknown): boolean {
  return (
    statusOf(error) === 409 || (isServiceBusError(error) && error.code === 'MessagingEntityAlreadyExists')
  );
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404 || (isServiceBusError(error) && error.code === 'MessagingEntityNotFound');
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** `acceptNextSession` gives up with this when no session has messages; not a failure. */
export function isNoSessionAvailable(error: unknown): boolean {
  return (
    isServiceBusError(error) && (error.code === 'ServiceTimeout' || error.code === 'SessionCannotBeLocked')
  );
}

export function errorCodeOf(error: unknown): string {
  if (isServiceBusError(error)) return error.code;
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return 'UnknownError';
}

export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}
