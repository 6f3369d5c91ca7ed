import { ServiceBusError, type ServiceBusErrorCode } from '@azure/service-bus';

/** The SDK's own error class, so code that branches on `isServiceBusError` / `code` behaves as in production. */
export function serviceBusError(code: ServiceBusErrorCode, message: string): ServiceBusError {
  return new ServiceBusError(message, code);
}

export function entityNotFound(namespace: string, path: string): ServiceBusError {
  return serviceBusError(
    'MessagingEntityNotFound',
    `The messaging entity 'sb://${namespace}/${path}' could not be found.`,
  );
}

export function lockLost(): ServiceBusError {
  return serviceBusError(
    'MessageLockLost',
    'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.',
  );
}

export function sessionLockLost(sessionId: string): ServiceBusError {
  return serviceBusError(
    'SessionLockLost',
    `The session lock has expired on the MessageSession '${sessionId}'. Accept a new MessageSession.`,
  );
}

export function communicationProblem(): ServiceBusError {
  return serviceBusError(
    'ServiceCommunicationProblem',
    'The connection to Service Bus was lost (simulated by the double).',
  );
}

export function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

/**
 * The administration client speaks HTTP (ATOM); it throws RestError with the HTTP status and Service Bus's
 * error code, e.g. 409 `MessageEntityAlreadyExistsError`, 404 `MessageEntityNotFoundError`.
 */
export function restError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code });
}
