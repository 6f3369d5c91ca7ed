import { getJson, segment, sendJson } from './http-client';

export interface AnomalyParams {
  delayInMs?: number;
  statusFilter?: string;
  probability?: number;
}

export interface ActiveAnomaly {
  id: string;
  anomalyType: string;
  messageType: string;
  params: AnomalyParams | null;
}

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
  types: () => getJson<unknown>('/api/system/anomaly-types'),
  messageTypes: () => getJson<unknown>('/api/system/message-types'),
};
