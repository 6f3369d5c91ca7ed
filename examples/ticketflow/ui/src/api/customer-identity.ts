/** Who uses the customer area: remembered in the browser, sent with every customer request. */
export interface Customer {
  name: string;
  email: string;
}

/**
 * The API hands a customer's inquiries, messages and ticket comments only to requests that name the customer
 * (TicketFlow has no authentication; the agents area only asks who you work as).
 */
export function customerHeaders(customer: Customer): Record<string, string> {
  return { 'x-customer-email': customer.email };
}
