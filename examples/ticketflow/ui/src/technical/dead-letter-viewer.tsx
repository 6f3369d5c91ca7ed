import { useState } from 'react';
import { type DeadLetter, systemApi } from '../api/system-api';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { formatDateTime } from '../format/format-date';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';

interface EndpointGroup {
  service: string;
  endpoint: string;
  letters: DeadLetter[];
}

/** Dead letters by endpoint, with replay (back to the endpoint) and purge (gone for good, asked twice). */
export function DeadLetterViewer() {
  const letters = useResource('dead-letters', systemApi.deadLetters);
  useLiveEvent('dead-letter', letters.reload);
  const groups = groupByEndpoint(letters.data ?? []);

  return (
    <Card
      title="Dead-letter queue"
      actions={
        <Button small onClick={letters.reload}>
          Refresh
        </Button>
      }
    >
      {letters.error ? <ErrorNotice error={letters.error} onRetry={letters.reload} /> : null}
      {letters.loading ? <LoadingNotice what="dead letters" /> : null}
      {letters.data && letters.data.length === 0 ? (
        <EmptyNotice>No dead letters: every message was handled.</EmptyNotice>
      ) : null}
      <div className="flex flex-col gap-4">
        {groups.map((group) => (
          <EndpointDeadLetters
            key={`${group.service}/${group.endpoint}`}
            group={group}
            onChanged={letters.reload}
          />
        ))}
      </div>
    </Card>
  );
}

function EndpointDeadLetters({ group, onChanged }: { group: EndpointGroup; onChanged: () => void }) {
  const toasts = useToasts();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmPurge, setConfirmPurge] = useState(false);
  const where = `${group.service} / ${group.endpoint}`;
  const ids = selected.size > 0 ? [...selected] : undefined;
  const scope = ids ? `${ids.length} selected` : 'all';

  const replay = async () => {
    try {
      const { replayed } = await systemApi.replay({ service: group.service, endpoint: group.endpoint, ids });
      toasts.success(`Replayed ${replayed} message(s) to ${where}.`);
      setSelected(new Set());
      onChanged();
    } catch (error) {
      toasts.failure(`Replay to ${where} failed`, error);
    }
  };

  const purge = async () => {
    setConfirmPurge(false);
    try {
      const { purged } = await systemApi.purge({ service: group.service, endpoint: group.endpoint, ids });
      toasts.success(`Purged ${purged} dead letter(s) of ${where}.`);
      setSelected(new Set());
      onChanged();
    } catch (error) {
      toasts.failure(`Purge of ${where} failed`, error);
    }
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section aria-label={`Dead letters of ${where}`} className="rounded-lg ring-1 ring-slate-200">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <h3 className="text-sm font-semibold">
          {where} <span className="font-normal text-slate-500">({group.letters.length})</span>
        </h3>
        <div className="flex flex-wrap gap-2">
          <Button small variant="primary" onClick={replay}>
            Replay {scope}
          </Button>
          {confirmPurge ? (
            <>
              <Button small variant="danger" onClick={purge}>
                Confirm purge of {scope}
              </Button>
              <Button small onClick={() => setConfirmPurge(false)}>
                Keep them
              </Button>
            </>
          ) : (
            <Button small onClick={() => setConfirmPurge(true)}>
              Purge {scope}
            </Button>
          )}
        </div>
      </header>
      <ul className="divide-y divide-slate-100">
        {group.letters.map((letter) => (
          <DeadLetterItem
            key={letter.messageId}
            letter={letter}
            selected={selected.has(letter.messageId)}
            onSelect={(on) => toggle(letter.messageId, on)}
          />
        ))}
      </ul>
    </section>
  );
}

function DeadLetterItem({
  letter,
  selected,
  onSelect,
}: {
  letter: DeadLetter;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const failure = letter.failure;
  return (
    <li className="flex gap-3 px-3 py-2 text-sm" aria-label={`Dead letter ${letter.type}`}>
      <input
        type="checkbox"
        className="mt-1"
        checked={selected}
        onChange={(event) => onSelect(event.target.checked)}
        aria-label={`Select ${letter.type} ${letter.messageId}`}
      />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium">{letter.type}</span>
          <span className="break-all font-mono text-xs text-slate-500">{letter.messageId}</span>
        </p>
        <p className="text-rose-700">
          {failure?.reason ? `${failure.reason}: ` : ''}
          {failure?.message ?? 'no failure recorded'}
        </p>
        <p className="text-xs text-slate-500">
          {failure?.attempts !== undefined ? `${failure.attempts} attempt(s) · ` : ''}
          {formatDateTime(failure?.at)}
        </p>
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-indigo-700">Body</summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">
            {JSON.stringify(letter.body, null, 2)}
          </pre>
        </details>
      </div>
    </li>
  );
}

function groupByEndpoint(letters: DeadLetter[]): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  for (const letter of letters) {
    const key = `${letter.service}\u0000${letter.endpoint}`;
    const group = groups.get(key) ?? { service: letter.service, endpoint: letter.endpoint, letters: [] };
    group.letters.push(letter);
    groups.set(key, group);
  }
  return [...groups.values()];
}
