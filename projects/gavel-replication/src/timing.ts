/**
 * The grid's cost from a sample of its runs: each planned run of a figure is priced at the CPU
 * time of the sampled runs of the same policy and trace, interpolated linearly in the job rate
 * (held flat beyond the sampled rates). Seeds are priced alike; the real grid's spread over seeds
 * is what the whole-grid measurement adds.
 */
export interface SampledRun {
  policy: string;
  multiGpu: boolean;
  jobsPerHour: number;
  cpuSeconds: number;
  wallSeconds: number;
  endReason: string;
}

export interface GridRun {
  policy: string;
  multiGpu: boolean;
  jobsPerHour: number;
}

export function interpolate(points: readonly { x: number; y: number }[], x: number): number {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  if (!sorted.length) throw new Error('interpolate: expected at least one sampled point');
  if (x <= sorted[0]!.x) return sorted[0]!.y;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (x <= b.x) return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return sorted[sorted.length - 1]!.y;
}

/** CPU seconds of every grid run, priced from the sample; an error names a policy the sample lacks. */
export function estimateRuns(grid: readonly GridRun[], sample: readonly SampledRun[]): number[] {
  return grid.map((run) => {
    const same = sample.filter((s) => s.policy === run.policy && s.multiGpu === run.multiGpu);
    if (!same.length)
      throw new Error(
        `timing sample: expected runs of ${run.policy} on the ${run.multiGpu ? 'multi' : 'single'}-GPU trace, got none`,
      );
    return interpolate(
      same.map((s) => ({ x: s.jobsPerHour, y: s.cpuSeconds })),
      run.jobsPerHour,
    );
  });
}
