import type { ApiAnswer } from './api-types';
import { getJson, segment, sendJson } from './http-client';

export type ActiveAnomaly = ApiAnswer<'/api/tickets/anomalies', 'get'>[number];
export type AnomalyParams = ActiveAnomaly['params'];
/** The typed anomaly catalogue, from the server's schema (src/runtime/anomaly-catalog.ts). */
export type AnomalyTypeEntry = ApiAnswer<'/api/system/anomaly-types', 'get'>[number];
export type AnomalyParamName = AnomalyTypeEntry['params'][number];
export type MessageTypeEntry = ApiAnswer<'/api/system/message-types', 'get'>[number];

export interface AnomalyRequest {
  anomalyType: string;
  messageType: string;
  params: AnomalyParams;
}

const anomaliesPath = (service: string) => `/api/${segment(service)}/anomalies`;

export const anomaliesApi = {
  list: (service: string) => getJson<ActiveAnomaly[]>(anomaliesPath(service)),
  enable: (service: string, request: AnomalyRequest) =>
    sendJson<{ id: string }>('POST', anomaliesPath(service), request),
  disable: (service: string, anomalyType: string, messageType: string) =>
    sendJson<void>(
      'DELETE',
      `${anomaliesPath(service)}/${segment(anomalyType)}/messages/${segment(messageType)}`,
    ),
  types: () => getJson<AnomalyTypeEntry[]>('/api/system/anomaly-types'),
  messageTypes: () => getJson<MessageTypeEntry[]>('/api/system/message-types'),
};
