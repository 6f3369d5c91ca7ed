import type { InquirySubmission } from '../api/inquiries-api';

export type InquiryForm = InquirySubmission;
export type InquiryErrors = Partial<Record<keyof InquiryForm, string>>;

export const inquiryCategories: { value: InquiryForm['category']; label: string }[] = [
  { value: 'technical', label: 'Technical' },
  { value: 'billing', label: 'Billing' },
  { value: 'other', label: 'Other' },
  { value: 'general', label: 'General' },
];

// Same shape check as the API: something@something.tld, no spaces.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who the customer is: the same rules as the inquiry's name and e-mail. */
export function validateCustomer(customer: {
  name: string;
  email: string;
}): Partial<Record<'name' | 'email', string>> {
  const errors: Partial<Record<'name' | 'email', string>> = {};
  if (customer.name.trim().length < 2) errors.name = 'The name needs at least 2 characters.';
  if (!emailPattern.test(customer.email.trim())) errors.email = 'Enter a valid e-mail address.';
  return errors;
}

/** The API's rules, checked before sending so the customer sees them next to the fields. */
export function validateInquiry(form: InquiryForm): InquiryErrors {
  const errors: InquiryErrors = validateCustomer(form);
  if (form.title.trim().length < 3) errors.title = 'The title needs at least 3 characters.';
  if (form.description.trim().length < 10)
    errors.description = 'The description needs at least 10 characters.';
  if (!inquiryCategories.some((category) => category.value === form.category)) {
    errors.category = 'Choose a category.';
  }
  return errors;
}

export function trimInquiry(form: InquiryForm): InquiryForm {
  return {
    title: form.title.trim(),
    name: form.name.trim(),
    email: form.email.trim(),
    description: form.description.trim(),
    category: form.category,
  };
}
