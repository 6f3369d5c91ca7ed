import { Field, inputClass } from '../components/field';

/** The customer's name, in the sign-in and in the inquiry form. */
export function NameField({
  value,
  error,
  onChange,
}: {
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label="Name" error={error}>
      {(control) => (
        <input
          {...control}
          className={inputClass}
          autoComplete="name"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
