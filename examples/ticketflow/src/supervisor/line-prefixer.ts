import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Copies a child's output line by line to `out`, each line prefixed with the process's label. */
export function prefixLines(source: Readable, label: string, out: NodeJS.WritableStream): void {
  const prefix = `[${label}] `;
  createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    out.write(`${prefix}${line}\n`);
  });
}
