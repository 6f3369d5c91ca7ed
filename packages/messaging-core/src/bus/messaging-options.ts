import type { MessageContract } from '../contracts/define-message.js';
import type { Serializer } from '../contracts/serializer.js';
import type { FaultRegistry } from '../faults/fault-registry.js';
import type { Logger } from '../observability/logger.js';
import type { TelemetryOptions } from '../observability/telemetry.js';
import type { ConsumeContext, ConsumeStage } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { ProduceContext } from '../pipeline/produce-context.js';
import type { RetryPolicy } from '../pipeline/retry-policy.js';
import type { OutboxOptions } from '../reliability/outbox-relay.js';
import type { MessageStore } from '../stores/message-store.js';
import type { Transport } from '../transport/transport.js';
import type { WireFormat } from '../wire/wire-format.js';

export interface MessagingOptions {
  /** The owning service's name: written to `source-service`, used in logs and metrics. */
  readonly service: string;
  /** The broker integration. The bus owns it: `stop()` closes it. */
  readonly transport: Transport;
  /**
   * Contracts this service publishes: their topics are created at start, like the topics its endpoints subscribe
   * to. Publishing never creates a topic: a publish to a topic that does not exist on the broker fails with a
   * PublishError (on every transport), so a typo cannot create a topic nobody reads.
   */
  readonly publishes?: readonly Pick<MessageContract, 'type' | 'topic'>[];
  /**
   * Refuse, before anything is sent or written to the outbox, to publish to a topic this bus does not declare (in
   * `publishes` or through an endpoint's subscription), even one that exists on the broker. Default false.
   */
  readonly strictTopics?: boolean;
  readonly retry?: Partial<RetryPolicy>;
  readonly serializer?: Serializer;
  /**
   * How this bus's messages travel: the native envelope (default) or CloudEvents 1.0 in binary or structured mode
   * through the broker's protocol binding; a contract's own `wireFormat` wins. Receiving reads all three.
   */
  readonly wireFormat?: WireFormat;
  /** Defaults to silent. Any pino-compatible logger fits. */
  readonly logger?: Logger;
  readonly telemetry?: TelemetryOptions;
  readonly middleware?: {
    readonly consume?: readonly {
      readonly stage: ConsumeStage;
      readonly middleware: Middleware<ConsumeContext>;
    }[];
    readonly produce?: readonly Middleware<ProduceContext>[];
  };
  /** Create the topology on the broker at start (default true). Turn off where operators provision it. */
  readonly provision?: boolean;
  /**
   * How long each step of `stop()` may take, ms: in-flight handlers, unconfirmed publishes, the outbox's last rounds
   * and its flush, each extension's stop, the transport's close. A step that takes longer is logged and left
   * behind, so `stop()` always ends; what it held is redelivered or stays in the outbox. With the broker away (the
   * transport reconnecting), unconfirmed publishes and the outbox are not waited for at all. Default 30 000.
   */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long `start()` keeps trying to reach the broker and the store (connect, provision, join consumer groups)
   * when they are not there yet, ms; meanwhile `health()` says what it waits for. `Infinity` waits as long as it
   * takes (a service whose health endpoint reports the wait). Errors retrying cannot fix (configuration, wrong
   * credentials) fail at once. Default 60 000.
   */
  readonly startTimeoutMs?: number;
  /**
   * Where outbox rows, inbox records and entity versions live (memory, PostgreSQL or PGlite). With a store, every
   * handler runs in a transaction (`ctx.tx`), `messaging.transaction()` is available, and the outbox and inbox
   * are on by default. The bus never migrates or closes the store: call `store.migrate()` before `start()`.
   */
  readonly store?: MessageStore;
  /** Transactional outbox settings, or false to publish directly even inside transactions. Needs a store. */
  readonly outbox?: OutboxOptions | false;
  /** Inbox (deduplication) settings, or false to turn it off for every endpoint. Needs a store. */
  readonly inbox?: { readonly retentionMs?: number } | false;
  /** Injected faults to apply (see FaultRegistry); none by default. */
  readonly faults?: FaultRegistry;
  /**
   * How a publish finds the message it is a consequence of (for correlation, causation and the handler's outbox):
   * - `ambient` (default): also through AsyncLocalStorage, so `messaging.publish` anywhere below a handler or a
   *   `messaging.transaction()` call belongs to it;
   * - `explicit`: only through `ctx.publish` in handlers and the `publish` argument of `messaging.transaction()`.
   *   The bus then never uses AsyncLocalStorage, whose hooks cost every promise of the process (measured: 6–7 %
   *   more throughput on RabbitMQ). A plain `messaging.publish` inside a handler then starts a new conversation
   *   and does not go through the handler's outbox.
   */
  readonly messageScope?: 'ambient' | 'explicit';
}
