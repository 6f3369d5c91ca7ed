import { getJson, sendJson } from './http-client';

export interface CompareResult {
  transport: string;
  scenario: string;
  profile: 'reliable' | 'naive';
  skipped?: string;
  inquiriesAccepted: number;
  ticketsCreated: number;
  lost: number;
  duplicated: { alerts: number; messages: number; deadlines: number; tickets: number };
  deadLetters: { reason: string; count: number }[];
  latencyMs: { p50: number; p95: number; p99: number } | null;
  recoveryMs: number | null;
  violations: string[];
}

export interface CompareReport {
  startedAt: string;
  seed: number;
  inquiries: number;
  transports: string[];
  scenarios: string[];
  results: CompareResult[];
}

export interface CompareOverview {
  latest: CompareReport | null;
  source: 'recorded' | 'run' | null;
  run: { running: boolean; label: string; done: number; total: number; error: string | null };
  reachable: string[];
  scenarios: { name: string; description: string }[];
}

export const compareApi = {
  overview: () => getJson<CompareOverview>('/api/compare'),
  start: (body: { transports?: string[]; scenarios?: string; inquiries?: number }) =>
    sendJson<{ started: boolean; total: number }>('POST', '/api/compare/runs', body),
};
