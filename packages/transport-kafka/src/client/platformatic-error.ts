/** The @platformatic/kafka error `error` is, or one it aggregates, whose `key` is `value`; null if there is none. */
export function findInError(error: unknown, key: string, value: unknown): unknown {
  const findBy = (error as { findBy?: (key: string, value: unknown) => unknown } | null)?.findBy;
  return typeof findBy === 'function' ? (findBy.call(error, key, value) ?? null) : null;
}

/** Whether a library error (or one it aggregates) is the Kafka protocol error `id`. */
export function hasProtocolError(error: unknown, id: string): boolean {
  return findInError(error, 'apiId', id) !== null;
}
