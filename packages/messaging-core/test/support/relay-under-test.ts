import { vi } from 'vitest';
import {
  createMemoryStore,
  type MemoryMessageStore,
  type OutboxBacklog,
  type OutboxEntry,
  type OutboxOptions,
  type OutboxPublishReport,
  type TransportMessage,
} from '../../src/index.js';
import { OutboxRelay } from '../../src/reliability/outbox-relay.js';
import { recordingLogger } from './recording-logger.js';

/** A send the broker has not confirmed yet; the test confirms or refuses it. */
export interface HeldSend {
  readonly messages: readonly TransportMessage[];
  confirm(): void;
  refuse(error: unknown): void;
}

/**
 * The broker side of the relay, driven by the test: it confirms every send at once (`confirm`), holds each one
 * until the test settles it (`hold`), or refuses it (`refuse`, or `refuseWhen` for some batches only).
 */
export class BrokerByHand {
  /** Every send, in order, as the ids of its messages. */
  readonly sends: string[][] = [];
  readonly held: HeldSend[] = [];
  mode: 'confirm' | 'hold' = 'confirm';
  refuseWhen: ((messages: readonly TransportMessage[]) => unknown) | undefined;
  private inFlight = 0;
  /** The most sends in flight at once so far. */
  mostInFlight = 0;

  readonly send = (messages: readonly TransportMessage[]): Promise<void> => {
    this.sends.push(messages.map((message) => message.id));
    const refusal = this.refuseWhen?.(messages);
    if (refusal !== undefined) return Promise.reject(refusal);
    if (this.mode === 'confirm') return Promise.resolve();
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        this.inFlight--;
        this.held.splice(this.held.indexOf(held), 1);
      };
      const held: HeldSend = {
        messages,
        confirm: () => {
          done();
          resolve();
        },
        refuse: (error) => {
          done();
          reject(error);
        },
      };
      this.held.push(held);
    });
  };

  /** Ids of every message sent so far, in order. */
  get sent(): string[] {
    return this.sends.flat();
  }
}

export interface RelayUnderTest {
  readonly relay: OutboxRelay;
  readonly store: MemoryMessageStore;
  readonly broker: BrokerByHand;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** When each round (a claim from the store) began, ms after the test's start. */
  readonly rounds: number[];
  /** What the relay reported to the store after each round's publishing (published sequences, failed rows). */
  readonly reports: (OutboxPublishReport | undefined)[];
  /** Commits rows with these ids (`<key>-<n>`, or a bare id for a row without key), without announcing them. */
  commit(...ids: string[]): Promise<void>;
}

export const START = 1_000_000;

/** A row whose id says its ordering key: `a-1` and `a-2` share the key `a`; `solo` has no key. */
export function row(id: string, type = 'tickets.ticket-changed'): TransportMessage {
  const key = id.includes('-') ? id.slice(0, id.indexOf('-')) : undefined;
  return { id, type, topic: 'tickets', key, headers: {}, body: new Uint8Array(), timestamp: 0 };
}

/**
 * An outbox relay over a real memory store, publishing to a broker the test drives, with a logger that keeps what
 * it says. Meant for fake timers started at START (`vi.useFakeTimers({ now: START })`).
 */
export function relayUnderTest(
  options: OutboxOptions = {},
  settings: {
    readonly backlog?: () => OutboxBacklog;
    readonly afterPublish?: (entries: readonly OutboxEntry[]) => Promise<void>;
    readonly inboxRetentionMs?: number;
  } = {},
): RelayUnderTest {
  const store = createMemoryStore();
  const broker = new BrokerByHand();
  const logger = recordingLogger();
  const rounds: number[] = [];
  const reports: (OutboxPublishReport | undefined)[] = [];
  const relayOutbox = store.relayOutbox.bind(store);
  vi.spyOn(store, 'relayOutbox').mockImplementation((limit, publish) => {
    rounds.push(Date.now() - START);
    return relayOutbox(limit, async (entries) => {
      const report = (await publish(entries)) ?? undefined;
      reports.push(report);
      return report;
    });
  });
  const relay = new OutboxRelay({
    store,
    backlog: settings.backlog ?? (() => ({ unsent: 0, oldestUnsentAgeMs: 0 })),
    send: broker.send,
    logger,
    options,
    inboxRetentionMs: settings.inboxRetentionMs ?? 7 * 24 * 3_600_000,
    afterPublish: settings.afterPublish,
  });
  return {
    relay,
    store,
    broker,
    logger,
    rounds,
    reports,
    commit: (...ids) =>
      store.transaction((tx) => tx.addToOutbox(ids.map((id) => row(id))), { announceOutbox: false }),
  };
}

/** Lets the promise callbacks queued so far run, without moving the fake clock. */
export const settle = () => vi.advanceTimersByTimeAsync(0);

/** Starts the relay and leaves one round in flight: `id` committed, announced, sent and held by the broker. */
export async function startWithRoundHeld(
  { relay, broker, commit }: RelayUnderTest,
  id: string,
): Promise<void> {
  await relay.start();
  await settle();
  broker.mode = 'hold';
  await commit(id);
  relay.kick();
  await settle();
}
