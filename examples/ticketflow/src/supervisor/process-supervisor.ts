import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { freePort } from './free-port.js';
import type { InstanceCounts } from './instance-counts.js';
import { planProcesses, servicePortCount } from './process-plan.js';
import type { ProcessReport, ProcessTableMessage } from './process-report.js';
import { describeExit, type SpawnSettings, SupervisedProcess } from './supervised-process.js';

export interface SupervisorOptions extends SpawnSettings {
  readonly config: TicketFlowConfig;
  readonly instances: InstanceCounts;
  readonly webPort: number;
  readonly fresh: boolean;
  /** How long a process may take to stop gracefully before it is killed. */
  readonly stopTimeoutMs: number;
}

/**
 * `ticketflow start all` on a real broker: every service instance and the web part as their own OS processes.
 * Starts them together, reports a process that ends on its own (log line, and the web's System card through the
 * process table it is sent) and never restarts it; stops them all, gracefully, then by force.
 */
export class ProcessSupervisor {
  private processes: SupervisedProcess[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  reports(): ProcessReport[] {
    return this.processes.map((process) => process.report());
  }

  /** Start every process; resolves to the web URL once all of them run. Stops them all if one fails. */
  async start(): Promise<string> {
    const { config, instances } = this.options;
    const webPort = this.options.webPort === 0 ? await freePort(config.host) : this.options.webPort;
    const ports: number[] = [];
    for (let index = 0; index < servicePortCount(instances); index++) {
      let port = await freePort(config.host);
      while (port === webPort || ports.includes(port)) port = await freePort(config.host);
      ports.push(port);
    }
    const plan = planProcesses({ config, instances, webPort, ports, fresh: this.options.fresh });
    this.processes = plan.map((planned) => new SupervisedProcess(planned, this.options, this.changed));
    try {
      // First instances (and web) together; a service's further instances once its first has migrated the
      // service's schema (two instances creating the same tables at once on a fresh database collide in
      // PostgreSQL's catalogue) — not after every service: on Kafka the others' group joins take seconds.
      const first = this.processes.filter((process) => process.plan.instance === 1);
      await Promise.all(first.map((process) => this.startWithFurtherInstances(process)));
    } catch (error) {
      this.log(`TicketFlow did not start: ${(error as Error).message}; stopping the other processes`);
      await this.stop();
      throw error;
    }
    return this.web().url;
  }

  private async startWithFurtherInstances(first: SupervisedProcess): Promise<void> {
    await first.start();
    const further = this.processes.filter(
      (process) => process.plan.role === first.plan.role && process.plan.instance > 1,
    );
    // Another process failed meanwhile and everything is stopping: start nothing more.
    if (this.stopping) return;
    await Promise.all(further.map((process) => process.start()));
  }

  /** Stop every process (SIGTERM, then SIGKILL after the timeout); resolves when all have ended. */
  async stop(): Promise<void> {
    this.expectExits();
    await Promise.all(this.processes.map((process) => process.stop(this.options.stopTimeoutMs)));
  }

  /** From now on, a process that ends is stopping, not crashing (Ctrl+C reaches the children directly too). */
  expectExits(): void {
    this.stopping = true;
    for (const process of this.processes) process.expectExit();
  }

  private web(): SupervisedProcess {
    return this.processes.find((process) => process.plan.role === 'web')!;
  }

  private readonly changed = (process: SupervisedProcess): void => {
    const report = process.report();
    if (report.state === 'crashed' && report.exit) {
      this.log(
        `${report.label} (pid ${report.pid}) ended unexpectedly: ${describeExit(report.exit.code, report.exit.signal)}. It is not restarted; TicketFlow runs without it.`,
      );
    }
    if (this.stopping) return;
    const message: ProcessTableMessage = { kind: 'ticketflow-processes', processes: this.reports() };
    this.processes.find((candidate) => candidate.plan.role === 'web')?.send(message);
  };

  private log(text: string): void {
    this.options.stderr.write(`[supervisor] ${text}\n`);
  }
}
