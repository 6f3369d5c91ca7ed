import { useState } from 'react';
import { communicationApi } from '../api/communication-api';
import type { Customer } from '../api/customer-identity';
import { Button } from '../components/button';
import { useLocalStorage } from '../hooks/use-local-storage';
import { MessageInbox } from '../messages/message-inbox';
import { CustomerSignIn } from './customer-sign-in';
import { InquiryDetails } from './inquiry-details';
import { InquiryForm } from './inquiry-form';
import { InquiryList } from './inquiry-list';

/** The customer area, scoped to the signed-in customer: their inquiries, their messages. */
export function CustomerArea() {
  const [customer, setCustomer] = useLocalStorage<Customer | null>('customer-storage', null);

  if (!customer) {
    return (
      <div className="mx-auto flex max-w-2xl flex-col gap-4">
        <h1 className="text-2xl font-bold">Customer</h1>
        <CustomerSignIn onSignIn={setCustomer} />
      </div>
    );
  }
  // Remounting on a change of customer drops everything loaded for the previous one.
  return <SignedInArea key={customer.email} customer={customer} onSignOut={() => setCustomer(null)} />;
}

function SignedInArea({ customer, onSignOut }: { customer: Customer; onSignOut: () => void }) {
  const [openInquiryId, setOpenInquiryId] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold">Customer</h1>
          <p className="text-sm text-slate-600">Tell us about your problem; we will keep you posted here.</p>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span className="break-all" data-testid="customer-signed-in">
              Signed in as {customer.name} &lt;{customer.email}&gt;
            </span>
            <Button small onClick={onSignOut}>
              Sign out
            </Button>
          </p>
        </div>
        <MessageInbox
          title="Your messages"
          inboxKey={`customer-inbox-${customer.email}`}
          load={(query) => communicationApi.customerMessages(customer, query)}
          mark={(id, isRead) => communicationApi.markMessage(id, isRead, customer)}
          concerns={(event) => event.recipentUserId === null}
          senderName={(senderUserId) => (senderUserId ? 'Support team' : 'TicketFlow')}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-[2fr_3fr]">
        <InquiryForm customer={customer} onSubmitted={() => setRefreshKey((key) => key + 1)} />
        <InquiryList
          customer={customer}
          refreshKey={refreshKey}
          onOpen={(inquiry) => setOpenInquiryId(inquiry.id)}
        />
      </div>
      {openInquiryId ? (
        <InquiryDetails
          customer={customer}
          inquiryId={openInquiryId}
          onClose={() => setOpenInquiryId(undefined)}
        />
      ) : null}
    </div>
  );
}
