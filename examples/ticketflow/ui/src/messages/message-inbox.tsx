import { useState } from 'react';
import {
  communicationApi,
  type Message,
  type MessagePage,
  type MessageQuery,
} from '../api/communication-api';
import { Badge, CountBadge } from '../components/badge';
import { Button } from '../components/button';
import { Modal } from '../components/modal';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { ToggleSwitch } from '../components/toggle-switch';
import { formatDateTime } from '../format/format-date';
import { useLocalStorage } from '../hooks/use-local-storage';
import { useResource } from '../hooks/use-resource';
import type { LiveEvents } from '../live/live-events';
import { useLiveEvent } from '../live/live-feed';

const listLength = 10;

/**
 * An envelope button with the unread count that opens the message list. Customers and agents share it;
 * they differ only in which messages they load and which live events concern them.
 */
export function MessageInbox({
  title,
  inboxKey,
  load,
  mark = communicationApi.markMessage,
  concerns,
  senderName,
}: {
  title: string;
  inboxKey: string;
  load: (query: MessageQuery) => Promise<MessagePage>;
  /** Marks one message read or unread (a customer's messages need the customer). */
  mark?: (id: string, isRead: boolean) => Promise<void>;
  concerns: (event: LiveEvents['message']) => boolean;
  senderName: (senderUserId: string | null) => string;
}) {
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useLocalStorage(`${inboxKey}:showOnlyUnread`, false);
  const messages = useResource(`${inboxKey}:${onlyUnread}`, () =>
    load({ onlyUnread, page: 1, limit: listLength }),
  );
  useLiveEvent('message', (event) => concerns(event) && messages.reload());
  const unread = messages.data?.unread ?? 0;

  return (
    <>
      <Button
        className="relative"
        onClick={() => setOpen(true)}
        aria-label={`${title}: ${unread} unread`}
        data-testid={`${inboxKey}-button`}
      >
        <span aria-hidden="true">✉</span> Messages
        <CountBadge count={unread} label={`${unread} unread messages`} />
      </Button>
      {open ? (
        <Modal title={title} side onClose={() => setOpen(false)}>
          <div className="mb-3 flex items-center justify-between">
            <ToggleSwitch label="Show only unread" checked={onlyUnread} onChange={setOnlyUnread} />
            <span className="text-xs text-slate-500">{unread} unread</span>
          </div>
          {messages.error ? <ErrorNotice error={messages.error} onRetry={messages.reload} /> : null}
          {messages.loading ? <LoadingNotice what="messages" /> : null}
          {messages.data && messages.data.data.length === 0 ? (
            <EmptyNotice>{onlyUnread ? 'No unread messages.' : 'No messages yet.'}</EmptyNotice>
          ) : null}
          <ul className="flex flex-col gap-2" aria-label="Messages">
            {messages.data?.data.map((message) => (
              <MessageItem
                key={message.id}
                message={message}
                mark={mark}
                sender={senderName(message.senderUserId)}
                onChanged={messages.reload}
              />
            ))}
          </ul>
        </Modal>
      ) : null}
    </>
  );
}

function MessageItem({
  message,
  mark,
  sender,
  onChanged,
}: {
  message: Message;
  mark: (id: string, isRead: boolean) => Promise<void>;
  sender: string;
  onChanged: () => void;
}) {
  const toasts = useToasts();
  const toggleRead = async () => {
    try {
      await mark(message.id, !message.isRead);
      onChanged();
    } catch (error) {
      toasts.failure(`Message "${message.title}" could not be updated`, error);
    }
  };
  return (
    <li
      className={`rounded-lg p-3 ring-1 ${message.isRead ? 'bg-white ring-slate-200' : 'bg-indigo-50 ring-indigo-200'}`}
      aria-label={`Message ${message.title}`}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {message.title} {message.isRead ? null : <Badge tone="violet">New</Badge>}
          </p>
          <p className="text-xs text-slate-500">
            {formatDateTime(message.timestamp)} · from {sender}
          </p>
        </div>
        <Button small onClick={toggleRead}>
          {message.isRead ? 'Mark as unread' : 'Mark as read'}
        </Button>
      </div>
      <p className="mt-2 whitespace-pre-wrap text-sm">{message.content}</p>
    </li>
  );
}
