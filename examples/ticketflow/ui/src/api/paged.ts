/** One page of a server-paged list, as returned by the inquiries and tickets lists. */
export interface Page<T> {
  data: T[];
  totalCount: number;
}

export function pageCount(totalCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}
