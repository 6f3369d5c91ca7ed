/** FNV-1a: a stable, fast string hash, so a key maps to the same partition in every process and run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The partition (0-based) a key belongs to among `partitions`. */
export function partitionOf(key: string, partitions: number): number {
  return fnv1a(key) % partitions;
}
