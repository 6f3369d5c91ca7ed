import type { Ticket } from '../api/tickets-api';
import { Badge } from '../components/badge';
import { formatDateTime } from '../format/format-date';
import { formatDuration } from '../format/format-duration';
import { useNow } from '../hooks/use-now';

/** Time left until the SLA deadline, ticking every second; blocking pauses the SLA clock. */
export function DeadlineCountdown({ ticket }: { ticket: Pick<Ticket, 'deadline' | 'status'> }) {
  const now = useNow();
  if (!ticket.deadline) return <Badge>Deadline unknown</Badge>;
  const deadline = new Date(ticket.deadline).getTime();
  if (Number.isNaN(deadline)) return <Badge>Deadline unknown</Badge>;
  const at = formatDateTime(ticket.deadline);
  if (ticket.status === 'Resolved') return <Badge tone="green">Deadline was {at}</Badge>;
  if (ticket.status === 'Blocked')
    return <Badge tone="slate">SLA paused while blocked (deadline {at})</Badge>;
  const left = deadline - now;
  if (left <= 0) return <Badge tone="red">Deadline passed {formatDuration(-left)} ago</Badge>;
  return (
    <Badge tone={left < 15 * 60_000 ? 'amber' : 'green'}>
      Deadline in {formatDuration(left)} ({at})
    </Badge>
  );
}
