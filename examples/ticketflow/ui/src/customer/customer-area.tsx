import { useState } from 'react';
import { communicationApi } from '../api/communication-api';
import { MessageInbox } from '../messages/message-inbox';
import { InquiryDetails } from './inquiry-details';
import { InquiryForm } from './inquiry-form';
import { InquiryList } from './inquiry-list';

const customerMessages = communicationApi.customerMessages;

export function CustomerArea() {
  const [openInquiryId, setOpenInquiryId] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Customer</h1>
          <p className="text-sm text-slate-600">Tell us about your problem; we will keep you posted here.</p>
        </div>
        <MessageInbox
          title="Your messages"
          inboxKey="customer-inbox"
          load={customerMessages}
          concerns={(event) => event.recipentUserId === null}
          senderName={(senderUserId) => (senderUserId ? 'Support team' : 'TicketFlow')}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-[2fr_3fr]">
        <InquiryForm onSubmitted={() => setRefreshKey((key) => key + 1)} />
        <InquiryList refreshKey={refreshKey} onOpen={(inquiry) => setOpenInquiryId(inquiry.id)} />
      </div>
      {openInquiryId ? (
        <InquiryDetails inquiryId={openInquiryId} onClose={() => setOpenInquiryId(undefined)} />
      ) : null}
    </div>
  );
}
