import { InputError } from './errors.ts';

/** What a numeric flag accepts. Bounds are inclusive unless `above` is used for a strict lower bound. */
export interface NumberFlagSpec {
  /** Whole numbers only. */
  integer?: boolean;
  min?: number;
  /** Strictly greater than this (e.g. 0 for "a positive number of seconds"). */
  above?: number;
  max?: number;
  /** What the number counts, for the message: "seconds", "milliseconds", "workers". */
  unit?: string;
}

/** "a whole number of workers from 1 to 32", "a number of seconds above 0". */
export function describeNumber(spec: NumberFlagSpec): string {
  let text = spec.integer ? 'a whole number' : 'a number';
  if (spec.unit) text += ` of ${spec.unit}`;
  const low = spec.above !== undefined ? undefined : spec.min;
  if (low !== undefined && spec.max !== undefined) return `${text} from ${low} to ${spec.max}`;
  const parts: string[] = [];
  if (spec.above !== undefined) parts.push(`above ${spec.above}`);
  if (low !== undefined) parts.push(`${low} or more`);
  if (spec.max !== undefined) parts.push(`${spec.max} at most`);
  return parts.length ? `${text}, ${parts.join(', ')}` : text;
}

/**
 * Parse the text given to a numeric flag: decimal notation only (no "", "0x10", "1e3" surprises
 * from `Number`), finite, within the bounds. Bad text is an InputError naming the flag, which every
 * CLI prints as one line.
 */
export function parseNumberFlag(flag: string, text: string, spec: NumberFlagSpec = {}): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  const ok =
    /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) &&
    Number.isFinite(value) &&
    (!spec.integer || Number.isInteger(value)) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.above === undefined || value > spec.above) &&
    (spec.max === undefined || value <= spec.max);
  if (!ok) throw InputError.expected({ field: flag }, describeNumber(spec), text);
  return value;
}

/** `parseNumberFlag` as a commander option parser: `.option('--poll <s>', '...', numberFlag('--poll', {...}))`. */
export function numberFlag(flag: string, spec: NumberFlagSpec = {}): (text: string) => number {
  return (text: string) => parseNumberFlag(flag, text, spec);
}
