import { randomUUID } from 'node:crypto';
import { ConfigurationError, MessagingError } from '../errors.js';

/**
 * Where a fault can be injected:
 * - `handler.before` / `handler.after`: around the handler, inside its transaction (throw or delay);
 * - `transaction.before` / `transaction.within` / `transaction.after`: before the transaction opens, after the
 *   handler but before commit, after commit (throw or delay);
 * - `publish.before`: in the produce pipeline before the message is sent or stored (throw or delay);
 * - `outbox.save`: right after a message was written to the outbox, before commit (throw or delay);
 * - `outbox.publish`: after the relay published a row, before it is marked sent — the row goes out again (throw);
 * - `delivery.duplicate`: the message is handled twice, as if the broker delivered it twice;
 * - `delivery.reorder`: the message is held back `delayMs` (via a delayed redelivery) so later ones overtake it;
 * - `delivery.crash-before-ack`: handled, then given back unacknowledged, as if the process died before the ack;
 * - `transport.connection-drop`: the transport's connection is dropped when such a message arrives.
 */
export type FaultPoint =
  | 'handler.before'
  | 'handler.after'
  | 'transaction.before'
  | 'transaction.within'
  | 'transaction.after'
  | 'publish.before'
  | 'outbox.save'
  | 'outbox.publish'
  | 'delivery.duplicate'
  | 'delivery.reorder'
  | 'delivery.crash-before-ack'
  | 'transport.connection-drop';

export const FAULT_POINTS: readonly FaultPoint[] = [
  'handler.before',
  'handler.after',
  'transaction.before',
  'transaction.within',
  'transaction.after',
  'publish.before',
  'outbox.save',
  'outbox.publish',
  'delivery.duplicate',
  'delivery.reorder',
  'delivery.crash-before-ack',
  'transport.connection-drop',
];

const EFFECT_POINTS: readonly FaultPoint[] = [
  'handler.before',
  'handler.after',
  'transaction.before',
  'transaction.within',
  'transaction.after',
  'publish.before',
  'outbox.save',
];

export interface FaultRule {
  readonly point: FaultPoint;
  /** For the throw-or-delay points: `throw` (default) or `delay`. */
  readonly effect?: 'throw' | 'delay';
  /** Only in this service (default: every service using the registry). */
  readonly service?: string;
  /** Only for this message type; `*` or omitted: every type. */
  readonly messageType?: string;
  /** Delay for `delay` effects and `delivery.reorder`, ms. */
  readonly delayMs?: number;
  /** Chance that a matching message triggers the fault, 0..1. Default 1. */
  readonly probability?: number;
  /** Fire at most this many times, then the rule removes itself. Default: unlimited. */
  readonly count?: number;
  /** Only for messages whose top-level fields equal these values (compared as strings, case-insensitively). */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  /** The injected error's message. */
  readonly errorMessage?: string;
}

export interface ActiveFault extends FaultRule {
  readonly id: string;
  readonly fired: number;
}

/** The error injected faults throw; retryable, like the transient failures it stands for. */
export class InjectedFaultError extends MessagingError {
  constructor(
    readonly point: FaultPoint,
    message: string,
  ) {
    super('INJECTED_FAULT', message);
  }
}

export interface FaultTarget {
  readonly service: string;
  readonly type: string;
  readonly message?: unknown;
}

/**
 * The runtime registry of injected faults ("anomalies"), switchable while the system runs. The bus consults it at
 * every fault point; rules can be added and removed at any time (and synchronised between instances by the
 * application, e.g. over the bus).
 */
export class FaultRegistry {
  private readonly rules = new Map<string, { rule: FaultRule; fired: number }>();
  private readonly listeners = new Set<(faults: readonly ActiveFault[]) => void>();

  add(rule: FaultRule, id: string = randomUUID()): string {
    validateRule(rule);
    this.rules.set(id, { rule, fired: 0 });
    this.notify();
    return id;
  }

  remove(id: string): boolean {
    const removed = this.rules.delete(id);
    if (removed) this.notify();
    return removed;
  }

  /** Remove every rule at `point` for `messageType` (any type when omitted). Returns how many were removed. */
  removeWhere(point: FaultPoint, messageType?: string): number {
    let removed = 0;
    for (const [id, { rule }] of this.rules) {
      if (rule.point === point && (messageType === undefined || (rule.messageType ?? '*') === messageType)) {
        this.rules.delete(id);
        removed++;
      }
    }
    if (removed > 0) this.notify();
    return removed;
  }

  clear(): void {
    this.rules.clear();
    this.notify();
  }

  list(): ActiveFault[] {
    return [...this.rules].map(([id, { rule, fired }]) => ({ ...rule, id, fired }));
  }

  onChange(listener: (faults: readonly ActiveFault[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rule that fires for this target now, if any (counts it as fired). */
  take(point: FaultPoint, target: FaultTarget): ActiveFault | undefined {
    for (const [id, entry] of this.rules) {
      const { rule } = entry;
      if (rule.point !== point || !matches(rule, target)) continue;
      if (rule.probability !== undefined && Math.random() >= rule.probability) continue;
      entry.fired++;
      if (rule.count !== undefined && entry.fired >= rule.count) {
        this.rules.delete(id);
        this.notify();
      }
      return { ...rule, id, fired: entry.fired };
    }
    return undefined;
  }

  /** Apply a throw-or-delay fault at `point`, if one matches. */
  async inject(point: FaultPoint, target: FaultTarget): Promise<void> {
    const fault = this.take(point, target);
    if (!fault) return;
    if (fault.effect === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
      return;
    }
    throw new InjectedFaultError(
      point,
      fault.errorMessage ?? `Injected fault at ${point} for "${target.type}"`,
    );
  }

  private notify(): void {
    const faults = this.list();
    for (const listener of this.listeners) listener(faults);
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.service !== undefined && rule.service !== target.service) return false;
  if (rule.messageType !== undefined && rule.messageType !== '*' && rule.messageType !== target.type)
    return false;
  if (rule.where) {
    const fields = (
      typeof target.message === 'object' && target.message !== null ? target.message : {}
    ) as Record<string, unknown>;
    for (const [field, expected] of Object.entries(rule.where)) {
      if (String(fields[field] ?? '').toLowerCase() !== String(expected).toLowerCase()) return false;
    }
  }
  return true;
}

function validateRule(rule: FaultRule): void {
  if (!FAULT_POINTS.includes(rule.point)) {
    throw new ConfigurationError(
      `Unknown fault point "${rule.point}"; known points: ${FAULT_POINTS.join(', ')}`,
    );
  }
  if (rule.effect !== undefined && !EFFECT_POINTS.includes(rule.point)) {
    throw new ConfigurationError(`Fault point "${rule.point}" has a fixed effect; do not set "effect"`);
  }
  if (rule.effect === 'delay' && !(Number.isInteger(rule.delayMs) && (rule.delayMs ?? -1) >= 0)) {
    throw new ConfigurationError('A delay fault needs delayMs: a whole number of milliseconds ≥ 0');
  }
  if (rule.probability !== undefined && !(rule.probability > 0 && rule.probability <= 1)) {
    throw new ConfigurationError('probability must be greater than 0 and at most 1');
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 1)) {
    throw new ConfigurationError('count must be a whole number ≥ 1');
  }
}
