import type { ApiAnswer, ApiRequest } from './api-types';
import { getJson, sendJson } from './http-client';

export type SystemOverview = ApiAnswer<'/api/system', 'get'>;
export type ReliabilityFeatures = SystemOverview['features'];
export type ServiceHealthEntry = SystemOverview['services'][number];
export type DeadLetter = ApiAnswer<'/api/system/dead-letters', 'get'>[number];
/** One OS process of `start all` on a real broker, as its supervisor reports it. */
export type ProcessEntry = NonNullable<SystemOverview['processes']>[number];

export interface DeadLetterSelection {
  service: string;
  endpoint: string;
  ids?: string[];
}

export const systemApi = {
  overview: () => getJson<SystemOverview>('/api/system'),
  updateFeatures: (change: ApiRequest<'/api/system/features', 'put'>) =>
    sendJson<unknown>('PUT', '/api/system/features', change),
  deadLetters: () => getJson<DeadLetter[]>('/api/system/dead-letters'),
  replay: (selection: DeadLetterSelection) =>
    sendJson<{ replayed: number }>('POST', '/api/system/dead-letters/replay', selection),
  purge: (selection: DeadLetterSelection) =>
    sendJson<{ purged: number }>('POST', '/api/system/dead-letters/purge', selection),
};
