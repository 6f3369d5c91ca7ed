/** How many pages a server-paged list (inquiries, tickets) has. */
export function pageCount(totalCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}
