import { type ReactNode, useId } from 'react';

/** A labelled form control with its validation message; the control gets the id and aria props it needs. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (control: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error ?? hint;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': message ? messageId : undefined })}
      {message ? (
        <p id={messageId} className={`text-xs ${error ? 'text-rose-700' : 'text-slate-500'}`}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** Form control look without a width, for controls that sit inline (filters, settings). */
export const controlClass =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-rose-500 disabled:bg-slate-100';

export const inputClass = `w-full ${controlClass}`;
