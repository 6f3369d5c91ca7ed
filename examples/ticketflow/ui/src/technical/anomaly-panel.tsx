import { type FormEvent, useState } from 'react';
import { type AnomalyParams, anomaliesApi } from '../api/anomalies-api';
import { Badge } from '../components/badge';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Field, inputClass } from '../components/field';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { useResource } from '../hooks/use-resource';
import type { AnomalyTypeInfo } from './anomaly-catalog';

interface Draft {
  anomalyType: string;
  messageType: string;
  delayInMs: string;
  statusFilter: string;
  probability: string;
}

/** Enable and disable fault injection for one service; every instance of the service applies it. */
export function AnomalyPanel({
  service,
  anomalyTypes,
  messageTypes,
}: {
  service: string;
  anomalyTypes: AnomalyTypeInfo[];
  messageTypes: string[];
}) {
  const toasts = useToasts();
  const active = useResource(`anomalies:${service}`, () => anomaliesApi.list(service));
  const [draft, setDraft] = useState<Draft>({
    anomalyType: (anomalyTypes.find((type) => !type.unavailable) ?? anomalyTypes[0])?.name ?? '',
    messageType: messageTypes[0] ?? '',
    delayInMs: '',
    statusFilter: '',
    probability: '',
  });
  const [error, setError] = useState<string>();
  const selected = anomalyTypes.find((type) => type.name === draft.anomalyType);
  const takes = (param: string) => selected?.params.some((name) => name === param) ?? false;
  const set = (key: keyof Draft) => (value: string) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    setError(undefined);
  };

  const enable = async (event: FormEvent) => {
    event.preventDefault();
    const params = toParams(draft, takes);
    if (typeof params === 'string') {
      setError(params);
      return;
    }
    try {
      await anomaliesApi.enable(service, {
        anomalyType: draft.anomalyType,
        messageType: draft.messageType,
        params,
      });
      toasts.success(`Anomaly ${draft.anomalyType} enabled on ${service} for ${draft.messageType}.`);
      active.reload();
    } catch (failure) {
      toasts.failure(`The anomaly could not be enabled on ${service}`, failure);
    }
  };

  const disable = async (anomalyType: string, messageType: string) => {
    try {
      await anomaliesApi.disable(service, anomalyType, messageType);
      toasts.success(`Anomaly ${anomalyType} disabled on ${service} for ${messageType}.`);
      active.reload();
    } catch (failure) {
      toasts.failure(`The anomaly could not be disabled on ${service}`, failure);
    }
  };

  return (
    <Card title={`Service ${service}`}>
      <form className="flex flex-col gap-3" onSubmit={enable} aria-label={`Anomalies of ${service}`}>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Anomaly"
            hint={selected?.unavailable ? `Unavailable here. ${selected.unavailable}` : selected?.description}
          >
            {(control) => (
              <select
                {...control}
                className={inputClass}
                value={draft.anomalyType}
                onChange={(e) => set('anomalyType')(e.target.value)}
              >
                {anomalyTypes.map((type) => (
                  // Greyed out with the reason; still listed, so the catalogue is complete.
                  <option
                    key={type.name}
                    value={type.name}
                    disabled={Boolean(type.unavailable)}
                    title={type.unavailable}
                  >
                    {type.unavailable ? `${type.name} (unavailable: ${type.unavailable})` : type.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Message type">
            {(control) => (
              <select
                {...control}
                className={inputClass}
                value={draft.messageType}
                onChange={(e) => set('messageType')(e.target.value)}
              >
                {messageTypes.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Delay (ms)">
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                className={inputClass}
                disabled={!takes('delayInMs')}
                value={draft.delayInMs}
                onChange={(e) => set('delayInMs')(e.target.value)}
              />
            )}
          </Field>
          <Field label="Status filter">
            {(control) => (
              <input
                {...control}
                className={inputClass}
                disabled={!takes('statusFilter')}
                value={draft.statusFilter}
                onChange={(e) => set('statusFilter')(e.target.value)}
              />
            )}
          </Field>
          <Field label="Probability (0–1)">
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                max={1}
                step={0.1}
                className={inputClass}
                disabled={!takes('probability')}
                value={draft.probability}
                onChange={(e) => set('probability')(e.target.value)}
              />
            )}
          </Field>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end">
          <Button
            type="submit"
            variant="danger"
            disabled={!draft.anomalyType || !draft.messageType || Boolean(selected?.unavailable)}
            title={selected?.unavailable}
          >
            Enable anomaly
          </Button>
        </div>
      </form>
      <h3 className="mt-4 mb-2 text-sm font-semibold">Active anomalies</h3>
      {active.error ? <ErrorNotice error={active.error} onRetry={active.reload} /> : null}
      {active.loading ? <LoadingNotice what="anomalies" /> : null}
      {active.data && active.data.length === 0 ? <EmptyNotice>No anomalies enabled.</EmptyNotice> : null}
      <ul className="flex flex-col gap-2" aria-label={`Active anomalies of ${service}`}>
        {active.data?.map((anomaly) => (
          <li
            key={anomaly.id ?? `${anomaly.anomalyType}-${anomaly.messageType}`}
            className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-rose-50 px-2 py-1.5 text-sm ring-1 ring-rose-200"
          >
            <span className="flex flex-wrap items-center gap-2">
              <Badge tone="red">{anomaly.anomalyType}</Badge>
              <span>{anomaly.messageType}</span>
              <span className="text-xs text-slate-500">{describeParams(anomaly.params)}</span>
            </span>
            <Button small onClick={() => disable(anomaly.anomalyType, anomaly.messageType)}>
              Disable
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The parameters to send, or the reason they are invalid. */
function toParams(draft: Draft, takes: (param: string) => boolean): AnomalyParams | string {
  const params: AnomalyParams = {};
  if (takes('delayInMs')) {
    const delay = Number(draft.delayInMs);
    if (draft.delayInMs === '' || !Number.isInteger(delay) || delay < 0) {
      return 'A delay anomaly needs a delay in whole milliseconds (0 or more).';
    }
    params.delayInMs = delay;
  }
  if (takes('statusFilter') && draft.statusFilter.trim()) params.statusFilter = draft.statusFilter.trim();
  if (takes('probability') && draft.probability !== '') {
    const probability = Number(draft.probability);
    if (!(probability > 0 && probability <= 1)) return 'The probability must be above 0 and at most 1.';
    params.probability = probability;
  }
  return params;
}

function describeParams(params: AnomalyParams | null): string {
  if (!params) return '';
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
}
