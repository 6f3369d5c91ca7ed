import { isProcessTableMessage, type ProcessReport } from '../supervisor/process-report.js';

/**
 * The web process's view of its siblings: the table the supervisor of `start all` sends over IPC whenever a
 * process changes state. Empty outside `start all` (a process started on its own has no supervisor).
 */
export class ProcessTable {
  private latest: readonly ProcessReport[] = [];
  private readonly listeners = new Set<(processes: readonly ProcessReport[]) => void>();

  /** Follow the supervisor's messages on this process's IPC channel. */
  static fromSupervisor(channel: NodeJS.Process = process): ProcessTable {
    const table = new ProcessTable();
    channel.on('message', (message: unknown) => {
      if (isProcessTableMessage(message)) table.update(message.processes);
    });
    return table;
  }

  processes(): readonly ProcessReport[] {
    return this.latest;
  }

  update(processes: readonly ProcessReport[]): void {
    this.latest = processes;
    for (const listener of this.listeners) listener(processes);
  }

  onChange(listener: (processes: readonly ProcessReport[]) => void): void {
    this.listeners.add(listener);
  }
}
