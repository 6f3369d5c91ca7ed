import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const variants: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500',
  secondary: 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50',
  danger: 'bg-rose-600 text-white hover:bg-rose-500',
  ghost: 'text-slate-700 hover:bg-slate-200',
};

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  small?: boolean;
}

/** A button that explains itself when disabled: `title` carries the reason and shows as a tooltip. */
export function Button({
  variant = 'secondary',
  small = false,
  className = '',
  type,
  ...props
}: ButtonProps) {
  const size = small ? 'px-2 py-1 text-xs' : 'px-3 py-1.5 text-sm';
  return (
    <button
      type={type === 'submit' ? 'submit' : 'button'}
      className={`inline-flex items-center justify-center gap-1 rounded-md font-medium shadow-sm transition disabled:cursor-not-allowed disabled:opacity-45 ${size} ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
