import type { Customer } from '../api/customer-identity';
import { inquiriesApi } from '../api/inquiries-api';
import { Badge } from '../components/badge';
import { Modal } from '../components/modal';
import { ErrorNotice, LoadingNotice } from '../components/notices';
import { formatDateTime } from '../format/format-date';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';
import { ClientNotes } from './client-notes';
import { inquiryStatusLook } from './inquiry-labels';

export function InquiryDetails({
  customer,
  inquiryId,
  onClose,
}: {
  customer: Customer;
  inquiryId: string;
  onClose: () => void;
}) {
  const inquiry = useResource(`inquiry:${customer.email}:${inquiryId}`, () =>
    inquiriesApi.get(customer, inquiryId),
  );
  useLiveEvent('inquiry', (event) => event.id === inquiryId && inquiry.reload());
  const data = inquiry.data;

  return (
    <Modal title={data ? data.title : 'Inquiry'} onClose={onClose}>
      {inquiry.error ? <ErrorNotice error={inquiry.error} onRetry={inquiry.reload} /> : null}
      {inquiry.loading ? <LoadingNotice what="the inquiry" /> : null}
      {data ? (
        <div className="flex flex-col gap-4">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
            <dt className="text-slate-500">Category</dt>
            <dd>{data.category}</dd>
            <dt className="text-slate-500">Status</dt>
            <dd>
              <Badge tone={inquiryStatusLook(data.status).tone}>{inquiryStatusLook(data.status).label}</Badge>
            </dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatDateTime(data.createdAt)}</dd>
            <dt className="text-slate-500">Linked ticket</dt>
            <dd className="break-all font-mono text-xs" data-testid="linked-ticket">
              {data.ticketId ?? 'No linked ticket yet'}
            </dd>
            <dt className="text-slate-500">Description</dt>
            <dd className="whitespace-pre-wrap">{data.description}</dd>
          </dl>
          {data.ticketId ? (
            <ClientNotes ticketId={data.ticketId} customer={customer} />
          ) : (
            <p className="text-sm text-slate-500">
              To add a comment, the inquiry must be linked to a ticket.
            </p>
          )}
        </div>
      ) : null}
    </Modal>
  );
}
