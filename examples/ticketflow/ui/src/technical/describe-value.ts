/** Shows loosely specified API values (transport, database, health) as short text without leaking secrets. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'string') return redactCredentials(value);
  if (typeof value === 'boolean') return value ? 'Healthy' : 'Unhealthy';
  if (typeof value === 'number') return String(value);
  const record = value as Record<string, unknown>;
  for (const key of ['status', 'name', 'kind', 'type']) {
    if (typeof record[key] === 'string') return redactCredentials(record[key] as string);
  }
  return redactCredentials(JSON.stringify(value));
}

/** Removes `user:password@` from any URL inside the text. */
export function redactCredentials(text: string): string {
  return text.replace(/(\/\/)[^/\s@]+@/g, '$1***@');
}

export function healthTone(value: unknown): 'green' | 'red' | 'slate' {
  const text = describeValue(value).toLowerCase();
  if (/healthy|^ok$|^up$|ready/.test(text) && !/unhealthy/.test(text)) return 'green';
  if (/error|unhealthy|down|fail/.test(text)) return 'red';
  return 'slate';
}
