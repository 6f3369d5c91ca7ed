import type { StoredMessage } from './stored-message.js';

/** The messages of one (sub-)queue in sequence-number order, as Service Bus hands them out and peeks them. */
export class MessageList implements Iterable<StoredMessage> {
  private readonly messages: StoredMessage[] = [];

  get size(): number {
    return this.messages.length;
  }

  /** Mostly appends; a scheduled message (numbered when scheduled) may land before later sends. */
  insert(stored: StoredMessage): void {
    let index = this.messages.length;
    while (index > 0 && this.messages[index - 1]!.sequenceNumber > stored.sequenceNumber) index--;
    this.messages.splice(index, 0, stored);
  }

  remove(stored: StoredMessage): boolean {
    const index = this.messages.indexOf(stored);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    return true;
  }

  bySequenceNumber(sequenceNumber: number): StoredMessage | undefined {
    return this.messages.find((stored) => stored.sequenceNumber === sequenceNumber);
  }

  [Symbol.iterator](): Iterator<StoredMessage> {
    return this.messages[Symbol.iterator]();
  }

  /** A snapshot, safe to iterate while messages move. */
  toArray(): StoredMessage[] {
    return [...this.messages];
  }
}
