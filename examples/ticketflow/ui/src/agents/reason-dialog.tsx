import { type FormEvent, useState } from 'react';
import { Button } from '../components/button';
import { Field, inputClass } from '../components/field';
import { Modal } from '../components/modal';

/** Asks for the non-empty reason (block, unblock) or resolution (resolve) the API takes in its path. */
export function ReasonDialog({
  title,
  label,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  label: string;
  confirmLabel: string;
  onConfirm: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError(`${label} is required.`);
      return;
    }
    setBusy(true);
    try {
      await onConfirm(text.trim());
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={title} onClose={onClose}>
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Field label={label} error={error}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              className={inputClass}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
