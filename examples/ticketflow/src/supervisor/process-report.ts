import type { ServiceName } from '../config/ticketflow-config.js';

/** Where a supervised process is in its life. `crashed`: it ended while nobody asked it to stop. */
export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';

/** One OS process of a distributed TicketFlow, as the supervisor sees it (shown in the technical area). */
export interface ProcessReport {
  /** `tickets#2`, `web`: the prefix of its log lines. */
  readonly label: string;
  readonly role: ServiceName | 'web';
  /** 1-based instance number among the processes of the same role. */
  readonly instance: number;
  readonly pid: number | undefined;
  readonly url: string;
  readonly state: ProcessState;
  /** How it ended, when it did. */
  readonly exit?: { readonly code: number | null; readonly signal: string | null; readonly at: string };
}

/** The message the supervisor sends the web process over IPC whenever a process changes state. */
export interface ProcessTableMessage {
  readonly kind: 'ticketflow-processes';
  readonly processes: readonly ProcessReport[];
}

export function isProcessTableMessage(value: unknown): value is ProcessTableMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'ticketflow-processes' &&
    Array.isArray((value as { processes?: unknown }).processes)
  );
}
