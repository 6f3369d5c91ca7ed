import type { ReactNode } from 'react';

export type Tone = 'slate' | 'blue' | 'amber' | 'green' | 'red' | 'violet';

const tones: Record<Tone, string> = {
  slate: 'bg-slate-100 text-slate-700 ring-slate-300',
  blue: 'bg-sky-50 text-sky-800 ring-sky-300',
  amber: 'bg-amber-50 text-amber-800 ring-amber-300',
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  red: 'bg-rose-50 text-rose-800 ring-rose-300',
  violet: 'bg-violet-50 text-violet-800 ring-violet-300',
};

export function Badge({ tone = 'slate', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

/** The red counter on the bell and the envelopes. */
export function CountBadge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span
      className="absolute -top-1.5 -right-1.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-[11px] font-bold leading-5 text-white"
      title={label}
      aria-hidden="true"
      data-testid="count-badge"
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}
