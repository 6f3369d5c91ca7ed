import { type FormEvent, useState } from 'react';
import type { Agent } from '../api/tickets-api';
import { Button } from '../components/button';
import { Field, inputClass } from '../components/field';
import { Modal } from '../components/modal';

/** Supervisors may give a ticket to anyone; agents only take it for themselves (no dialog). */
export function AssignDialog({
  agents,
  onConfirm,
  onClose,
}: {
  agents: Agent[];
  onConfirm: (agentId: string) => Promise<void>;
  onClose: () => void;
}) {
  const [agentId, setAgentId] = useState(
    () => (agents.find((a) => a.position === 'Agent') ?? agents[0])?.id ?? '',
  );
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!agentId) return;
    setBusy(true);
    try {
      await onConfirm(agentId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Assign ticket" onClose={onClose}>
      <form className="flex flex-col gap-4" onSubmit={submit}>
        <Field label="Agent">
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={agentId}
              onChange={(event) => setAgentId(event.target.value)}
            >
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.fullName} ({agent.position})
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy || !agentId}>
            Assign
          </Button>
        </div>
      </form>
    </Modal>
  );
}
