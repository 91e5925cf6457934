import { readFile } from 'node:fs/promises';
import { InputError } from 'kit';
import { GAVEL_MEASURED_TYPES, GAVEL_THROUGHPUTS } from './gavel-throughputs.ts';
import { RELATIVE_SPEEDS } from './relative-speeds.ts';

/** Isolated throughputs by model and scale factor for a few measured GPU types. */
export interface ThroughputTable {
  source: string;
  /** Measured type names, lower case. */
  measuredTypes: readonly string[];
  /** model -> scale factor -> throughput per measured type (steps/s of the whole job). */
  models: ReadonlyMap<string, ReadonlyMap<number, readonly number[]>>;
}

export function embeddedThroughputs(): ThroughputTable {
  const models = new Map<string, Map<number, readonly number[]>>();
  for (const [model, bySf] of GAVEL_THROUGHPUTS) {
    models.set(model, new Map(Object.entries(bySf).map(([sf, values]) => [Number(sf), values])));
  }
  return {
    source: 'embedded (Gavel simulation_throughputs.json)',
    measuredTypes: GAVEL_MEASURED_TYPES,
    models,
  };
}

/** Gavel's simulation_throughputs.json: worker_type -> "('Model', sf)" -> other -> value. */
export function parseGavelThroughputs(text: string, file: string): ThroughputTable {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError({ file }, `expected JSON, got a parse error (${(error as Error).message})`);
  }
  if (!json || typeof json !== 'object')
    throw InputError.expected({ file }, 'an object of worker types', json);
  const entries = Object.entries(json as Record<string, unknown>).filter(([type]) => !type.includes('_'));
  const measuredTypes = entries.map(([type]) => type.toLowerCase());
  const models = new Map<string, Map<number, number[]>>();
  entries.forEach(([type, byJob], t) => {
    if (!byJob || typeof byJob !== 'object')
      throw InputError.expected({ file, field: type }, 'an object of job types', byJob);
    for (const [key, byOther] of Object.entries(byJob as Record<string, unknown>)) {
      const field = `${type}.${key}`;
      const match = /^\('(.+)', (\d+)\)$/.exec(key);
      if (!match) throw InputError.expected({ file, field }, "a key like ('Model', 1)", key);
      const value = (byOther as Record<string, unknown> | null)?.null;
      if (typeof value !== 'number' || !(value >= 0)) {
        throw InputError.expected({ file, field: `${field}.null` }, 'a throughput >= 0', value);
      }
      const bySf = models.get(match[1]!) ?? new Map<number, number[]>();
      const values = bySf.get(Number(match[2])) ?? new Array<number>(entries.length).fill(0);
      values[t] = value;
      bySf.set(Number(match[2]), values);
      models.set(match[1]!, bySf);
    }
  });
  if (models.size === 0) throw new InputError({ file }, 'expected at least one job type, got none');
  return { source: file, measuredTypes, models };
}

export async function loadGavelThroughputs(file: string): Promise<ThroughputTable> {
  return parseGavelThroughputs(await readFile(file, 'utf8'), file);
}

/** How each cluster type gets its speed: a measured column times a factor. */
export interface TypeResolution {
  measured: Int32Array;
  factor: Float64Array;
}

export function resolveClusterTypes(table: ThroughputTable, gpuTypes: readonly string[]): TypeResolution {
  const measured = new Int32Array(gpuTypes.length);
  const factor = new Float64Array(gpuTypes.length);
  gpuTypes.forEach((name, k) => {
    const lower = name.toLowerCase();
    let index = table.measuredTypes.indexOf(lower);
    let scale = 1;
    if (index < 0) {
      const relative = RELATIVE_SPEEDS[lower];
      if (relative) {
        index = table.measuredTypes.indexOf(relative.base);
        scale = relative.factor;
      }
    }
    if (index < 0) {
      const known = [...table.measuredTypes, ...Object.keys(RELATIVE_SPEEDS)].join(', ');
      throw InputError.expected({ field: 'GPU type' }, `a type with known throughputs (${known})`, name);
    }
    measured[k] = index;
    factor[k] = scale;
  });
  return { measured, factor };
}

/** Throughput of (model, sf) on each cluster type, or undefined when the table lacks the pair. */
export function jobThroughputs(
  table: ThroughputTable,
  types: TypeResolution,
  model: string,
  scaleFactor: number,
): Float64Array | undefined {
  const values = table.models.get(model)?.get(scaleFactor);
  if (!values) return undefined;
  const out = new Float64Array(types.measured.length);
  for (let k = 0; k < out.length; k++) out[k] = (values[types.measured[k]!] ?? 0) * types.factor[k]!;
  return out;
}

/**
 * Cluster types ordered by speed, fastest first: by the sum of the table's throughputs on each type
 * (ties keep the cluster's order). For Gavel's types this is its fixed order v100, p100, k80.
 */
export function fastestFirst(table: ThroughputTable, types: TypeResolution): Int32Array {
  const speed = new Float64Array(types.measured.length);
  for (const bySf of table.models.values()) {
    for (const values of bySf.values()) {
      for (let k = 0; k < speed.length; k++)
        speed[k]! += (values[types.measured[k]!] ?? 0) * types.factor[k]!;
    }
  }
  return Int32Array.from(speed.keys()).sort((a, b) => speed[b]! - speed[a]! || a - b);
}
