import { z } from 'zod';

/** The benchmark message: a sequence number (to find its send time) padded to the requested JSON size. */
export interface BenchMessage {
  readonly seq: number;
  readonly padding: string;
}

export const benchMessageSchema = z.object({ seq: z.number().int().nonnegative(), padding: z.string() });

/** A message whose JSON body is about `size` bytes, like a typical small business event. */
export function benchMessage(seq: number, size: number): BenchMessage {
  const overhead = JSON.stringify({ seq, padding: '' }).length;
  return { seq, padding: paddingOf(Math.max(0, size - overhead)) };
}

// One string per length: a million messages must not mean a million padding strings in the benchmark's own heap.
const paddings = new Map<number, string>();

function paddingOf(length: number): string {
  let padding = paddings.get(length);
  if (padding === undefined) {
    padding = 'x'.repeat(length);
    paddings.set(length, padding);
  }
  return padding;
}

/** Reads the sequence number back from a raw JSON body, failing loudly on anything else. */
export function sequenceOf(body: Buffer | string): number {
  const parsed = benchMessageSchema.safeParse(JSON.parse(body.toString()));
  if (!parsed.success) throw new Error(`A benchmark message is malformed: ${parsed.error.message}`);
  return parsed.data.seq;
}
