import { type FormEvent, useState } from 'react';
import { inquiriesApi } from '../api/inquiries-api';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Field, inputClass } from '../components/field';
import { useToasts } from '../components/toasts';
import {
  type InquiryErrors,
  type InquiryForm as InquiryFormValues,
  inquiryCategories,
  trimInquiry,
  validateInquiry,
} from './inquiry-validation';

const emptyForm: InquiryFormValues = {
  title: '',
  name: '',
  email: '',
  description: '',
  category: 'technical',
};

export function InquiryForm({ onSubmitted }: { onSubmitted: (id: string) => void }) {
  const toasts = useToasts();
  const [form, setForm] = useState(emptyForm);
  const [errors, setErrors] = useState<InquiryErrors>({});
  const [sending, setSending] = useState(false);

  const change = (field: keyof InquiryFormValues) => (value: string) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateInquiry(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    try {
      const { id } = await inquiriesApi.submit(trimInquiry(form));
      toasts.success('Your inquiry has been submitted.');
      setForm(emptyForm);
      onSubmitted(id);
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
          <Field label="Name" error={errors.name}>
            {(control) => (
              <input
                {...control}
                className={inputClass}
                autoComplete="name"
                value={form.name}
                onChange={(e) => change('name')(e.target.value)}
              />
            )}
          </Field>
          <Field label="E-mail" error={errors.email}>
            {(control) => (
              <input
                {...control}
                type="email"
                className={inputClass}
                autoComplete="email"
                value={form.email}
                onChange={(e) => change('email')(e.target.value)}
              />
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
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={sending}>
            {sending ? 'Submitting…' : 'Submit inquiry'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
