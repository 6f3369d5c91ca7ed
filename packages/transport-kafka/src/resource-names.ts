import { ConfigurationError } from '@pragmatic-messaging/core';

// Kafka's own rule for topic names; group ids are free-form but follow it too so names stay readable.
const VALID_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * How toolkit names map to Kafka names: a topic per toolkit topic, a consumer group per endpoint, and per endpoint
 * a retry topic per delay, a replay topic and a dead-letter topic, all behind the optional prefix.
 */
export class KafkaNaming {
  /** Checked topic names, made once per topic: every send asks for them. */
  private readonly topics = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  topic(topic: string): string {
    let name = this.topics.get(topic);
    if (name === undefined) {
      name = this.checked(`${this.prefix}${topic}`, `topic "${topic}"`);
      this.topics.set(topic, name);
    }
    return name;
  }

  group(endpoint: string): string {
    return this.checked(`${this.prefix}${endpoint}`, `endpoint "${endpoint}"`);
  }

  retryTopic(endpoint: string, delayMs: number): string {
    return this.checked(`${this.prefix}${endpoint}.retry-${delayMs}ms`, `endpoint "${endpoint}"`);
  }

  replayTopic(endpoint: string): string {
    return this.checked(`${this.prefix}${endpoint}.replay`, `endpoint "${endpoint}"`);
  }

  deadLetterTopic(endpoint: string): string {
    return this.checked(`${this.prefix}${endpoint}.dlt`, `endpoint "${endpoint}"`);
  }

  /** The toolkit topic a Kafka topic carries, for records written without the toolkit's headers. */
  toolkitTopic(kafkaTopic: string): string {
    return kafkaTopic.startsWith(this.prefix) ? kafkaTopic.slice(this.prefix.length) : kafkaTopic;
  }

  private checked(name: string, what: string): string {
    if (!VALID_NAME.test(name)) {
      throw new ConfigurationError(
        `Kafka name "${name}" for ${what} is invalid: use at most 249 letters, digits, '.', '_' or '-'`,
      );
    }
    return name;
  }
}
