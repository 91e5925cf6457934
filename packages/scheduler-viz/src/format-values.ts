/** Seconds as a short human duration. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const abs = Math.abs(seconds);
  if (abs < 90) return `${seconds.toFixed(0)} s`;
  if (abs < 5400) return `${(seconds / 60).toFixed(1)} min`;
  if (abs < 3 * 86400) return `${(seconds / 3600).toFixed(2)} h`;
  return `${(seconds / 86400).toFixed(2)} d`;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A metric value for the panel, by the metric's name (see CONTRACT.md for the names). */
export function formatMetric(name: string, value: number): string {
  if (Number.isNaN(value)) return '–';
  if (name.startsWith('utilization') || name.endsWith('_rate')) {
    return `${(value * 100).toFixed(1)} %`;
  }
  if (name === 'time' || name.includes('jct')) return formatDuration(value);
  if (Number.isInteger(value)) return integer.format(value);
  return value.toPrecision(4);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
