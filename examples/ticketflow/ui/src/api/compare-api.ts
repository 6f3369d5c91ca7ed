import type { ApiAnswer, ApiRequest } from './api-types';
import { getJson, sendJson } from './http-client';

export type CompareOverview = ApiAnswer<'/api/compare', 'get'>;
type CompareReport = NonNullable<CompareOverview['latest']>;
export type CompareResult = CompareReport['results'][number];
type CompareRunStarted = ApiAnswer<'/api/compare/runs', 'post'>;

export const compareApi = {
  overview: () => getJson<CompareOverview>('/api/compare'),
  start: (body: ApiRequest<'/api/compare/runs', 'post'>) =>
    sendJson<CompareRunStarted>('POST', '/api/compare/runs', body),
};
