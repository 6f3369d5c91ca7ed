/** A dead letter as the web's `GET /api/system/dead-letters` lists it: its type and the failure that put it there. */
export interface DeadLetterSummary {
  readonly type: string;
  readonly failure: { readonly reason?: string; readonly message?: string } | null;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const LONGEST_MESSAGE = 120;

/**
 * Why a message was dead-lettered, as the compare report counts it: the error class alone ("Error") says nothing,
 * its message does. Ids are blanked, so the same failure of several messages is one reason.
 */
export function deadLetterReason(letter: DeadLetterSummary): string {
  const { failure } = letter;
  if (!failure?.reason) return `${letter.type}: unknown`;
  const message = failure.message?.replace(UUID, '…').slice(0, LONGEST_MESSAGE);
  return `${letter.type}: ${message ? `${failure.reason}: ${message}` : failure.reason}`;
}
