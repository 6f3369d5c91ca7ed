import { useEffect, useState } from 'react';
import type { Customer } from '../api/customer-identity';
import { type Inquiry, inquiriesApi } from '../api/inquiries-api';
import { Badge } from '../components/badge';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { Pager } from '../components/pager';
import { formatDateTime } from '../format/format-date';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';
import { inquiryStatusLook } from './inquiry-labels';

const pageSize = 10;

export function InquiryList({
  customer,
  onOpen,
  refreshKey,
}: {
  customer: Customer;
  onOpen: (inquiry: Inquiry) => void;
  refreshKey: number;
}) {
  const [page, setPage] = useState(1);
  const inquiries = useResource(`inquiries:${customer.email}:${page}`, () =>
    inquiriesApi.list(customer, page, pageSize),
  );
  useLiveEvent('inquiry', inquiries.reload);
  // A new submission shows at once, without waiting for its live event.
  useEffect(() => {
    if (refreshKey > 0) inquiries.reload();
  }, [refreshKey, inquiries.reload]);

  return (
    <Card
      title="My inquiries"
      actions={
        <Button small onClick={inquiries.reload}>
          Refresh
        </Button>
      }
    >
      {inquiries.error ? <ErrorNotice error={inquiries.error} onRetry={inquiries.reload} /> : null}
      {inquiries.loading ? <LoadingNotice what="inquiries" /> : null}
      {inquiries.data && inquiries.data.data.length === 0 ? (
        <EmptyNotice>No inquiries yet. Submit the first one with the form.</EmptyNotice>
      ) : null}
      {inquiries.data && inquiries.data.data.length > 0 ? (
        <>
          <ul className="divide-y divide-slate-100" aria-label="Inquiries">
            {inquiries.data.data.map((inquiry) => (
              <InquiryRow key={inquiry.id} inquiry={inquiry} onOpen={onOpen} />
            ))}
          </ul>
          <Pager page={page} pageSize={pageSize} totalCount={inquiries.data.totalCount} onPage={setPage} />
        </>
      ) : null}
    </Card>
  );
}

function InquiryRow({ inquiry, onOpen }: { inquiry: Inquiry; onOpen: (inquiry: Inquiry) => void }) {
  const status = inquiryStatusLook(inquiry.status);
  return (
    <li>
      <button
        type="button"
        className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-2 text-left hover:bg-slate-50"
        onClick={() => onOpen(inquiry)}
        aria-label={`Inquiry ${inquiry.title}`}
      >
        <span className="min-w-0 flex-1 truncate text-sm">
          <span className="text-slate-500">[{inquiry.category}]</span> {inquiry.title}
        </span>
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="w-36 text-right text-xs text-slate-500">{formatDateTime(inquiry.createdAt)}</span>
      </button>
    </li>
  );
}
