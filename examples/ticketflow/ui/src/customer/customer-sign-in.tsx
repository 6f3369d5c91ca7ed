import { type FormEvent, useState } from 'react';
import type { Customer } from '../api/customer-identity';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Field, inputClass } from '../components/field';
import { validateCustomer } from './inquiry-validation';
import { NameField } from './name-field';

/**
 * "Who are you?": the customer area shows a customer their own inquiries and messages only, found by the e-mail
 * they submit with. There is no password (as in the agents area, which only asks who you work as).
 */
export function CustomerSignIn({ onSignIn }: { onSignIn: (customer: Customer) => void }) {
  const [customer, setCustomer] = useState<Customer>({ name: '', email: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof Customer, string>>>({});
  const change = (field: keyof Customer) => (value: string) => {
    setCustomer((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateCustomer(customer);
    setErrors(found);
    if (Object.keys(found).length === 0) {
      onSignIn({ name: customer.name.trim(), email: customer.email.trim().toLowerCase() });
    }
  };

  return (
    <Card title="Who are you?">
      <form className="flex flex-col gap-3" onSubmit={submit} noValidate aria-label="Customer sign-in">
        <p className="text-sm text-slate-600">
          Enter the e-mail address you write to us from: you will see your inquiries and our messages to it.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <NameField value={customer.name} error={errors.name} onChange={change('name')} />
          <Field label="E-mail" error={errors.email}>
            {(control) => (
              <input
                {...control}
                type="email"
                className={inputClass}
                autoComplete="email"
                value={customer.email}
                onChange={(e) => change('email')(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" variant="primary">
            Continue
          </Button>
        </div>
      </form>
    </Card>
  );
}
