import { useState } from 'react';
import { type Alert, communicationApi } from '../api/communication-api';
import { Badge, CountBadge } from '../components/badge';
import { Button } from '../components/button';
import { Modal } from '../components/modal';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { ToggleSwitch } from '../components/toggle-switch';
import { formatDateTime } from '../format/format-date';
import { useLocalStorage } from '../hooks/use-local-storage';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';

/** Operator alerts (new incidents, SLA breaches). The API returns the 10 newest, so the count caps there. */
export function AlertsBell() {
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useLocalStorage('alertsOnlyUnread', false);
  const unread = useResource('alerts:unread', () => communicationApi.alerts(true));
  const list = useResource(`alerts:${onlyUnread}`, () => communicationApi.alerts(onlyUnread));
  const reloadAll = () => {
    unread.reload();
    list.reload();
  };
  useLiveEvent('alert', reloadAll);
  const count = unread.data?.filter((alert) => !alert.isRead).length ?? 0;

  return (
    <>
      <Button className="relative" onClick={() => setOpen(true)} aria-label={`Alerts: ${count} unread`}>
        <BellIcon /> Alerts
        <CountBadge count={count} label={`${count} unread alerts`} />
      </Button>
      {unread.error ? <span className="sr-only">Alerts unavailable: {unread.error.message}</span> : null}
      {open ? (
        <Modal title="Alerts" side onClose={() => setOpen(false)}>
          <div className="mb-3">
            <ToggleSwitch label="Show only unread" checked={onlyUnread} onChange={setOnlyUnread} />
          </div>
          {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
          {list.loading ? <LoadingNotice what="alerts" /> : null}
          {list.data && list.data.length === 0 ? <EmptyNotice>No alerts.</EmptyNotice> : null}
          <ul className="flex flex-col gap-2" aria-label="Alert list">
            {list.data?.map((alert) => (
              <AlertItem key={alert.id} alert={alert} onChanged={reloadAll} />
            ))}
          </ul>
        </Modal>
      ) : null}
    </>
  );
}

function AlertItem({ alert, onChanged }: { alert: Alert; onChanged: () => void }) {
  const toasts = useToasts();
  const markRead = async () => {
    try {
      await communicationApi.markAlert(alert.id, true);
      onChanged();
    } catch (error) {
      toasts.failure('The alert could not be marked as read', error);
    }
  };
  return (
    <li className={`rounded-lg p-3 ring-1 ${alert.isRead ? 'ring-slate-200' : 'bg-amber-50 ring-amber-200'}`}>
      <div className="flex items-start justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={alert.type === 'SLA' ? 'red' : 'amber'}>
            {alert.type === 'SLA' ? 'SLA breached' : 'New incident'}
          </Badge>
          {alert.isRead ? null : <Badge tone="violet">New</Badge>}
          <span className="text-xs text-slate-500">{formatDateTime(alert.createdAt)}</span>
        </div>
        {alert.isRead ? null : (
          <Button small onClick={markRead}>
            Mark as read
          </Button>
        )}
      </div>
      <p className="mt-2 text-sm">{alert.message}</p>
    </li>
  );
}

function BellIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
