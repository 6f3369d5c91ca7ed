import { pageCount } from '../api/paged';
import { Button } from './button';

export function Pager({
  page,
  pageSize,
  totalCount,
  onPage,
}: {
  page: number;
  pageSize: number;
  totalCount: number;
  onPage: (page: number) => void;
}) {
  const pages = pageCount(totalCount, pageSize);
  return (
    <nav className="mt-3 flex items-center justify-between gap-2 text-sm text-slate-600" aria-label="Pages">
      <Button small disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span>
        Page {Math.min(page, pages)} of {pages} · {totalCount} in total
      </span>
      <Button small disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}
