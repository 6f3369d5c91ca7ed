import type { MessageContract } from '../contracts/define-message.js';
import type { StandardSchemaV1 } from '../contracts/standard-schema.js';
import type { Topology } from '../topology/topology.js';
import type { AsyncApiBindings, AsyncApiMessage } from './asyncapi-document.js';
import type { AsyncApiSource } from './asyncapi-source.js';
import { payloadSchemaOf } from './payload-schema.js';

type KnownContract = Pick<MessageContract, 'type' | 'topic'> & Partial<MessageContract<unknown, unknown>>;

/** Every contract the buses know, by type; one with a schema wins over a declaration by type and topic only. */
export function contractsByType(sources: readonly AsyncApiSource[]): Map<string, KnownContract> {
  const contracts = new Map<string, KnownContract>();
  for (const source of sources) {
    for (const contract of [...source.handles, ...source.publishes] as KnownContract[]) {
      if (!contracts.get(contract.type)?.schema) contracts.set(contract.type, contract);
    }
  }
  return contracts;
}

export function messagesPointer(type: string): string {
  return `#/components/messages/${type}`;
}

/** The message of every type on the topology's topics, with its payload schema and the transport's bindings. */
export function messagesOf(
  topology: Topology,
  contracts: ReadonlyMap<string, KnownContract>,
  bindingsOf: (type: string) => AsyncApiBindings | undefined,
): Record<string, AsyncApiMessage> {
  const messages: Record<string, AsyncApiMessage> = {};
  for (const topic of topology.topics) {
    for (const type of topic.messageTypes) {
      const contract = contracts.get(type);
      const payload = payloadSchemaOf(
        contract?.schema as StandardSchemaV1 | undefined,
        `${messagesPointer(type)}/payload`,
      );
      const bindings = bindingsOf(type);
      messages[type] = {
        name: type,
        title: type,
        summary: `On topic "${topic.name}".`,
        description: describeMessage(contract, payload.unavailable),
        payload: payload.schema,
        ...(bindings ? { bindings } : {}),
      };
    }
  }
  return messages;
}

function describeMessage(contract: KnownContract | undefined, unavailable: string | undefined): string {
  const lines = [
    contract?.key
      ? 'Keyed: messages with the same key keep their order on ordered endpoints.'
      : 'Not keyed: the message id stands in for the key.',
  ];
  if (contract?.mandatory === false) lines.push('Fire-and-forget: publishing succeeds with no subscriber.');
  if (unavailable) {
    lines.push(
      `Payload schema not available: ${unavailable}. The schema shown accepts any payload; the validator still checks every message when it is published and when it is received.`,
    );
  }
  return lines.join('\n\n');
}
