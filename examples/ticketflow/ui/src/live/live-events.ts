import type { MetricTick } from './metric-tick';

/** The named server-sent events of `GET /api/live` and their data. */
export interface LiveEvents {
  ticket: { id: string; status: string; version: number };
  inquiry: { id: string; status: string; ticketId: string | null };
  alert: { id: string; type: string; message: string };
  message: { id: string; recipentUserId: string | null; title: string };
  metrics: MetricTick;
  'dead-letter': { service: string; endpoint: string; messageId: string; type: string };
  /** The reliability features changed (or a change failed and the previous ones are back). */
  system: { profile: string; features: Record<string, boolean> };
}

export type LiveEventName = keyof LiveEvents;

export const liveEventNames: LiveEventName[] = [
  'ticket',
  'inquiry',
  'alert',
  'message',
  'metrics',
  'dead-letter',
  'system',
];

/** open: events flow; connecting: first attempt; reconnecting: lost, the browser or we retry by ourselves. */
export type LiveConnectionState = 'connecting' | 'open' | 'reconnecting';
