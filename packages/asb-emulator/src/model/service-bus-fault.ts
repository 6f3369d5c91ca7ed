/** The AMQP error conditions Service Bus answers with, as the SDK maps them to its error codes. */
export const Conditions = {
  notFound: 'amqp:not-found',
  notImplemented: 'amqp:not-implemented',
  notAllowed: 'amqp:not-allowed',
  messageSizeExceeded: 'amqp:link:message-size-exceeded',
  argument: 'com.microsoft:argument-error',
  entityAlreadyExists: 'com.microsoft:entity-already-exists',
  messageLockLost: 'com.microsoft:message-lock-lost',
  sessionLockLost: 'com.microsoft:session-lock-lost',
  sessionCannotBeLocked: 'com.microsoft:session-cannot-be-locked',
  messageNotFound: 'com.microsoft:message-not-found',
  timeout: 'com.microsoft:timeout',
} as const;

export type Condition = (typeof Conditions)[keyof typeof Conditions];

/** What Service Bus refuses an operation with: an AMQP condition and a description. */
export class ServiceBusFault extends Error {
  constructor(
    readonly condition: Condition,
    description: string,
  ) {
    super(description);
    this.name = 'ServiceBusFault';
  }
}

export const entityNotFound = (path: string): ServiceBusFault =>
  new ServiceBusFault(Conditions.notFound, `The messaging entity '${path}' could not be found.`);

export const lockLost = (): ServiceBusFault =>
  new ServiceBusFault(
    Conditions.messageLockLost,
    'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.',
  );

export const sessionLockLost = (sessionId: string): ServiceBusFault =>
  new ServiceBusFault(
    Conditions.sessionLockLost,
    `The session lock has expired on the MessageSession '${sessionId}'. Accept a new MessageSession.`,
  );
