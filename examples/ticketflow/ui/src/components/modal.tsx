import { type ReactNode, useEffect, useId } from 'react';
import { Button } from './button';

/** A centred dialog (or a side sheet) closed by its button or the Escape key. */
export function Modal({
  title,
  onClose,
  children,
  side = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  side?: boolean;
}) {
  const titleId = useId();
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);

  const placement = side
    ? 'ml-auto h-full w-full max-w-md overflow-y-auto'
    : 'mx-auto mt-[6vh] max-h-[88vh] self-start w-[calc(100%-1.5rem)] max-w-2xl overflow-y-auto rounded-xl';
  return (
    <div className="fixed inset-0 z-40 flex bg-slate-900/40">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={`flex flex-col bg-white p-5 shadow-xl ${placement}`}
      >
        <header className="mb-4 flex items-start justify-between gap-3">
          <h2 id={titleId} className="min-w-0 break-words text-lg font-semibold">
            {title}
          </h2>
          <Button variant="ghost" small onClick={onClose} aria-label="Close">
            ✕
          </Button>
        </header>
        {children}
      </div>
    </div>
  );
}
