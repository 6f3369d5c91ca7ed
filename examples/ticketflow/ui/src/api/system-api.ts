import { getJson, sendJson } from './http-client';

export type ReliabilityProfile = 'reliable' | 'naive';

export interface ReliabilityFeatures {
  outbox: boolean;
  inbox: boolean;
  retries: boolean;
  orderingGuard: boolean;
  partitioning: boolean;
}

export interface ServiceHealthEntry {
  name: string;
  /** The document does not fix its shape: a status word or a health report object. */
  health: unknown;
}

/** One OS process of `start all` on a real broker, as its supervisor reports it. */
export interface ProcessEntry {
  label: string;
  role: string;
  instance: number;
  pid?: number;
  url: string;
  state: 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';
  exit?: { code: number | null; signal: string | null; at: string };
}

export interface SystemOverview {
  transport: unknown;
  database: unknown;
  profile: ReliabilityProfile;
  features: ReliabilityFeatures;
  services: ServiceHealthEntry[];
  /** Empty unless TicketFlow runs as one process per service (`start all` on a real broker). */
  processes?: ProcessEntry[];
}

export interface DeadLetter {
  service: string;
  endpoint: string;
  messageId: string;
  type: string;
  failure: { reason?: string; message?: string; attempts?: number; at?: string } | null;
  body: unknown;
}

export interface DeadLetterSelection {
  service: string;
  endpoint: string;
  ids?: string[];
}

export const systemApi = {
  overview: () => getJson<SystemOverview>('/api/system'),
  updateFeatures: (change: { profile?: ReliabilityProfile; features?: Partial<ReliabilityFeatures> }) =>
    sendJson<unknown>('PUT', '/api/system/features', change),
  deadLetters: () => getJson<DeadLetter[]>('/api/system/dead-letters'),
  replay: (selection: DeadLetterSelection) =>
    sendJson<{ replayed: number }>('POST', '/api/system/dead-letters/replay', selection),
  purge: (selection: DeadLetterSelection) =>
    sendJson<{ purged: number }>('POST', '/api/system/dead-letters/purge', selection),
};
