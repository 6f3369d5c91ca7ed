/** A tiny line chart of recent values; `max` fixes the scale (CPU is 0–100), otherwise the series sets it. */
export function Sparkline({ values, label, max }: { values: number[]; label: string; max?: number }) {
  const width = 120;
  const height = 28;
  const top = Math.max(max ?? 0, ...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map(
      (value, index) =>
        `${(index * step).toFixed(1)},${(height - (value / top) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      className="text-indigo-500"
    >
      <title>{label}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
