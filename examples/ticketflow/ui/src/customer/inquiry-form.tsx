import { type FormEvent, useState } from 'react';
import type { Customer } from '../api/customer-identity';
import { inquiriesApi } from '../api/inquiries-api';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Field, inputClass } from '../components/field';
import { useToasts } from '../components/toasts';
import { ToggleSwitch } from '../components/toggle-switch';
import { useLocalStorage } from '../hooks/use-local-storage';
import {
  type InquiryErrors,
  type InquiryForm as InquiryFormValues,
  inquiryCategories,
  trimInquiry,
  validateInquiry,
} from './inquiry-validation';
import { NameField } from './name-field';

const emptyFormOf = (customer: Customer): InquiryFormValues => ({
  title: '',
  name: customer.name,
  email: customer.email,
  description: '',
  category: 'technical',
});

export function InquiryForm({
  customer,
  onSubmitted,
}: {
  customer: Customer;
  onSubmitted: (id: string) => void;
}) {
  const toasts = useToasts();
  const [form, setForm] = useState(() => emptyFormOf(customer));
  const [errors, setErrors] = useState<InquiryErrors>({});
  const [sending, setSending] = useState(false);
  // The synchronous HTTP-chain variant, kept for comparison with the asynchronous flow.
  const [synchronous, setSynchronous] = useLocalStorage('customer-submit-synchronously', false);

  const change = (field: keyof InquiryFormValues) => (value: string) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const values = { ...form, email: customer.email };
    const found = validateInquiry(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    try {
      if (synchronous) {
        const { id } = await inquiriesApi.submitSynchronously(trimInquiry(values));
        toasts.success('Your inquiry has been submitted and its ticket created (synchronously).');
        onSubmitted(id);
      } else {
        const { id } = await inquiriesApi.submit(trimInquiry(values));
        toasts.success('Your inquiry has been submitted.');
        onSubmitted(id);
      }
      setForm({ ...emptyFormOf(customer), name: form.name });
    } catch (error) {
      toasts.failure('The inquiry could not be submitted', error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title="New inquiry">
      <form className="flex flex-col gap-3" onSubmit={submit} noValidate aria-label="New inquiry">
        <Field label="Title" error={errors.title}>
          {(control) => (
            <input
              {...control}
              className={inputClass}
              value={form.title}
              onChange={(e) => change('title')(e.target.value)}
            />
          )}
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <NameField value={form.name} error={errors.name} onChange={change('name')} />
          <Field label="E-mail" error={errors.email} hint="You are signed in with it; we answer to it.">
            {(control) => (
              <input {...control} type="email" className={inputClass} value={customer.email} readOnly />
            )}
          </Field>
        </div>
        <Field label="Category" error={errors.category}>
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={form.category}
              onChange={(e) => change('category')(e.target.value)}
            >
              {inquiryCategories.map((category) => (
                <option key={category.value} value={category.value}>
                  {category.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" error={errors.description}>
          {(control) => (
            <textarea
              {...control}
              rows={4}
              className={inputClass}
              value={form.description}
              onChange={(e) => change('description')(e.target.value)}
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ToggleSwitch
            label="Submit synchronously"
            title="The HTTP-chain variant, for comparison: the request waits until Translations and Tickets answered."
            checked={synchronous}
            onChange={setSynchronous}
          />
          <Button type="submit" variant="primary" disabled={sending}>
            {sending ? 'Submitting…' : 'Submit inquiry'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
