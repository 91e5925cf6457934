/** Per-round metric columns (CONTRACT.md): rounds.csv after `round`, and the run file. */
export const BASE_METRICS = [
  'time',
  'duration',
  'utilization',
  'running',
  'queued',
  'completed',
  'arrivals',
  'avg_jct',
  'fragmentation',
  'fragmentation_rate',
  'pending_demand',
  'pending_demand_sf1',
  'pending_demand_sf2',
  'pending_demand_sf4',
  'pending_demand_sf8',
  'lease_extension_rate',
] as const;

/**
 * Columns only a GPU-sharing run has, after the per-type utilizations: pending GPU demand of pods
 * asking for part of a GPU (the `sf` columns count whole-GPU jobs), and GPUs held by fractions.
 */
export const SHARING_METRICS = ['pending_demand_shared', 'shared_gpus'] as const;

export function metricNames(gpuTypes: readonly string[], sharing = false): string[] {
  return [
    ...BASE_METRICS,
    ...gpuTypes.map((type) => `utilization_${type}`),
    ...(sharing ? SHARING_METRICS : []),
  ];
}

/** Column positions, so the engine writes a row without looking names up. */
export const M = Object.fromEntries(BASE_METRICS.map((name, index) => [name, index])) as Record<
  (typeof BASE_METRICS)[number],
  number
>;

/** Rows of metrics, one per round, row-major, growing by doubling. */
export class RoundTable {
  count = 0;
  values: Float64Array;
  readonly row: Float64Array;

  constructor(readonly names: readonly string[]) {
    this.values = new Float64Array(1024 * names.length);
    this.row = new Float64Array(names.length);
  }

  /** Appends the current `row`. */
  commit(): void {
    const width = this.names.length;
    if ((this.count + 1) * width > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values.set(this.row, this.count * width);
    this.count++;
  }

  column(name: string): Float64Array {
    const index = this.names.indexOf(name);
    const width = this.names.length;
    const out = new Float64Array(this.count);
    for (let r = 0; r < this.count; r++) out[r] = this.values[r * width + index]!;
    return out;
  }
}
