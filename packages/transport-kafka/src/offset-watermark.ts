/**
 * The in-flight-safe watermark of one partition's batch: the highest offset below which every handed-out record
 * is settled. Only that offset is ever resolved (and so committed), so a commit never runs ahead of a message
 * still being handled, even when later records of the partition finish first.
 */
export class OffsetWatermark {
  private readonly pending: bigint[] = [];
  private readonly settled = new Set<bigint>();
  private mark: bigint | undefined;

  track(offset: string): void {
    this.pending.push(BigInt(offset));
  }

  /** Marks `offset` settled; returns the new watermark when it moved, else undefined. */
  settle(offset: string): string | undefined {
    this.settled.add(BigInt(offset));
    let moved = false;
    while (this.pending.length > 0 && this.settled.has(this.pending[0]!)) {
      const head = this.pending.shift()!;
      this.settled.delete(head);
      this.mark = head;
      moved = true;
    }
    return moved ? String(this.mark) : undefined;
  }

  get current(): string | undefined {
    return this.mark === undefined ? undefined : String(this.mark);
  }
}
