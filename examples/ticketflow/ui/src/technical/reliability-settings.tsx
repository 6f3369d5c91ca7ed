import { useEffect, useState } from 'react';
import type { ReliabilityFeatures, ReliabilityProfile, SystemOverview } from '../api/system-api';
import { systemApi } from '../api/system-api';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { controlClass } from '../components/field';
import { useToasts } from '../components/toasts';
import { ToggleSwitch } from '../components/toggle-switch';

const featureLabels: Record<keyof ReliabilityFeatures, { label: string; protects: string }> = {
  outbox: { label: 'Outbox', protects: 'no lost or phantom messages when a transaction fails' },
  inbox: { label: 'Inbox (deduplication)', protects: 'a redelivered message is handled once' },
  retries: { label: 'Retries and dead-letter queue', protects: 'no poison loops, failures are kept' },
  orderingGuard: { label: 'Ordering guard', protects: 'an old event never overwrites a newer state' },
  partitioning: { label: 'Partitioning', protects: "one ticket's events are handled in order" },
};

const profileFeatures: Record<ReliabilityProfile, ReliabilityFeatures> = {
  reliable: { outbox: true, inbox: true, retries: true, orderingGuard: true, partitioning: true },
  naive: { outbox: false, inbox: false, retries: false, orderingGuard: false, partitioning: false },
};

export function ReliabilitySettings({
  overview,
  onApplied,
}: {
  overview: SystemOverview;
  onApplied: () => void;
}) {
  const toasts = useToasts();
  const [profile, setProfile] = useState(overview.profile);
  const [features, setFeatures] = useState(overview.features);
  const [applying, setApplying] = useState(false);
  useEffect(() => {
    setProfile(overview.profile);
    setFeatures(overview.features);
  }, [overview]);

  const apply = async () => {
    setApplying(true);
    try {
      await systemApi.updateFeatures({ profile, features });
      toasts.success('Reliability settings applied; the services restarted with them.');
      onApplied();
    } catch (error) {
      toasts.failure('The reliability settings could not be applied', error);
      // The services run with the previous settings again: show what is really in force.
      onApplied();
    } finally {
      setApplying(false);
    }
  };

  return (
    <Card title="Reliability profile">
      <div className="flex flex-col gap-3">
        <label className="flex items-center gap-2 text-sm">
          Profile
          <select
            className={controlClass}
            value={profile}
            onChange={(event) => {
              const next = event.target.value as ReliabilityProfile;
              setProfile(next);
              setFeatures(profileFeatures[next]);
            }}
          >
            <option value="reliable">reliable — every protection on</option>
            <option value="naive">naive — everything off</option>
          </select>
        </label>
        <ul className="flex flex-col gap-2">
          {(Object.keys(featureLabels) as (keyof ReliabilityFeatures)[]).map((feature) => (
            <li key={feature} className="flex flex-col">
              <ToggleSwitch
                label={featureLabels[feature].label}
                checked={Boolean(features[feature])}
                onChange={(checked) => setFeatures((previous) => ({ ...previous, [feature]: checked }))}
              />
              <span className="pl-11 text-xs text-slate-500">{featureLabels[feature].protects}</span>
            </li>
          ))}
        </ul>
        <div className="flex justify-end">
          <Button variant="primary" onClick={apply} disabled={applying}>
            {applying ? 'Applying…' : 'Apply'}
          </Button>
        </div>
      </div>
    </Card>
  );
}
