import { type FormEvent, useState } from 'react';
import type { SeverityLevel, TicketType } from '../api/tickets-api';
import { Button } from '../components/button';
import { Field, inputClass } from '../components/field';
import { Modal } from '../components/modal';
import { severityLevels } from './ticket-labels';

export function QualifyDialog({
  onConfirm,
  onClose,
}: {
  onConfirm: (type: TicketType, severity: SeverityLevel) => Promise<void>;
  onClose: () => void;
}) {
  const [type, setType] = useState<TicketType>('Question');
  const [severity, setSeverity] = useState<SeverityLevel>('Low');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onConfirm(type, severity);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Qualify ticket" onClose={onClose}>
      <form className="flex flex-col gap-4" onSubmit={submit}>
        <Field label="Type" hint="An incident raises an alert for the operators.">
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={type}
              onChange={(event) => setType(event.target.value as TicketType)}
            >
              <option value="Question">Question</option>
              <option value="Incident">Incident</option>
            </select>
          )}
        </Field>
        <Field label="Severity" hint="Sets the SLA deadline together with the customer's signed SLA.">
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={severity}
              onChange={(event) => setSeverity(event.target.value as SeverityLevel)}
            >
              {severityLevels.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            Qualify
          </Button>
        </div>
      </form>
    </Modal>
  );
}
