import type { Logger } from '@pragmatic-messaging/core';

export interface LogEntry {
  readonly level: keyof Logger;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps every line, so a test can check what the services report. */
export function recordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const write = (level: keyof Logger) => (fields: Record<string, unknown>, message: string) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
