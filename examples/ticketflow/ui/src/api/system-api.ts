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

export interface SystemOverview {
  transport: unknown;
  database: unknown;
  profile: ReliabilityProfile;
  features: ReliabilityFeatures;
  services: ServiceHealthEntry[];
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
