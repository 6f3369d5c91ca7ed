/** A failed call to the TicketFlow API, carrying the server's `{ message }` so the UI can show it as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly route: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A readable sentence for any thrown value, for error notices and toasts. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
