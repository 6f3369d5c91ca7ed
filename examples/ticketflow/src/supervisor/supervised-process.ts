import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { prefixLines } from './line-prefixer.js';
import { connectHost, type PlannedProcess } from './process-plan.js';
import type { ProcessReport, ProcessState } from './process-report.js';

export interface SpawnSettings {
  /** The CLI entry point (src/cli.ts). */
  readonly cli: string;
  /** Node flags the children get (see TYPESCRIPT_EXEC_ARGV). */
  readonly execArgv: readonly string[];
  readonly host: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * The children run the TypeScript CLI through tsx's loader, whatever runs the supervisor (tsx's own CLI, node
 * --import tsx, or a vitest worker whose flags know nothing of tsx); `tsx` resolves from the working directory.
 */
export const TYPESCRIPT_EXEC_ARGV = ['--import', 'tsx'] as const;

const READY_LINE = /TicketFlow is running: (http:\/\/\S+)/;

/**
 * One child process: spawned with an IPC channel (a child whose supervisor vanishes sees the channel close and
 * stops: no orphans), its output prefixed, its state followed. Never restarted: a crash is reported.
 */
export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private state: ProcessState = 'starting';
  private exitInfo: ProcessReport['exit'];
  private readonly ready: Promise<void>;
  private markReady: () => void = () => {};
  private markFailed: (error: Error) => void = () => {};
  readonly exited: Promise<void>;
  private markExited: () => void = () => {};

  constructor(
    readonly plan: PlannedProcess,
    private readonly settings: SpawnSettings,
    private readonly onChange: (process: SupervisedProcess) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.markFailed = reject;
    });
    this.ready.catch(() => {});
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
  }

  get url(): string {
    return `http://${connectHost(this.settings.host)}:${this.plan.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  report(): ProcessReport {
    return {
      label: this.plan.label,
      role: this.plan.role,
      instance: this.plan.instance,
      pid: this.child?.pid,
      url: this.url,
      state: this.state,
      ...(this.exitInfo ? { exit: this.exitInfo } : {}),
    };
  }

  /** Spawn; resolves once the process says it is running, rejects if it ends first. */
  start(): Promise<void> {
    const { cli, execArgv, stdout, stderr } = this.settings;
    const child = spawn(process.execPath, [...execArgv, cli, ...this.plan.args], {
      // The CLI's own package folder, as `npm run ticketflow` runs it: tsx reads that tsconfig, not the caller's.
      cwd: resolve(dirname(cli), '..'),
      env: { ...process.env, ...this.plan.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    prefixLines(child.stdout!, this.plan.label, stdout);
    prefixLines(child.stderr!, this.plan.label, stderr);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.state !== 'starting') return;
      output += chunk.toString();
      if (READY_LINE.test(output)) {
        output = '';
        this.setState('running');
        this.markReady();
      }
    });
    child.once('error', (error) => this.markFailed(error));
    child.once('exit', (code, signal) => {
      this.exitInfo = { code, signal, at: new Date().toISOString() };
      const expected = this.state === 'stopping';
      this.setState(expected ? 'stopped' : 'crashed');
      this.markFailed(
        new Error(`${this.plan.label} ended before it was running (${describeExit(code, signal)})`),
      );
      this.markExited();
    });
    this.onChange(this);
    return this.ready;
  }

  /** Tell the child to stop (SIGTERM: it stops gracefully); SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.setState('stopping');
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.settings.stderr.write(
        `[supervisor] ${this.plan.label} did not stop within ${timeoutMs} ms: killing it (SIGKILL)\n`,
      );
      child.kill('SIGKILL');
    }, timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The state changes to `stopping` without a signal: the terminal's Ctrl+C reached the child itself. */
  expectExit(): void {
    if (this.state === 'starting' || this.state === 'running') this.setState('stopping');
  }

  /** Send the web process the process table. */
  send(message: unknown): void {
    if (this.child?.connected) this.child.send(message as object, () => {});
  }

  private setState(state: ProcessState): void {
    this.state = state;
    this.onChange(this);
  }
}

export function describeExit(code: number | null, signal: string | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}
