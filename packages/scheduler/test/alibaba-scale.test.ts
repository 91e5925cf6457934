import { describe, expect, it } from 'vitest';
import { type RunOptionsInput, runSimulation } from '../src/index.ts';
import { startWaits } from '../src/metrics/waits.ts';

/**
 * The Alibaba-scale properties on a cluster of 192 GPUs of four of Alibaba's types, loaded as
 * the gpu-scheduling project loads the full cluster (60 jobs/h over 6,212 GPUs is 1.9 jobs/h over
 * 192), for its 96 simulated hours. bench/alibaba-checks.ts runs the full-size versions.
 */
const small: RunOptionsInput = {
  cluster: 'G2=128,T4=32,G3=16,P100=16',
  gpusPerNode: 8,
  jobsPerHour: 1.9,
  roundDuration: 600,
  window: '100000:100001',
  maxSimTime: 345600,
  placement: 'fgd',
  seed: 1,
};

describe('an Alibaba-like cluster under the project’s load', () => {
  it('starts every job within a reset interval and a round while the cluster is under half busy', async () => {
    const utilization: Record<string, number> = {};
    for (const policy of ['max-min-fairness', 'single-type'] as const) {
      const result = await runSimulation({ ...small, policy });
      const waits = startWaits(result, 0.5, 12 * 3600);
      expect(waits.overLimit, policy).toBe(0);
      // A new job waits for the next reset at most (1,920 s) plus the round in flight (600 s).
      expect(waits.maxWaitUnderused, policy).toBeLessThanOrEqual(1920 + 600);
      utilization[policy] = result.summary.metrics.utilization;
    }
    expect(utilization['max-min-fairness']).toBeGreaterThanOrEqual(utilization['single-type']! * (1 - 1e-9));
  });

  it('is what running jobs only where the allocation puts them gave up', async () => {
    // The previous engine's rule: x > 0 pairs only, a reallocation on every change.
    const result = await runSimulation({
      ...small,
      policy: 'max-min-fairness',
      leftoverFill: false,
      minReallocationInterval: 0,
    });
    expect(startWaits(result).maxWaitUnderused).toBeGreaterThan(3 * 3600);
  });
});
