import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLUSTER_PRESETS, clusterFromPreset } from '../src/cluster/presets.ts';
import { lastAtOrBefore, readRunFile, synthesizeRun } from '../src/format/index.ts';

/** The answer by a plain scan, to hold the search to. */
function byScan(sorted: readonly number[], value: number, from: number, to: number): number {
  let at = from;
  for (let i = from; i <= to; i++) if (sorted[i]! <= value) at = i;
  return at;
}

describe('lastAtOrBefore', () => {
  it('finds the last element at or before the value in any range, as a scan does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -60, max: 60 }),
        fc.nat(),
        fc.nat(),
        (values, value, a, b) => {
          const sorted = [...values].sort((x, y) => x - y);
          const from = a % sorted.length;
          const to = from + (b % (sorted.length - from));
          expect(lastAtOrBefore(sorted, value, from, to)).toBe(byScan(sorted, value, from, to));
        },
      ),
    );
  });

  it('answers `from` when every element is after the value, and works on typed arrays', () => {
    expect(lastAtOrBefore(Float64Array.of(10, 20, 30), 5)).toBe(0);
    expect(lastAtOrBefore(Float64Array.of(10, 20, 30), 20)).toBe(1);
    expect(lastAtOrBefore(Int32Array.of(1, 2, 3, 4, 5), 9, 1, 3)).toBe(3);
  });

  it('gives the run file the owner of every GPU in every round', () => {
    const run = synthesizeRun({ preset: 'philly', rounds: 60, jobs: 90, churn: 0.2, seed: 7 });
    const file = readRunFile(run.bytes);
    const owners: Int32Array[] = [];
    synthesizeRun({
      preset: 'philly',
      rounds: 60,
      jobs: 90,
      churn: 0.2,
      seed: 7,
      onRound: (_round, owner) => owners.push(Int32Array.from(owner)),
    });
    for (let r = 0; r < file.roundCount; r += 7) {
      expect(file.ownersAt(r)).toEqual(owners[r]);
      expect(file.ownerAt(5, r)).toBe(owners[r]![5]);
    }
  });

  it('is the only hand-written binary search in the simulator and the viewer', () => {
    const roots = [
      join(import.meta.dirname, '..', 'src'),
      join(import.meta.dirname, '..', '..', 'scheduler-viz', 'src'),
    ];
    const loops = roots.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('search.ts'))
        .filter((file) => /\(lo \+ hi(?: \+ 1)?\) >>> 1/.test(readFileSync(join(dir, file), 'utf8')))
        .map((file) => join(dir, file)),
    );
    expect(loops).toEqual([]);
  });
});

describe('synthetic runs', () => {
  it('run on the cluster presets, node for node', () => {
    for (const preset of CLUSTER_PRESETS) {
      const run = synthesizeRun({ preset: preset.name as 'philly' | 'alibaba', rounds: 3, jobs: 5 });
      const cluster = clusterFromPreset(preset);
      expect(run.header.gpuTypes).toEqual(cluster.gpuTypes);
      expect(run.header.nodes).toEqual(cluster.nodes.map((node) => ({ type: node.type, gpus: node.gpus })));
    }
  });
});
