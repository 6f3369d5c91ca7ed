import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { describeError } from '../api/api-error';

interface Toast {
  id: number;
  text: string;
  kind: 'success' | 'error';
}

interface Toaster {
  success: (text: string) => void;
  failure: (what: string, error: unknown) => void;
}

const ToastContext = createContext<Toaster | undefined>(undefined);
const toastLifetimeMs = 6000;
let nextToastId = 1;

/** Short confirmations and failures of user actions; failures stay until dismissed. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const push = useCallback(
    (text: string, kind: Toast['kind']) => {
      const id = nextToastId++;
      setToasts((all) => [...all.slice(-3), { id, text, kind }]);
      if (kind === 'success') window.setTimeout(() => dismiss(id), toastLifetimeMs);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({
      success: (text) => push(text, 'success'),
      failure: (what, error) => push(`${what}: ${describeError(error)}`, 'error'),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <section
        aria-label="Notifications"
        className="fixed right-3 bottom-3 z-50 flex w-[min(24rem,calc(100%-1.5rem))] flex-col gap-2"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.kind === 'error' ? 'alert' : 'status'}
            className={`flex items-start justify-between gap-2 rounded-lg px-3 py-2 text-sm shadow-lg ring-1 ${
              toast.kind === 'error'
                ? 'bg-rose-50 text-rose-900 ring-rose-300'
                : 'bg-emerald-50 text-emerald-900 ring-emerald-300'
            }`}
          >
            <span>{toast.text}</span>
            <button
              type="button"
              className="text-xs opacity-70 hover:opacity-100"
              onClick={() => dismiss(toast.id)}
              aria-label="Dismiss"
            >
              ✕
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToasts needs a <ToastProvider> above it');
  return toaster;
}
