import type { ReactNode } from 'react';
import { describeError } from '../api/api-error';
import { Button } from './button';

/** Loading, empty and error states share one look so every list behaves the same way. */
export function LoadingNotice({ what }: { what: string }) {
  return (
    <p className="py-6 text-center text-sm text-slate-500" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function EmptyNotice({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-slate-500">{children}</p>;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200"
    >
      <span>{describeError(error)}</span>
      {onRetry ? (
        <Button small onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
