import type { Model, OptionValue } from 'highs';

export type SolverOptions = Readonly<Record<string, string | number | boolean>>;

/**
 * `key=value` from `--solver-option`, with the value read as a boolean or number when it
 * looks like one. HiGHS' own option types decide in the end (see `applySolverOptions`).
 */
export function parseSolverOption(text: string): [string, string | number | boolean] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--solver-option: expected key=value (e.g. time_limit=5), got "${text}"`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  const num = Number(raw);
  if (raw !== '' && Number.isFinite(num)) return [key, num];
  return [key, raw];
}

/**
 * Hands every option to HiGHS unchanged except for its JavaScript type, which follows the
 * option's declared type (`solver=1` stays a string, `presolve=on` stays a string,
 * `output_flag=1` becomes true). Unknown names and bad values throw HiGHS' own error,
 * which names the option.
 */
export function applySolverOptions(model: Model, options: SolverOptions): void {
  for (const [name, value] of Object.entries(options)) {
    let type: string;
    try {
      type = model.options.describe(name).type;
    } catch {
      throw new Error(`solver option ${name}: HiGHS has no option of that name`);
    }
    const coerced = coerce(value, type);
    if ((type === 'double' || type === 'integer') && typeof coerced !== 'number') {
      throw new Error(
        `solver option ${name}: expected a number (HiGHS type ${type}), got "${String(value)}"`,
      );
    }
    if (type === 'boolean' && typeof coerced !== 'boolean') {
      throw new Error(`solver option ${name}: expected true/false/on/off, got "${String(value)}"`);
    }
    try {
      model.options.set(name, coerced);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`solver option ${name}=${String(value)}: HiGHS refused it (${why})`);
    }
  }
}

function coerce(value: string | number | boolean, type: string): OptionValue {
  if (type === 'string') return String(value);
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 'on') return true;
    if (value === 0 || value === 'off') return false;
    return value;
  }
  return typeof value === 'string' && value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}
