import type { OutgoingRecord } from './client/kafka-client.js';

interface Pending {
  readonly records: readonly OutgoingRecord[];
  readonly bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

// Keeps one produce request well below the broker's default request limits while still batching.
const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Gathers the records of concurrent sends made within `lingerMs` (default: the same tick) into one produce
 * request. Requests go out one at a time, so records of one key keep the order in which they were sent.
 */
export class SendBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly produce: (records: readonly OutgoingRecord[]) => Promise<void>,
    private readonly lingerMs: number,
  ) {}

  send(records: readonly OutgoingRecord[]): Promise<void> {
    const bytes = records.reduce((sum, record) => sum + recordBytes(record), 0);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, bytes, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.flushing = this.flushing.then(() => this.flushAll());
    };
    if (this.lingerMs > 0) setTimeout(flush, this.lingerMs);
    else setImmediate(flush);
  }

  private async flushAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.produce(batch.flatMap((pending) => pending.records));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [this.queue.shift()!];
    let bytes = batch[0]!.bytes;
    while (this.queue.length > 0 && bytes + this.queue[0]!.bytes <= MAX_BATCH_BYTES) {
      const next = this.queue.shift()!;
      bytes += next.bytes;
      batch.push(next);
    }
    return batch;
  }
}

function recordBytes(record: OutgoingRecord): number {
  let bytes = record.value?.byteLength ?? 0;
  for (const name in record.headers) bytes += name.length + record.headers[name]!.length;
  return bytes;
}
